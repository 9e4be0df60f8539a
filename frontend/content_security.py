"""Content-Security-Policy for every response.

Visitor pages load only same-origin CSS and JS; the one inline script allowed is one rendered
through {% inline_script %} or {% json_ld %} (frontend/templatetags/inline_script.py), which
records its SHA-256 hash here. Hashes, unlike nonces, stay valid in pages served from Varnish.
"""

import base64
import hashlib
from urllib.parse import urlsplit

from django.conf import settings


def script_hash(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def allow_inline_script(request, text):
    """Let this exact script text run on the page being rendered for `request`."""
    if request is not None and hasattr(request, "csp_script_hashes"):
        request.csp_script_hashes.append(script_hash(text))


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def visitor_policy(script_hashes):
    media_origin = _origin(settings.MEDIA_URL)
    static_origin = _origin(settings.STATIC_URL)
    sources = {
        "default-src": ["'self'"],
        "script-src": ["'self'", static_origin, *sorted(set(script_hashes))],
        "style-src": ["'self'", static_origin],
        "img-src": ["'self'", "data:", media_origin, *settings.CSP_EXTRA_IMG_SRC],
        "font-src": ["'self'", static_origin],
        "media-src": ["'self'", media_origin],
        "frame-src": settings.CSP_FRAME_SRC or ["'none'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return sources


def editor_policy():
    # Wagtail's admin and the editors' userbar still need inline scripts and styles.
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "frame-src": ["'self'", *settings.CSP_FRAME_SRC],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
    }


def serialise(sources):
    directives = []
    for name, values in sources.items():
        values = [value for value in values if value]
        directives.append(" ".join([name, *values]))
    if settings.CSP_UPGRADE_INSECURE_REQUESTS:
        directives.append("upgrade-insecure-requests")
    if settings.CSP_REPORT_URI:
        directives.append(f"report-uri {settings.CSP_REPORT_URI}")
    return "; ".join(directives)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_script_hashes = []
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        # Editors carry a session cookie; visitors (and Varnish's cached pages) never do.
        is_editor = request.path.startswith("/admin/") or (
            settings.SESSION_COOKIE_NAME in request.COOKIES
        )
        policy = editor_policy() if is_editor else visitor_policy(request.csp_script_hashes)
        response["Content-Security-Policy"] = serialise(policy)
        return response
