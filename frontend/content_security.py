"""Content-Security-Policy for every response.

Visitor pages load only same-origin CSS and JS; the one inline script allowed is one rendered
through {% inline_script %} or {% json_ld %} (frontend/templatetags/inline_script.py), which
records its SHA-256 hash here. Hashes, unlike nonces, stay valid in pages served from Varnish.

The policy depends on where the request goes, never on a cookie a visitor can set: public pages
get the visitor policy whoever asks, logged in or not; only the admin, which Wagtail builds with
inline scripts, gets the editor policy.
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


def rendering_scripts(request, render):
    """(render(), the hashes of the inline scripts it allowed), to keep beside what it rendered."""
    before = len(getattr(request, "csp_script_hashes", []))
    html = render()
    return html, list(getattr(request, "csp_script_hashes", [])[before:])


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
    # As strict as Wagtail 8's admin allows: its date and inline-panel widgets print inline
    # <script> elements and its bundled template engine compiles functions at run time, so
    # scripts need 'unsafe-inline' and 'unsafe-eval'; everything else stays on this origin.
    media_origin = _origin(settings.MEDIA_URL)
    static_origin = _origin(settings.STATIC_URL)
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'", static_origin, "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", static_origin, "'unsafe-inline'"],
        # Embed previews show the provider's thumbnail, from wherever it is hosted.
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "font-src": ["'self'", static_origin],
        "media-src": ["'self'", media_origin],
        "frame-src": ["'self'", *settings.CSP_FRAME_SRC],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }


def permissions_policy():
    """No page uses the camera, microphone, location or payments; passkeys work on this origin
    and embedded players may go full screen."""
    players = " ".join(f'"{_origin(url)}"' for url in settings.CSP_FRAME_SRC if _origin(url))
    return ", ".join(
        [
            "camera=()",
            "microphone=()",
            "geolocation=()",
            "payment=()",
            "usb=()",
            "serial=()",
            "bluetooth=()",
            "browsing-topics=()",
            "publickey-credentials-get=(self)",
            "publickey-credentials-create=(self)",
            f"fullscreen=(self {players})".replace(" )", ")"),
        ]
    )


def is_admin_request(request):
    # Decided by the address, never by a cookie a visitor can set: public pages get the
    # visitor policy whoever asks (the editors' userbar loads its scripts from this origin).
    return request.path.startswith("/admin/")


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
        response.headers.setdefault("Permissions-Policy", permissions_policy())
        if "Content-Security-Policy" in response:
            return response
        if is_admin_request(request):
            policy = editor_policy()
        else:
            policy = visitor_policy(request.csp_script_hashes)
        response["Content-Security-Policy"] = serialise(policy)
        return response
