from django.db import models
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from cms.routing import ViewRestrictionsFromMemory


class HomePage(ViewRestrictionsFromMemory, Page):
    intro = models.TextField(blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["newsroom.NewsroomPage", "campaigns.CampaignIndexPage"]
    template = "cms/home_page.html"

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    def route(self, request, path_components):
        from cms.routing import route_from_cache

        return route_from_cache(self, request, path_components) or super().route(
            request, path_components
        )

    def get_context(self, request, *args, **kwargs):
        from campaigns.models import CampaignPage
        from newsroom.listing import published_articles

        context = super().get_context(request, *args, **kwargs)
        # Read only when the cached fragment that shows them is rendered (.public() queries
        # the view restrictions as soon as it is called).
        context["latest_articles"] = SimpleLazyObject(lambda: list(published_articles()[:6]))
        context["active_campaigns"] = SimpleLazyObject(
            lambda: list(
                CampaignPage.objects.live()
                .public()
                .filter(status=CampaignPage.Status.ACTIVE)
                .select_related("hero_image")
            )
        )
        return context
