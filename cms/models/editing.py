from django.conf import settings
from django.db import models


class PageCreation(models.Model):
    """One "new page" form in an editor's browser, and the page it has created so far.

    Wagtail autosaves a new page as a draft and then keeps posting the same form; every post
    carrying the form's key after the first is an edit of that draft, never a second page.
    """

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.key} → {self.page_id}"
