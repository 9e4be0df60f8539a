from django.db import models


class ContentVersion(models.Model):
    """One row: the token of the published content's current version (see cms/app_cache.py).

    The database is the one store every process of the site shares in every configuration, so
    the version lives here; Redis, when configured, holds a copy each request reads quickly."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return self.token
