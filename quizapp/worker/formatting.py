"""The editor's Format button, worker half: format the code in the sandbox (the formatter parses
untrusted code) and put the answer where the page asks for it (quizapp.runs.formatting)."""

import json
import logging

import sandbox
from quizapp.runs import store
from quizapp.runs.formatting import KEEP_S, format_key

log = logging.getLogger(__name__)


def format_answer(*, language: str, code: str) -> dict:
    """{"code": formatted} or {"error": a sentence for the learner}; their code is never lost."""
    try:
        formatted = sandbox.format_source(sandbox.RunRequest(language=language, source=code))
        return {"error": formatted.error} if formatted.error else {"code": formatted.source}
    except sandbox.SourceRejected as refused:
        return {"error": f"{refused}; your code is unchanged."}
    except Exception as exc:  # noqa: BLE001 - ours, not the learner's: say so, keep their code
        log.exception("formatting failed")
        return {"error": f"Formatting failed on our side ({type(exc).__name__}); your code is unchanged."}


def answer_put(*, request_id: str, answer: dict) -> None:
    key = format_key(request_id)
    if not store.client().exists(key):
        return  # given up by the page long ago: nobody asks for it any more
    store.client().pipeline().hset(key, "answer", json.dumps(answer)).expire(key, KEEP_S).execute()
