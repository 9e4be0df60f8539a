"""The page editor's view of where the page has been posted."""

from wagtail.admin.panels import Panel

from .models import CrossPost
from .status import describe


class CrossPostStatusPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "social/cross_post_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["page"] = page
            records = (
                CrossPost.objects.filter(page_id=page.pk).select_related("account")
                if page.pk
                else []
            )
            context["records"] = [(record, describe(record)) for record in records]
            return context
