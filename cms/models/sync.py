from django.db import models


class PageChange(models.Model):
    """The latest change a visitor could see to each page, one row per page.

    Every change replaces the page's row with a new one, so the row's id grows with time: it is
    the position the mobile app's sync resumes from. A row whose `left` is set is a tombstone:
    the page stopped being live and public at `at` (unpublished, expired, made private, moved
    out of the site, deleted). The page id is no foreign key: a tombstone outlives its page.
    """

    class Reason(models.TextChoices):
        UNPUBLISHED = "unpublished"
        EXPIRED = "expired"
        PRIVATE = "private"
        MOVED = "moved"
        DELETED = "deleted"

    id = models.BigAutoField(primary_key=True)
    page_id = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    left = models.CharField(max_length=20, choices=Reason.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["left", "id"], name="cms_pagechange_left_id")]

    def __str__(self):
        return f"page {self.page_id}: {self.left or 'changed'} at {self.at:%Y-%m-%d %H:%M:%S}"
