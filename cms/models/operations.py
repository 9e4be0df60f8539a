"""Bookkeeping the site keeps for itself: which Celery workers are alive, and purges still owed."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """Each running Celery worker touches its row every few seconds (cms/celery.py); /healthz/
    reports no worker alive when every row is older than a few beats."""

    hostname = models.CharField(max_length=255, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self):
        return self.hostname


class PendingPurge(models.Model):
    """Front-end cache purges that could not be done when the content changed (the proxy did
    not answer, or the cache server was down so other processes may still hold the old
    content version). cms.tasks.retry_deferred_purges sends them once both answer again."""

    urls = models.JSONField()
    # The cache server failed around the change: start a new content version before purging.
    new_content_version = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{len(self.urls)} URLs owed since {self.created_at:%Y-%m-%d %H:%M:%S}"
