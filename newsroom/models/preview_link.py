import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_token():
    return secrets.token_urlsafe(32)


class EmbargoPreviewLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class EmbargoPreviewLink(models.Model):
    """A secret, expiring address at which journalists read an article before its embargo lifts."""

    page = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="preview_links"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    note = models.CharField(
        max_length=200, blank=True, help_text="Who the link is for, e.g. “Agency wire desk”."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = EmbargoPreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview of {self.page.title} until {self.expires_at:%Y-%m-%d %H:%M}"

    @property
    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
