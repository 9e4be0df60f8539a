"""X (API v2): POST /2/tweets with an OAuth 2.0 user token. X has no idempotency key: after an
unknown outcome the same text is posted again, and X's duplicate-content 403 confirms the first."""

from ..rendering import X_RULES
from . import AlreadyPublished, AuthorisationError, PermanentError, PublishedPost
from .transport import json_or_empty, send

DEFAULT_API = "https://api.x.com"
DUPLICATE = "duplicate content"


class Client:
    network = "x"

    def __init__(self, account, timeout):
        self.account = account
        self.timeout = timeout
        self.base = (account.api_base_url or DEFAULT_API).rstrip("/")

    def rules(self):
        return X_RULES

    def resolve_uncertain(self, post, key):
        return None

    def publish(self, post, key, uncertain=False):
        response = send(
            "X",
            "POST",
            f"{self.base}/2/tweets",
            timeout=self.timeout,
            json={"text": post.text},
            headers={"Authorization": f"Bearer {self.account.credentials.get('secret', '')}"},
        )
        body = json_or_empty(response)
        if response.status_code in (200, 201):
            tweet_id = str(body["data"]["id"])
            return PublishedPost(remote_id=tweet_id, url=f"https://x.com/i/web/status/{tweet_id}")
        detail = body.get("detail") or body.get("title") or response.reason_phrase
        if response.status_code == 401:
            raise AuthorisationError(f"X refused the access token: {detail}")
        if response.status_code == 403 and DUPLICATE in detail.lower():
            if uncertain:
                raise AlreadyPublished("X already has this post (the earlier attempt landed)")
            raise PermanentError(f"X rejected the post as a duplicate: {detail}")
        raise PermanentError(f"X rejected the post ({response.status_code}): {detail}")
