"""Conditional GET and cache headers for the API, so the app can revalidate cheaply."""

import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from cms.kept_answers import answer


def conditional_api_view(view):
    """Give successful GETs an ETag (and Last-Modified when known) and answer 304 when fresh.

    The ETag hashes the JSON itself, so it changes whenever anything shown changes (an edit,
    an unpublish, a new rendition) and never goes stale the way a timestamp can.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = answer(view, request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.headers.setdefault("ETag", f'"{content_hash(response.content)}"')
        last_modified = getattr(response, "last_modified", None)
        # HTTP dates have whole seconds: compare in whole seconds too.
        last_modified = int(last_modified.timestamp()) if last_modified else None
        if last_modified is not None:
            response.headers["Last-Modified"] = http_date(last_modified)
        patch_cache_control(
            response,
            public=True,
            max_age=settings.API_CACHE_MAX_AGE,
            stale_while_revalidate=settings.API_CACHE_STALE_WHILE_REVALIDATE,
        )
        patch_vary_headers(response, ["Accept", "Origin"])
        return get_conditional_response(
            request,
            etag=response.headers["ETag"],
            last_modified=last_modified,
            response=response,
        )

    return wrapped


def content_hash(content):
    return hashlib.blake2b(content, digest_size=16).hexdigest()
