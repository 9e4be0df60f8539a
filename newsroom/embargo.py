"""Embargoed previews: journalists read a scheduled article at a secret, expiring address."""

import datetime

from django.utils import timezone

from newsroom.models import EmbargoPreviewLink

DEFAULT_LIFETIME = datetime.timedelta(hours=48)
MAX_LIFETIME = datetime.timedelta(days=30)


class PreviewLinkUnavailable(Exception):
    """The link is unknown, revoked or expired."""


def create_preview_link(page, *, user, lifetime=DEFAULT_LIFETIME, note=""):
    if not datetime.timedelta(minutes=5) <= lifetime <= MAX_LIFETIME:
        raise ValueError("A preview link lasts between five minutes and thirty days.")
    return EmbargoPreviewLink.objects.create(
        page=page, created_by=user, note=note, expires_at=timezone.now() + lifetime
    )


def revoke_preview_link(link):
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def page_for_preview_token(token):
    """The latest draft of the article behind `token`, or PreviewLinkUnavailable."""
    link = EmbargoPreviewLink.objects.usable().select_related("page").filter(token=token).first()
    if link is None:
        raise PreviewLinkUnavailable(token)
    return link, link.page.specific.get_latest_revision_as_object()
