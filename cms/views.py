from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cms.health import is_alive, service_health


@never_cache
@require_safe
def healthz(request):
    """200 when every service answers; 503 naming the ones that don't."""
    services = service_health()
    healthy = all(state == "ok" for state in services.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "services": services},
        status=200 if healthy else 503,
    )


@never_cache
@require_safe
def healthz_live(request):
    """200 while this process can serve pages (Varnish's probe): the database answers."""
    alive = is_alive()
    return JsonResponse({"status": "ok" if alive else "down"}, status=200 if alive else 503)
