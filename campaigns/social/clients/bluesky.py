"""Bluesky through the atproto SDK against the account's PDS: a post with a link facet at UTF-8
byte offsets and an external link card with its thumbnail. The record key is chosen before
sending, so after an unknown outcome the PDS can be asked whether the post exists."""

import hashlib
import threading
import time

from atproto import Client as AtprotoClient
from atproto import exceptions as at_errors
from atproto import models
from atproto_client.request import Request

from ..rendering import BLUESKY_RULES
from . import (
    AlreadyPublished,
    AuthorisationError,
    OutcomeUnknown,
    PermanentError,
    PublishedPost,
    RateLimited,
    TransientError,
    retry_after_seconds,
)

DEFAULT_PDS = "https://bsky.social"
POST_COLLECTION = "app.bsky.feed.post"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"

# Logged-in sessions per worker process, so a burst of posts does not hit createSession limits.
_sessions = {}
_sessions_lock = threading.Lock()


def record_key(created_at, idempotency_key):
    """A TID (the record key Bluesky posts use) fixed by the cross-post record, stable on retry."""
    micros = int(created_at.timestamp() * 1_000_000)
    clock_id = int(idempotency_key.hex[:8], 16) % 1024
    value = (micros << 10) | clock_id
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def link_facet(text, url):
    """The link facet for the last occurrence of url in text, at UTF-8 byte offsets."""
    encoded = text.encode("utf-8")
    start = encoded.rfind(url.encode("utf-8"))
    if start < 0:
        return None
    return models.AppBskyRichtextFacet.Main(
        index=models.AppBskyRichtextFacet.ByteSlice(
            byte_start=start, byte_end=start + len(url.encode())
        ),
        features=[models.AppBskyRichtextFacet.Link(uri=url)],
    )


class Client:
    network = "bluesky"

    def __init__(self, account, timeout):
        self.account = account
        self.timeout = timeout

    def rules(self):
        return BLUESKY_RULES

    def _session(self):
        secret = self.account.credentials.get("secret", "")
        fingerprint = hashlib.sha256(
            f"{self.account.api_base_url}|{self.account.account_ref}|{secret}".encode()
        ).hexdigest()
        key = (self.account.pk, fingerprint)
        with _sessions_lock:
            session = _sessions.get(key)
        if session is None:
            api = AtprotoClient(
                base_url=self.account.api_base_url or DEFAULT_PDS,
                request=Request(timeout=self.timeout),
            )
            with _translated_errors():
                api.login(self.account.account_ref, secret, fetch_bsky_profile=False)
                did = api.com.atproto.server.get_session().did
            session = (api, did)
            with _sessions_lock:
                _sessions[key] = session
        return session

    def resolve_uncertain(self, post, key):
        api, did = self._session()
        rkey = record_key(post.created_at, post.key_uuid)
        try:
            with _translated_errors():
                found = api.com.atproto.repo.get_record(
                    {"repo": did, "collection": POST_COLLECTION, "rkey": rkey}
                )
        except PermanentError:
            return None
        return _published(found.uri)

    def publish(self, post, key, uncertain=False):
        api, did = self._session()
        with _translated_errors():
            thumb = None
            if post.image:
                thumb = api.upload_blob(post.image).blob
            facet = link_facet(post.text, post.link)
            record = models.AppBskyFeedPost.Record(
                text=post.text,
                created_at=post.created_at.isoformat().replace("+00:00", "Z"),
                facets=[facet] if facet else None,
                langs=["en"],
                embed=models.AppBskyEmbedExternal.Main(
                    external=models.AppBskyEmbedExternal.External(
                        uri=post.link,
                        title=post.title,
                        description=post.description,
                        thumb=thumb,
                    )
                ),
            )
            try:
                created = api.com.atproto.repo.create_record(
                    models.ComAtprotoRepoCreateRecord.Data(
                        repo=did,
                        collection=POST_COLLECTION,
                        rkey=record_key(post.created_at, post.key_uuid),
                        record=record,
                    )
                )
            except at_errors.BadRequestError as error:
                if uncertain and "already exists" in _message(error).lower():
                    raise AlreadyPublished("Bluesky already has this post") from None
                raise
        return _published(created.uri)


def _published(uri):
    # at://did/app.bsky.feed.post/rkey -> https://bsky.app/profile/did/post/rkey
    did, _, rkey = uri.removeprefix("at://").partition(f"/{POST_COLLECTION}/")
    return PublishedPost(remote_id=uri, url=f"https://bsky.app/profile/{did}/post/{rkey}")


def _message(error):
    content = getattr(getattr(error, "response", None), "content", None)
    if content is not None and hasattr(content, "message"):
        return f"{content.error}: {content.message}"
    return type(error).__name__


class _translated_errors:
    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is None or not isinstance(error, at_errors.AtProtocolError):
            return False
        if isinstance(error, at_errors.InvokeTimeoutError):
            raise OutcomeUnknown("Bluesky did not answer in time") from None
        response = getattr(error, "response", None)
        status = getattr(response, "status_code", None)
        if isinstance(error, at_errors.RateLimitExceededError):
            headers = {k.lower(): v for k, v in (response.headers or {}).items()}
            raise RateLimited(
                "Bluesky rate limit reached",
                retry_after=retry_after_seconds(headers, time.time()),
            ) from None
        if isinstance(error, at_errors.UnauthorizedError):
            raise AuthorisationError(f"Bluesky refused the login: {_message(error)}") from None
        if isinstance(error, at_errors.NetworkError) and status is None:
            raise TransientError("Bluesky could not be reached") from None
        if status is not None and status >= 500:
            raise TransientError(f"Bluesky server error {status}: {_message(error)}") from None
        if isinstance(error, at_errors.BadRequestError) and "ExpiredToken" in _message(error):
            raise AuthorisationError(f"Bluesky session expired: {_message(error)}") from None
        raise PermanentError(f"Bluesky rejected the post: {_message(error)}") from None
