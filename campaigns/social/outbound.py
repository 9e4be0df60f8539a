"""Where the workers may send requests: public internet addresses only.

A webhook or a network's server address is resolved and refused when any of its addresses is
loopback, private, link-local (cloud metadata services live there), shared, reserved or
multicast, unless settings.OUTBOUND_ALLOWED_NETWORKS lists it. It is checked when an account is
saved and again before every delivery, since DNS can change in between.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from .models import Network


class ForbiddenAddress(Exception):
    """The address may not be reached from the workers; the message is safe to show editors."""


def allowed_networks():
    return [
        ipaddress.ip_network(value, strict=False) for value in settings.OUTBOUND_ALLOWED_NETWORKS
    ]


def _is_public(address):
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_url(url, what="The address"):
    """Raise ForbiddenAddress unless every address the URL's host resolves to may be reached."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ForbiddenAddress(f"{what} must be a full https:// address.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ForbiddenAddress(f"{what} has an invalid port.") from None
    try:
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        # Nothing to refuse yet: the request cannot be sent either, and posting checks again.
        return
    exceptions = allowed_networks()
    for *_, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if _is_public(address) or any(address in network for network in exceptions):
            continue
        raise ForbiddenAddress(
            f"{what} points at a private or internal network address ({address}); "
            "only public internet addresses can be reached."
        )


ADDRESS_FIELDS = {"api_base_url": "The server address", "webhook_url": "The webhook address"}


def account_urls(account):
    """(label, url) for each address an account's client will send requests to."""
    urls = []
    if account.api_base_url:
        urls.append((ADDRESS_FIELDS["api_base_url"], account.api_base_url))
    if account.network == Network.WEBHOOK and account.webhook_url:
        urls.append((ADDRESS_FIELDS["webhook_url"], account.webhook_url))
    return urls


def check_account(account):
    for what, url in account_urls(account):
        check_url(url, what)
