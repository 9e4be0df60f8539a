import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet


class PendingIndexUpdate(models.Model):
    """An object the search engine missed (it was down): indexed again by the catch-up task."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    first_failed_at = models.DateTimeField(auto_now_add=True)
    last_failed_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="unique_pending_index_update"
            )
        ]
        ordering = ["first_failed_at", "pk"]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} (tried {self.attempts}×)"


class SearchSynonym(models.Model):
    """Words a visitor may use for the same thing: searching one finds the others."""

    terms = models.CharField(
        max_length=500,
        unique=True,
        help_text='Comma-separated words or phrases meaning the same, e.g. "NGO, non-governmental '
        'organisation". Applies to Elasticsearch search at once, without re-indexing.',
    )

    panels = [FieldPanel("terms")]

    class Meta:
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def clean(self):
        words = [word.strip() for word in self.terms.split(",") if word.strip()]
        if len(words) < 2:
            raise ValidationError(
                {"terms": "Give at least two words or phrases, separated by commas."}
            )
        if any(not re.fullmatch(r"[\w' -]+", word) for word in words):
            raise ValidationError(
                {"terms": "Use letters, numbers, spaces, hyphens and apostrophes only."}
            )
        self.terms = ", ".join(words)


register_snippet(SearchSynonym)
