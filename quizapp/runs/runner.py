"""The context of the code runner partial (templates/runs/runner.html), for every page that shows one."""

import uuid


def runner_context(*, snippet, code: str, language: str, **extra) -> dict:
    return {"snippet": snippet, "code": code, "language": language, "token": uuid.uuid4(), **extra}
