"""The site's own 404, 500 and 503 pages, in its layout, for people and for htmx requests.

A 500 caused by the database or Redis not answering is a 503 that says what is paused and that
nothing the learner typed is lost: that is the truth, and the browser (or htmx) may retry.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from kombu.exceptions import OperationalError as BrokerError
from redis import RedisError

RETRY_AFTER_S = 30

PAGES = {
    404: (
        "Page not found",
        ["There is no page at this address. The question or run may have moved; start from the parts."],
    ),
    500: (
        "Something went wrong on our side",
        [
            "The error is logged and we will look at it. "
            "What you typed is still in your browser: go back and try again.",
        ],
    ),
    503: (
        "Paused for a moment",
        [
            "Part of the service is not answering, so the site cannot save or run anything right now.",
            "Nothing you typed is lost: it is still in your browser; send it again when the service is back.",
        ],
    ),
}


def error_response(request, status: int, *, detail: str = "") -> HttpResponse:
    title, explanation = PAGES[status]
    context = {"status": status, "title": title, "explanation": [detail, *explanation] if detail else explanation}
    if status == 503:
        context["retry_after"] = RETRY_AFTER_S
    htmx = request.headers.get("HX-Request") == "true"
    template = loader.get_template("errors.html#error-message" if htmx else "errors.html")
    # A 404 comes from a working site: with the request, the navigation is the learner's own. A 500 or 503
    # may come from a database that is down, so it is rendered without it (the visitor's navigation).
    response = HttpResponse(template.render(context, request if status == 404 else None), status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_S)
    return response


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return error_response(
            request, 503, detail="The database is not answering; pages, runs and progress are paused."
        )
    if isinstance(error, (RedisError, BrokerError)):
        return error_response(request, 503, detail="The run queue is not answering; runs are paused.")
    return error_response(request, 500)
