"""Facebook Page through the Graph API: POST /{page-id}/feed with the Page access token.
After an unknown outcome the Page's recent feed is searched for our link before posting again."""

import json

from ..rendering import FACEBOOK_RULES
from . import (
    AlreadyPublished,
    AuthorisationError,
    PermanentError,
    PublishedPost,
    RateLimited,
    TransientError,
)
from .transport import json_or_empty, send

DEFAULT_API = "https://graph.facebook.com/v21.0"
TOKEN_CODES = {102, 190}
RATE_LIMIT_CODES = {4, 17, 32, 613}
TEMPORARY_CODES = {1, 2}
DUPLICATE_CODE = 506


class Client:
    network = "facebook"

    def __init__(self, account, timeout):
        self.account = account
        self.timeout = timeout
        self.base = (account.api_base_url or DEFAULT_API).rstrip("/")
        self.headers = {"Authorization": f"Bearer {account.credentials.get('secret', '')}"}

    def rules(self):
        return FACEBOOK_RULES

    def resolve_uncertain(self, post, key):
        response = send(
            "Facebook",
            "GET",
            f"{self.base}/{self.account.account_ref}/feed",
            timeout=self.timeout,
            params={"fields": "id,message,permalink_url", "limit": 50},
            headers=self.headers,
        )
        if response.status_code != 200:
            self._raise_for_error(response, uncertain=True)
        for item in json_or_empty(response).get("data", []):
            if post.link and post.link in (item.get("message") or ""):
                return PublishedPost(remote_id=item["id"], url=item.get("permalink_url") or "")
        return None

    def publish(self, post, key, uncertain=False):
        response = send(
            "Facebook",
            "POST",
            f"{self.base}/{self.account.account_ref}/feed",
            timeout=self.timeout,
            data={"message": post.text, "link": post.link},
            headers=self.headers,
        )
        if response.status_code == 200:
            post_id = json_or_empty(response)["id"]
            return PublishedPost(remote_id=post_id, url=f"https://www.facebook.com/{post_id}")
        self._raise_for_error(response, uncertain)

    def _raise_for_error(self, response, uncertain):
        error = json_or_empty(response).get("error", {})
        code = error.get("code")
        message = f"{error.get('message', response.reason_phrase)} (code {code})"
        if code in TOKEN_CODES:
            raise AuthorisationError(f"Facebook refused the Page token: {message}")
        if code in RATE_LIMIT_CODES:
            raise RateLimited(
                f"Facebook rate limit: {message}", retry_after=_regain_after(response)
            )
        if code in TEMPORARY_CODES:
            raise TransientError(f"Facebook is temporarily unavailable: {message}")
        if code == DUPLICATE_CODE and uncertain:
            raise AlreadyPublished("Facebook already has this post (the earlier attempt landed)")
        raise PermanentError(f"Facebook rejected the post: {message}")


def _regain_after(response):
    """Seconds until access returns, from the Business Use Case usage header."""
    usage = response.headers.get("x-business-use-case-usage")
    if not usage:
        return None
    try:
        entries = [entry for values in json.loads(usage).values() for entry in values]
    except (ValueError, AttributeError):
        return None
    minutes = max((entry.get("estimated_time_to_regain_access", 0) for entry in entries), default=0)
    return minutes * 60 or None
