"""The site's addresses. The apps above cms are named by dotted path, as INSTALLED_APPS names
them, so the foundation imports nothing from the layers it serves."""

import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from cms import whole_pages
from cms.admin_visibility import ExplorablePageTypesUsageReportView
from cms.views import healthz, healthz_live, media

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("healthz/live/", healthz_live, name="healthz_live"),
    # Ahead of Wagtail's own: the same report, showing only the pages the user may explore.
    path(
        "admin/reports/page-types-usage/",
        require_admin_access(ExplorablePageTypesUsageReportView.as_view()),
    ),
    path(
        "admin/reports/page-types-usage/results/",
        require_admin_access(ExplorablePageTypesUsageReportView.as_view(results_only=True)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Phone-sized renditions the API lists (see cms.api_representations.phone_sources).
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(action="redirect"),
        name="wagtailimages_serve",
    ),
    path("api/v2/", include("api.urls")),
    path("search/", include("search.urls")),
    # The embargoed preview links and the feeds.
    path("", include("newsroom.urls")),
    path("", include("frontend.urls")),
]

if settings.SERVE_MEDIA:
    # Local files (the default storage): served here, cached by Varnish (docs/operations.md).
    urlpatterns.append(
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media)
    )

# Wagtail's own, with its page view answering from stored whole pages (cms/whole_pages.py).
urlpatterns += [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, whole_pages.serve, name="wagtail_serve"),
]
