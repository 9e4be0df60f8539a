"""Whole answers kept in this process's memory for the current content version: the API, the
feeds and the sitemap, whose questions are whatever visitors and apps ask (see cms/app_cache.py,
remember_answer). An answer that depends on who asks (a session, an Authorization header) is
never kept."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse

from cms.app_cache import remember_answer


def shared_answer_key(request):
    """The key under which this request's answer is kept, or None when it depends on who asks.

    Without a session (a password typed for a private page, a login) every visitor with the
    same address, query and host gets the same answer: the order of different parameters does
    not matter, the order of one parameter's values does.
    """
    if request.method not in ("GET", "HEAD") or depends_on_who_asks(request):
        return None
    return (
        f"answer:{request.scheme}://{request.get_host()}{request.path}?{canonical_query(request)}"
    )


def depends_on_who_asks(request):
    """Whether the answer may differ for this visitor: a session (a sign-in, a page password)
    or credentials come with the request."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


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


def kept(view):
    """`view`, its successful answers kept for the current content version (see answer)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return answer(view, request, *args, **kwargs)

    return wrapped
