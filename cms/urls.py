import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_urlpatterns, openapi_json, openapi_yaml
from cms.api_caching import conditional_api_view
from cms.views import healthz, healthz_live, media
from newsroom.views import embargoed_preview
from search.api import search_api

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("healthz/live/", healthz_live, name="healthz_live"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("embargoed/<str:token>/", embargoed_preview, name="embargoed_preview"),
    # Same ETag, 304 and cache headers as the rest of the API, so the app revalidates cheaply.
    path("api/v2/search/", conditional_api_view(search_api), name="search_api"),
    path("api/v2/openapi.json", openapi_json, name="api_openapi_json"),
    path("api/v2/openapi.yaml", openapi_yaml, name="api_openapi_yaml"),
    path("api/v2/", include((api_urlpatterns(), "wagtailapi"), namespace="wagtailapi")),
    path("search/", include("search.urls")),
    path("feeds/", include("newsroom.urls")),
    path("", include("frontend.urls")),
]

if settings.SERVE_MEDIA:
    # Local files (the default storage): served here, cached by Varnish (docs/operations.md).
    urlpatterns.append(
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media)
    )

urlpatterns += [path("", include(wagtail_urls))]
