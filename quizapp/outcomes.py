"""Every outcome in words, in one place: the verdicts a run can end with (the choices of
`Submission.verdict`), what each means to a learner, which are never cached, the outcomes a learner
can predict, what a snippet is expected to do, and a finished run described in plain words.

The sandbox says what happened as facts (`sandbox.RunResult`: verdict, failure, the limit that ended
the run and its value, the language's word for a crash); this module turns them into words. Pages,
the grader and the results cache take their words and rules from here, never from the sandbox's
message text.
"""

from dataclasses import dataclass

from django.db import models

from sandbox.models import Failure, KiB, MiB
from sandbox.models import Verdict as SandboxVerdict

VERDICT_WORDS = {
    SandboxVerdict.OK: "Ran",
    SandboxVerdict.ACCEPTED: "Passed",
    SandboxVerdict.WRONG_ANSWER: "Wrong output",
    SandboxVerdict.COMPILE_ERROR: "Did not compile",
    SandboxVerdict.RUNTIME_ERROR: "Crashed",
    SandboxVerdict.TIME_LIMIT: "Too slow",
    SandboxVerdict.MEMORY_LIMIT: "Too much memory",
    SandboxVerdict.OUTPUT_LIMIT: "Too much output",
    SandboxVerdict.INTERNAL_ERROR: "Our sandbox failed, not your program",
}

# The sandbox's verdicts with their words: a verdict the sandbox gains without words here fails at import.
Verdict = models.TextChoices("Verdict", [(found.name, (found.value, VERDICT_WORDS[found])) for found in SandboxVerdict])

# Limits depend on the machine's load, and INTERNAL_ERROR (a broken sandbox, a process killed from
# outside) on the machine: neither says anything about the code, so neither is shared or cached.
NEVER_CACHED = frozenset({Verdict.TIME_LIMIT, Verdict.MEMORY_LIMIT, Verdict.INTERNAL_ERROR})
# A run stopped at its process limit fails with a runtime error, but a fork bomb meets that limit or
# its time first depending on the load: as machine-dependent as the limits above.
NEVER_CACHED_LIMITS = frozenset({"processes"})

# What a learner may predict a program does; the keys are the checker kinds that judge the outcome.
PRINTS, DOES_NOT_COMPILE, CRASHES = "prints", "compile_error", "panic"
PREDICTIONS = {PRINTS: "It prints…", DOES_NOT_COMPILE: "It does not compile", CRASHES: "It panics / raises"}
PRINTS_LEAD, PRINTS_NOTHING = "It prints:", "It prints nothing"

# A language's own word for a crash (sandbox Language.crash_word): (it does, it did).
CRASH_WORDS = {"panic": ("It panics", "It panicked"), "exception": ("It raises an exception", "It raised an exception")}
CRASH_WORDS_UNKNOWN = ("It crashes", "It crashed")


def verdict_words(verdict: str) -> str:
    """A verdict for a learner ("Passed", "Too slow"); a run still going has none yet."""
    return VERDICT_WORDS.get(verdict, "") if verdict else ""


def cacheable(verdict: str, limit: str = "") -> bool:
    return verdict not in NEVER_CACHED and limit not in NEVER_CACHED_LIMITS


def crash_words(crash_word: str) -> tuple[str, str]:
    return CRASH_WORDS.get(crash_word, CRASH_WORDS_UNKNOWN)


def expected_outcome(*, checker: str, checker_arg: str, expected_output: str, crash_word: str = "") -> str:
    """What a snippet's content says its program does, in words."""
    if checker == DOES_NOT_COMPILE:
        return PREDICTIONS[DOES_NOT_COMPILE] + (f": {checker_arg}" if checker_arg else "")
    if checker == CRASHES:
        words = crash_words(crash_word)[0] if crash_word else PREDICTIONS[CRASHES]
        return words + (f": {checker_arg}" if checker_arg else "")
    return prints_words(expected_output)


def prints_words(output: str) -> str:
    """What a program prints (or a learner says it prints), in words: an empty box would read as missing."""
    return f"{PRINTS_LEAD}\n{output}" if output else PRINTS_NOTHING


def _amount(limit: str, value: float) -> str:
    if limit.endswith("_s"):
        return f"{value:g} s"
    if limit.endswith("_bytes"):
        return f"{value / MiB:g} MiB" if value >= MiB else f"{value / KiB:g} KiB"
    return f"{value:g}"


