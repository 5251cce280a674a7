import hmac

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from . import selectors
from .metrics import metrics_text


@require_GET
@never_cache
def healthz_live(request):
    """Liveness: the process answers. It touches neither the database nor Redis."""
    return JsonResponse({"status": "alive"})


@require_GET
@never_cache
def healthz(request):
    """Readiness: 200 only when runs can be served, 503 with the failing checks otherwise."""
    checks = selectors.health_checks()
    healthy = all(check.ok for check in checks)
    body = {"status": "ok" if healthy else "unhealthy"} | {
        check.name: {"ok": check.ok, "detail": check.detail} for check in checks
    }
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
@never_cache
def metrics(request):
    token = settings.METRICS_TOKEN
    if not token and settings.METRICS_REQUIRE_TOKEN:
        return HttpResponse("metrics are off: set METRICS_TOKEN to enable them", status=403, content_type="text/plain")
    if token and not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return HttpResponse("metrics need the bearer token", status=401, content_type="text/plain")
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
