"""Chat webhooks (Slack, Discord, Teams): one JSON message. A webhook cannot be asked what it
received, so after an unknown outcome an editor decides. With a signing secret, the body's
HMAC-SHA256 goes in X-Newsdesk-Signature so a receiver can tell the message is ours."""

import hashlib
import hmac
import json

from ..rendering import WEBHOOK_RULES
from . import AuthorisationError, PermanentError, PublishedPost
from .transport import send

SIGNATURE_HEADER = "X-Newsdesk-Signature"


class Client:
    network = "webhook"
    checks_unknown_outcomes = False

    def __init__(self, account, timeout):
        self.account = account
        self.timeout = timeout

    def rules(self):
        return WEBHOOK_RULES

    def payload(self, post):
        kind = self.account.webhook_format
        if kind == "discord":
            embed = {"title": post.title, "url": post.link, "description": post.description}
            if post.image_url:
                embed["image"] = {"url": post.image_url}
            return {"content": post.text, "embeds": [embed]}
        if kind == "teams":
            return {
                "type": "message",
                "attachments": [
                    {
                        "contentType": "application/vnd.microsoft.card.adaptive",
                        "content": {
                            "type": "AdaptiveCard",
                            "version": "1.4",
                            "body": [
                                {"type": "TextBlock", "text": post.title, "weight": "Bolder"},
                                {"type": "TextBlock", "text": post.text, "wrap": True},
                            ],
                            "actions": [
                                {"type": "Action.OpenUrl", "title": "Open", "url": post.link}
                            ],
                        },
                    }
                ],
            }
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": post.text}}]
        if post.image_url:
            blocks.append(
                {
                    "type": "image",
                    "image_url": post.image_url,
                    "alt_text": post.image_alt or post.title,
                }
            )
        return {"text": post.text, "blocks": blocks}

    def publish(self, post, key, uncertain=False):
        if not self.account.webhook_url:
            raise AuthorisationError("The webhook has no address: enter it on the account")
        body = json.dumps(self.payload(post), ensure_ascii=False, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": key}
        signing_secret = self.account.credentials.get("secret", "")
        if signing_secret:
            digest = hmac.new(signing_secret.encode(), body, hashlib.sha256).hexdigest()
            headers[SIGNATURE_HEADER] = f"sha256={digest}"
        response = send(
            "The webhook",
            "POST",
            self.account.webhook_url,
            timeout=self.timeout,
            content=body,
            headers=headers,
        )
        if response.status_code in (200, 201, 202, 204):
            return PublishedPost(remote_id=f"webhook:{key}")
        if response.status_code in (401, 403, 404, 410):
            raise AuthorisationError(
                f"The webhook address was refused ({response.status_code}): it may be revoked"
            )
        raise PermanentError(
            f"The webhook rejected the message ({response.status_code}): {response.text[:200]}"
        )
