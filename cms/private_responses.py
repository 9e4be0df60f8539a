"""Cache-Control for answers that depended on who asked.

A response built with the session (a logged-in editor, a visitor who typed a page password) is
marked `private`, so no shared cache keeps it for the next visitor; restricted content (a
password-protected or login-only page, the API asked with a session) is also `no-store`, so it
stays on no disk either.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

SHARED_ONLY = ("public", "s-maxage", "stale-while-revalidate", "stale-if-error")


def mark_restricted(request):
    """What this request is answering with is restricted: never store the answer."""
    request.serves_restricted_content = True


class PrivateResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        restricted = getattr(request, "serves_restricted_content", False) or (
            request.path.startswith("/api/") and settings.SESSION_COOKIE_NAME in request.COOKIES
        )
        if restricted or used_a_session(request):
            make_private(response, no_store=restricted)
        return response


def used_a_session(request):
    """The answer read a session the visitor sent, or started one."""
    session = getattr(request, "session", None)
    if session is None:
        return False
    sent = settings.SESSION_COOKIE_NAME in request.COOKIES
    return (sent and session.accessed) or session.modified


def make_private(response, no_store=False):
    directives = [
        part.strip()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip() and part.strip().split("=")[0].lower() not in SHARED_ONLY
    ]
    response["Cache-Control"] = ", ".join(directives)
    if not response["Cache-Control"]:
        del response["Cache-Control"]
    patch_cache_control(response, private=True)
    if no_store:
        patch_cache_control(response, no_store=True)
