"""Passkeys (WebAuthn) as a second factor, beside TOTP apps (django-otp-webauthn).

The relying party is the site's one address, BASE_URL: its host name is the RP id, its origin
the only origin a browser's answer may come from. Browsers allow WebAuthn only on https
addresses with a host name (not an IP address), or on http://localhost; elsewhere the admin
does not offer passkeys and says why.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from cms.site_address import base_url


def _address():
    return urlsplit(base_url())


def relying_party_id(request=None):
    return _address().hostname or ""


def relying_party_name(request=None):
    return settings.WAGTAIL_SITE_NAME


def origin():
    parts = _address()
    return f"{parts.scheme}://{parts.netloc}"


def unavailable_reason():
    """Why browsers will refuse passkeys on the site's address, or None when they allow them."""
    parts = _address()
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
        is_ip = True
    except ValueError:
        is_ip = False
    if is_ip:
        return (
            f"Passkeys need the site to have a host name: its address is {base_url()}, and "
            "browsers refuse passkeys for an IP address."
        )
    if parts.scheme == "https" or (parts.scheme == "http" and host == "localhost"):
        return None
    return (
        f"Passkeys need the site on https: its address is {base_url()}, and browsers allow "
        "passkeys only on https (or on http://localhost)."
    )


def offered_on(request):
    """Why this page cannot offer passkeys, or None: the address must allow WebAuthn, and the
    browser must be on the site's address (the RP id is bound to it)."""
    reason = unavailable_reason()
    if reason is None and request.get_host().rsplit(":", 1)[0] != relying_party_id():
        expected = base_url()
        reason = f"Passkeys work only at the site's own address: open {expected}/admin/."
    return reason


class SiteWebAuthnHelper(WebAuthnHelper):
    """The library's ceremonies, with the origin taken from BASE_URL."""

    def get_allowed_origins(self):
        return [origin()]


def passkeys_of(user):
    return WebAuthnCredential.objects.filter(user=user).order_by("created_at", "pk")


def remove(user, passkey_id):
    """Remove one of `user`'s passkeys; True if it existed. Sessions verified with it are no
    longer verified (django-otp finds no device behind them)."""
    deleted, _ = passkeys_of(user).filter(pk=passkey_id).delete()
    return bool(deleted)
