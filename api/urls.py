"""The API's addresses, mounted at /api/v2/ by the site's URLconf."""

from django.urls import include, path

from api.caching import conditional_api_view
from api.views import api_urlpatterns, openapi_json, openapi_yaml
from search.api import search_api

urlpatterns = [
    # Same ETag, 304 and cache headers as the rest of the API, so the app revalidates cheaply.
    path("search/", conditional_api_view(search_api), name="search_api"),
    path("openapi.json", openapi_json, name="api_openapi_json"),
    path("openapi.yaml", openapi_yaml, name="api_openapi_yaml"),
    path("", include((api_urlpatterns(), "wagtailapi"), namespace="wagtailapi")),
]
