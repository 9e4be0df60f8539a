"""Mastodon through Mastodon.py: instance limits read from the server, Idempotency-Key posts."""

import io
import time

import requests
from django.core.cache import cache
from mastodon import Mastodon
from mastodon import errors as mastodon_errors

from ..rendering import mastodon_rules
from . import (
    AuthorisationError,
    OutcomeUnknown,
    PermanentError,
    PublishedPost,
    RateLimited,
    TransientError,
)


class Client:
    network = "mastodon"

    def __init__(self, account, timeout):
        self.account = account
        self.api = Mastodon(
            access_token=account.credentials.get("secret"),
            api_base_url=account.api_base_url,
            request_timeout=timeout,
            ratelimit_method="throw",
            version_check_mode="none",
            mastodon_version="4.3.0",
        )

    def rules(self):
        cache_key = f"social:mastodon-limits:{self.account.api_base_url}"
        limits = cache.get(cache_key)
        if limits is None:
            with self._translated_errors():
                statuses = self.api.instance_v2()["configuration"]["statuses"]
            limits = (statuses["max_characters"], statuses["characters_reserved_per_url"])
            cache.set(cache_key, limits, 3600)
        return mastodon_rules(*limits)

    def resolve_uncertain(self, post, key):
        # Mastodon answers a repeated Idempotency-Key with the status it created the first time.
        return None

    def publish(self, post, key, uncertain=False):
        with self._translated_errors():
            media_ids = []
            if post.image:
                media = self.api.media_post(
                    io.BytesIO(post.image),
                    mime_type=post.image_mime_type,
                    description=post.image_alt or None,
                    file_name="image.jpg",
                    synchronous=True,
                )
                media_ids.append(media["id"])
            status = self.api.status_post(
                post.text, media_ids=media_ids or None, visibility="public", idempotency_key=key
            )
        return PublishedPost(remote_id=str(status["id"]), url=status.get("url") or "")

    def _translated_errors(self):
        return _MastodonErrors(self.api)


class _MastodonErrors:
    def __init__(self, api):
        self.api = api

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is None:
            return False
        if isinstance(error, mastodon_errors.MastodonRatelimitError):
            reset = self.api.ratelimit_reset
            wait = max(0.0, reset - time.time()) if reset else None
            raise RateLimited("Mastodon rate limit reached", retry_after=wait) from None
        if isinstance(error, mastodon_errors.MastodonNetworkError):
            cause = error.__context__
            if isinstance(cause, requests.ConnectTimeout) or "refused" in str(cause).lower():
                raise TransientError("Mastodon could not be reached") from None
            # Sent, but unanswered: the same Idempotency-Key makes the next attempt safe.
            raise OutcomeUnknown("Mastodon did not answer in time") from None
        if isinstance(error, mastodon_errors.MastodonUnauthorizedError):
            raise AuthorisationError(
                f"Mastodon refused the access token: {_reason(error)}"
            ) from None
        if isinstance(error, mastodon_errors.MastodonServerError):
            raise TransientError(f"Mastodon server error: {_reason(error)}") from None
        if isinstance(error, mastodon_errors.MastodonAPIError):
            raise PermanentError(f"Mastodon rejected the post: {_reason(error)}") from None
        return False


def _reason(error):
    # Mastodon.py's args are (message, status code, reason, error text).
    parts = [str(arg) for arg in error.args[1:] if arg]
    return " ".join(parts) or error.__class__.__name__