LIMIT_WORDS = {  # the Limits field that ended a run -> what it did, with the limit's amount
    "cpu_time_s": "Stopped after {} of CPU time",
    "wall_time_s": "Stopped after {}: it was still running (waiting forever?)",
    "memory_bytes": "Stopped: it used more than {} of memory",
    "output_bytes": "Stopped: it printed more than {}",
    "file_size_bytes": "Stopped: it wrote a file larger than {}",
    "processes": "Stopped: it started more than {} processes or threads",
}
VERDICT_LIMIT_WORDS = {  # a stored run from before the sandbox named its limit
    Verdict.TIME_LIMIT: "Stopped: it ran too long",
    Verdict.MEMORY_LIMIT: "Stopped: it used too much memory",
    Verdict.OUTPUT_LIMIT: "Stopped: it printed too much",
}


def limit_words(*, verdict: str, limit: str, limit_value: float | None) -> str:
    build = limit.startswith("build_")
    words = LIMIT_WORDS.get(limit.removeprefix("build_"))
    if words is None or not limit_value:
        return VERDICT_LIMIT_WORDS.get(verdict, "Stopped by a limit of the sandbox")
    text = words.format(_amount(limit, limit_value))
    return "Building it was s" + text[1:] if build else text


@dataclass(frozen=True)
class RunSummary:
    """A finished run in plain words: what the program did, and for a checked run, the judgement."""

    headline: str
    detail: str
    tone: str  # "ran" | "failed" | "stopped" | "ours": what happened, never a verdict on the learner
    judgement: str = ""
    judgement_tone: str = ""  # "right" | "wrong" | "note"


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def describe_run(run) -> RunSummary:
    """What a finished run did, from its facts (a Submission, or anything with the same fields)."""
    verdict, failure = run.verdict, run.failure
    if verdict == Verdict.INTERNAL_ERROR:
        return RunSummary("The sandbox failed, not your program; run it again", run.message, "ours")
    if verdict in VERDICT_LIMIT_WORDS or failure == Failure.LIMIT:
        return RunSummary(limit_words(verdict=verdict, limit=run.limit, limit_value=run.limit_value), "", "stopped")
    if verdict == Verdict.COMPILE_ERROR or failure == Failure.COMPILE:
        return RunSummary("It did not compile", _first_line(run.compile_output), "failed")
    if verdict == Verdict.RUNTIME_ERROR or failure in (Failure.CRASH, Failure.EXIT_STATUS, Failure.SIGNAL):
        return _failed(run)
    if run.stdout.strip():
        return RunSummary("It printed…", "", "ran")
    return RunSummary("It ran and printed nothing", "", "ran")


def _failed(run) -> RunSummary:
    if run.failure == Failure.EXIT_STATUS:
        return RunSummary(f"It exited with status {run.exit_code}", "", "failed")
    if run.failure == Failure.SIGNAL:
        return RunSummary("It was killed by a signal", _first_line(run.stderr[-2000:]), "failed")
    reason = _first_line(run.error_message) or _first_line(run.stderr[-2000:])
    words = crash_words(run.crash_word)[1]
    return RunSummary(words, reason.removeprefix(f"{run.crash_word}: "), "failed")  # the full trace is in stderr, once


JUDGEMENTS = {  # (is it an exercise, did it pass) -> (words, tone)
    (True, True): ("Your program passes: it does what the exercise expects", "right"),
    (True, False): ("Not yet: it does not do what the exercise expects", "wrong"),
    (False, True): ("This is what the snippet is expected to do", "note"),
    (False, False): ("This is not what the snippet's answer says it does (did you change the program?)", "note"),
}


def judged(summary: RunSummary, *, exercise: bool, passed: bool) -> RunSummary:
    words, tone = JUDGEMENTS[(exercise, passed)]
    return RunSummary(summary.headline, summary.detail, summary.tone, words, tone)


@dataclass(frozen=True)
class PredictionWords:
    """The verdict on a learner's prediction: a headline, and a sentence more where it helps."""

    headline: str
    detail: str = ""


PREDICTION_RIGHT = "Right."
PREDICTION_WHITESPACE = "Not quite: the same words, but the spaces or line ends differ."


def _what_it_does(expected: str) -> str:
    """"it prints 0 1 2" for one printed line, else the outcome's own words, lower-cased."""
    head, _, rest = expected.partition("\n")
    if head == "It prints:":
        lines = rest.rstrip("\n").split("\n")
        return f"it prints {lines[0]}" if len(lines) == 1 and lines[0].strip() else "it prints something else"
    return head[:1].lower() + head[1:]


def prediction_words(*, correct: bool, expected: str, right_on: str = "", answered_for: str = "",
                     whitespace_only: bool = False) -> PredictionWords:
    if correct:
        return PredictionWords(PREDICTION_RIGHT)
    if right_on:
        return PredictionWords(
            f"Right for {right_on}: not quite for {answered_for}.",
            f"On {answered_for} {_what_it_does(expected)}. The outcome changed between versions; "
            "Why below says what changed, and you can run it on both.")
    if whitespace_only:
        return PredictionWords(PREDICTION_WHITESPACE)
    return PredictionWords(f"Not quite: {_what_it_does(expected)}.")
