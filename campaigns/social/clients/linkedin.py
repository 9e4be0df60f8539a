"""LinkedIn organisation page through the Posts API (versioned REST, little-text commentary).
After an unknown outcome the organisation's recent posts are searched for our link."""

from urllib.parse import quote

from ..rendering import LINKEDIN_RULES
from . import AuthorisationError, PermanentError, PublishedPost
from .transport import json_or_empty, send

DEFAULT_API = "https://api.linkedin.com"
API_VERSION = "202505"


class Client:
    network = "linkedin"

    def __init__(self, account, timeout):
        self.account = account
        self.timeout = timeout
        self.base = (account.api_base_url or DEFAULT_API).rstrip("/")
        self.headers = {
            "Authorization": f"Bearer {account.credentials.get('secret', '')}",
            "LinkedIn-Version": API_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def rules(self):
        return LINKEDIN_RULES

    def resolve_uncertain(self, post, key):
        response = send(
            "LinkedIn",
            "GET",
            f"{self.base}/rest/posts",
            timeout=self.timeout,
            params={"author": self.account.account_ref, "q": "author", "count": 50},
            headers={**self.headers, "X-RestLi-Method": "FINDER"},
        )
        if response.status_code != 200:
            self._raise_for_error(response)
        for item in json_or_empty(response).get("elements", []):
            article = (item.get("content") or {}).get("article") or {}
            if post.link and article.get("source") == post.link:
                return self._published(item["id"])
        return None

    def publish(self, post, key, uncertain=False):
        payload = {
            "author": self.account.account_ref,
            "commentary": post.text,
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED"},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
            "content": {
                "article": {
                    "source": post.link,
                    "title": post.title[:400],
                    "description": post.description[:4000],
                }
            },
        }
        response = send(
            "LinkedIn",
            "POST",
            f"{self.base}/rest/posts",
            timeout=self.timeout,
            json=payload,
            headers=self.headers,
        )
        if response.status_code == 201:
            return self._published(response.headers.get("x-restli-id", ""))
        self._raise_for_error(response)

    def _published(self, urn):
        return PublishedPost(
            remote_id=urn, url=f"https://www.linkedin.com/feed/update/{quote(urn, safe=':')}/"
        )

    def _raise_for_error(self, response):
        body = json_or_empty(response)
        message = body.get("message") or response.reason_phrase
        if response.status_code == 401:
            raise AuthorisationError(f"LinkedIn refused the access token: {message}")
        raise PermanentError(f"LinkedIn rejected the post ({response.status_code}): {message}")
