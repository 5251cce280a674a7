from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .forms import ReportForm


def _session_key(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


@require_POST
def report_create(request):
    form = ReportForm(request.POST)
    report = None
    if form.is_valid():
        try:
            report = services.report_create(
                user=request.user, session_key=_session_key(request), question_id=form.cleaned_data["question"],
                snippet_slug=form.cleaned_data["snippet"], reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
    status = 200 if report else 400
    if request.htmx:
        return render(request, "reports/mine.html#report-result", {"report": report, "form": form}, status=status)
    if report:
        return redirect("reports:mine")
    return render(request, "reports/mine.html", {"form": form, "reports": []}, status=status)


@require_GET
def reports_mine(request):
    reports = selectors.reports_of(user=request.user, session_key=request.session.session_key or "")
    return render(request, "reports/mine.html", {"reports": reports})
