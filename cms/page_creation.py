"""Creating a page never collides with its own autosave.

Wagtail 8 autosaves a new page: about half a second after the editor types, the "new page" form
is posted in the background, which creates the page as a draft, and the browser then sends the
form to that page's edit address. A Publish clicked while that background save is under way, or
the fresh form shown after a failed attempt, still posts to the "new page" address and tries to
create the page a second time ("This slug is already in use"), leaving the first as a stray
draft. Every new-page form therefore carries a key (`cms.page_forms.PageCreationForm`); the
first post with a key creates the page, and every later one is handed to the edit view of that
page.
"""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

from cms.models import PageCreation

# Keys older than this are forgotten: nobody keeps a new-page form open for a week.
KEY_LIFETIME = datetime.timedelta(days=7)


class CreatePageOnce(CreateView):
    """Wagtail's create view, which turns every post after the first into an edit."""

    def post(self, request):
        key = self.creation_key()
        if key is None:
            return super().post(request)
        with transaction.atomic():
            # A second post with the same key waits here until the first has committed.
            try:
                with transaction.atomic():
                    claim, _ = PageCreation.objects.get_or_create(
                        key=key, defaults={"user": request.user}
                    )
            except IntegrityError:
                claim = PageCreation.objects.get(key=key)
            claim = PageCreation.objects.select_for_update().get(pk=claim.pk)
            if claim.user_id != request.user.pk:
                return super().post(request)
            if claim.page_id is not None:
                if self.expects_json_response and self.is_stale_background_save(claim):
                    return self.json_error_response(
                        "invalid_revision",
                        "This page has been saved since: reload it to go on editing.",
                    )
                return EditView.as_view()(request, page_id=claim.page_id)
            response = super().post(request)
            if self.page.pk is not None:
                claim.page_id = self.page.pk
                claim.save(update_fields=["page"])
        PageCreation.objects.filter(created_at__lt=timezone.now() - KEY_LIFETIME).delete()
        return response

    def is_stale_background_save(self, claim):
        """An autosave sent before the page was saved by another post of the same form (the
        Publish clicked while it was on its way) must not leave its older content as a draft
        on top of what was just published."""
        latest = Page.objects.filter(pk=claim.page_id).values_list("latest_revision", flat=True)
        return self.request.POST.get("overwrite_revision_id") != str(latest.first())

    def creation_key(self):
        try:
            return uuid.UUID(self.request.POST.get("creation_key", ""))
        except ValueError:
            return None
