"""Conditional GET and cache headers for the API, so the app can revalidate cheaply."""

import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from cms.app_cache import remember_answer


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


def shared_answer_key(request):
    """The key under which this request's answer is kept, or None when it depends on who asks.

    Without a session (a password typed for a private page, a login) every visitor with the
    same address, query and host gets the same answer: the order of different parameters does
    not matter, the order of one parameter's values does.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return None
    return f"api:{request.scheme}://{request.get_host()}{request.path}?{canonical_query(request)}"


def canonical_query(request, leave_out=()):
    """The query string with its parameters sorted by name (each one's values in their order)."""
    kept = sorted((name, values) for name, values in request.GET.lists() if name not in leave_out)
    return urlencode(kept, doseq=True)


def answer(view, request, *args, **kwargs):
    """The view's rendered response; a successful one is kept in this process's memory for
    the current content version and served again to the next visitor asking the same."""
    key = shared_answer_key(request)
    if key is None:
        return rendered(view(request, *args, **kwargs))
    fresh = []

    def compute():
        response = rendered(view(request, *args, **kwargs))
        fresh.append(response)
        if response.status_code != 200 or response.cookies:
            return None
        headers = dict(response.headers.items())
        return (response.content, headers, getattr(response, "last_modified", None))

    def size(kept):
        return None if kept is None else len(kept[0]) + 1024

    kept = remember_answer(key, compute, size)
    if fresh:
        return fresh[0]
    content, headers, last_modified = kept
    response = HttpResponse(content, headers=headers)
    response.last_modified = last_modified
    return response


def rendered(response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response
