"""One client per network. Each turns the network's answers into the outcomes below."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module


@dataclass
class OutgoingPost:
    text: str
    link: str
    title: str
    description: str
    image: bytes | None = None
    image_mime_type: str = "image/jpeg"
    image_alt: str = ""
    image_url: str = ""
    created_at: datetime | None = None  # when the record was queued: stable across retries
    key_uuid: uuid.UUID | None = None


@dataclass
class PublishedPost:
    remote_id: str
    url: str = ""


class DeliveryError(Exception):
    """Base of every outcome other than success; the message is safe to show editors."""


class TransientError(DeliveryError):
    """Worth trying again later (5xx, connection refused before sending)."""


class RateLimited(TransientError):
    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


class OutcomeUnknown(DeliveryError):
    """The request may have reached the network, but no answer came back."""


class PermanentError(DeliveryError):
    """Retrying cannot help (validation, forbidden content): an editor must act."""


class AuthorisationError(PermanentError):
    """The token is expired or revoked: the account must be re-authorised."""


class AlreadyPublished(DeliveryError):
    """The network says this exact post exists already (after an unknown outcome)."""


CLIENT_MODULES = {
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "x": "x",
    "facebook": "facebook",
    "linkedin": "linkedin",
    "webhook": "webhook",
}


def client_for(account, timeout):
    module = import_module(f"{__name__}.{CLIENT_MODULES[account.network]}")
    return module.Client(account, timeout=timeout)


def retry_after_seconds(headers, now_epoch):
    """Seconds to wait from Retry-After or an epoch reset header, whichever the network sent."""
    retry_after = headers.get("retry-after")
    if retry_after and retry_after.strip().isdigit():
        return float(retry_after)
    for name in ("x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset"):
        value = headers.get(name)
        if value:
            try:
                number = float(value)
            except ValueError:
                continue
            # Epoch seconds (X, Bluesky) or seconds from now (IETF draft header).
            return max(0.0, number - now_epoch) if number > 10**9 else number
    return None
