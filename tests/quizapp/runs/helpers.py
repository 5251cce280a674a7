from quizapp.runs import submissions


def queued_run(session_key, code="print(1)\n", language="python", **extra):
    """A queued anonymous run through the real service (its message goes to the test broker)."""
    return submissions.submission_create(
        user=None, session_key=session_key, snippet=None, code=code, language=language, **extra
    )
