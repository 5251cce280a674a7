"""The context of the code runner partial (templates/runs/runner.html), for every page that shows one."""

import uuid

import sandbox.languages

DEFAULT_LANGUAGE = "go"


def runner_context(*, snippet, code: str, language: str, **extra) -> dict:
    """`language` may come straight from a refused form: one the sandbox does not know shows the
    default language in the editor (the form's error says what was wrong), so no template tag ever
    looks up an unknown language."""
    known = sandbox.languages.canonical_name(language or "") or DEFAULT_LANGUAGE
    return {"snippet": snippet, "code": code, "language": known, "token": uuid.uuid4(), **extra}
