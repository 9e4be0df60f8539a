import posixpath

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from cms.health import is_alive, service_health

# Where Wagtail stores document files (its upload_to): never served straight from disk.
DOCUMENTS_DIR = "documents"


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


@require_safe
def media(request, path):
    """Uploaded photos and their renditions, from MEDIA_ROOT, with long cache headers: Varnish
    keeps them (deleting an image purges the site), browsers for MEDIA_MAX_AGE. Documents are
    not served here: /documents/ checks their collection's privacy first."""
    path = posixpath.normpath(path).lstrip("/")
    if path.split("/")[0] == DOCUMENTS_DIR:
        raise Http404("Documents are served under /documents/")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = (
        f"public, max-age={settings.MEDIA_MAX_AGE}, s-maxage={settings.MEDIA_SHARED_MAX_AGE}"
    )
    return response
