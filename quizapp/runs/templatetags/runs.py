import uuid

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from quizapp import outcomes
from sandbox import languages

from .. import selectors
from ..submissions import toolchains_for

register = template.Library()


@register.inclusion_tag("runs/runner.html", takes_context=True)
def question_runner(context, snippet, draft=None, shown=True):
    """The editor on a question's page: the learner's draft if they have one, Reset back to the program.
    shown=False: the page folds the editor away until the learner has tried (no draft yet), so its
    script is loaded only when the editor opens (prediction.js), not with the page."""
    return {
        "snippet": snippet, "code": snippet.starter_code if draft is None else draft,
        "editor_on_open": not shown and draft is None,
        "original_code": snippet.starter_code,
        "language": snippet.language, "fixed_language": True, "has_draft": draft is not None,
        "token": uuid.uuid4(), "csrf_token": context.get("csrf_token"), "user": context["request"].user,
    }


@register.simple_tag
def editor_languages() -> list[dict]:
    """The sandbox's languages, each with what the editor needs (mode, indent, starter program)."""
    return [
        {"name": found.name, "title": found.title, "editor_mode": found.editor_mode, "indent": found.indent,
         "hello_world": found.hello_world, "compare_label": compare_label(found.name),
         "formats": found.formats}
        for found in languages.all_languages()
    ]


@register.simple_tag
def compare_label(language: str) -> str:
    """'Run on Go 1.21 and Go 1.27' for a language with several toolchains, else ''."""
    titles = [title for _, title in toolchains_for(language)]
    return f"Run on {' and '.join(titles)}" if len(titles) > 1 else ""


@register.inclusion_tag("runs/runner.html", takes_context=True)
def snippet_runner(context, snippet):
    """The editor with a snippet's program, for pages that grade a prediction elsewhere (practice, review)."""
    return {
        "snippet": snippet,
        "code": snippet.starter_code,
        "language": snippet.language,
        "token": uuid.uuid4(),
        "csrf_token": context.get("csrf_token"),
        "fixed_language": True,
        "check_after_grade": True,
        "user": context["request"].user,
    }


@register.filter
def diff_lines(diff: str) -> list[tuple[str, str]]:
    kinds = {"+": "add", "-": "del", "@": "hunk"}
    return [
        ("head" if line.startswith(("+++", "---")) else kinds.get(line[:1], "same"), line)
        for line in diff.splitlines()
    ]


@register.filter
def prediction_diff_lines(diff: str) -> list[tuple[str, str]]:
    """Real output ("-" lines) reads as the right answer, the learner's own lines ("+") as the miss."""
    kinds = {"add": "yours", "del": "real"}
    return [(kinds.get(kind, kind), line) for kind, line in diff_lines(diff)]


@register.filter
def run_summary(submission):
    return selectors.run_summary(submission=submission)


@register.filter
def plain_verdict(verdict: str) -> str:
    return outcomes.verdict_words(verdict)


@register.filter
def milliseconds(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1000:.0f} ms"


@register.filter
def visible_nul(text: str) -> str:
    """Program output with each NUL byte shown as a visible mark (the browser would drop it)."""
    escaped = conditional_escape(text)
    if "\x00" not in escaped:
        return escaped
    return mark_safe(escaped.replace("\x00", '<span class="nul" title="NUL byte (\\0)">\u2400</span>'))


# (age below which, delay): a verdict usually comes within tens of milliseconds, so the page asks
# soon, then less often as a run takes longer (a Go build, a queue), sparing the web workers.
POLL_DELAYS_MS = ((0.5, 20), (5.0, 150))
POLL_DELAY_SLOW_MS = 500


POLL_DELAY_QUEUED_MS = 1000  # behind other runs: the answer is seconds away, and the class's pages all ask
POLL_DELAY_LATE_MS = 3000


@register.filter
def poll_delay_ms(submission, waiting=None) -> int:
    """How long the run's page waits before asking for its status again."""
    if waiting is not None and waiting.late:
        return POLL_DELAY_LATE_MS
    if waiting is not None and waiting.ahead:
        return POLL_DELAY_QUEUED_MS
    age = (timezone.now() - submission.created_at).total_seconds()
    return next((delay for limit, delay in POLL_DELAYS_MS if age < limit), POLL_DELAY_SLOW_MS)


@register.filter
def run_waiting(submission):
    """Place in the queue, expected wait and lateness of a run that is not finished (None once it is)."""
    from ..waiting import run_waiting as waiting

    return None if submission.is_final else waiting(submission=submission)
