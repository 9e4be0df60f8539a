from django.db import models
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from cms.routing import ViewRestrictionsFromMemory

# What the home page shows, by context name: the apps above cms register a function that returns
# the items, from their AppConfig.ready(), so the foundation imports none of them.
_home_sections = {}


def register_home_section(name, items):
    """Show `items()` (called only when the page's cached fragment is rendered) as `name`."""
    _home_sections[name] = items


class HomePage(ViewRestrictionsFromMemory, Page):
    # Its whole page lists the latest news and the active campaigns: any page's change empties
    # it (cms/stored_renderings.py).
    lists_pages = True

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
        context = super().get_context(request, *args, **kwargs)
        # Read only when the cached fragment that shows them is rendered (.public() queries
        # the view restrictions as soon as it is called).
        for name, items in _home_sections.items():
            context[name] = SimpleLazyObject(items)
        return context
