from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from newsroom.feeds import feed_links
from newsroom.listing import UnknownFilter, article_listing, filters_from_query


class NewsroomPage(Page):
    """The newsroom: every press release, report and campaign update, newest first."""

    intro = models.TextField(blank=True)

    max_count_per_parent = 1
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["newsroom.PressReleasePage", "newsroom.ReportPage"]
    template = "newsroom/newsroom_page.html"

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        try:
            filters = filters_from_query(request.GET)
        except UnknownFilter as error:
            raise Http404(str(error)) from error
        listing = article_listing(filters)
        paginator = Paginator(listing.articles, settings.NEWSROOM_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        context.update(listing=listing, articles=page, filters=filters)
        query = filters.as_query()
        context["feeds"] = feed_links(query)
        page_query = f"page={page.number}" if page.number > 1 else ""
        context["canonical_query"] = "&".join(part for part in (query, page_query) if part)
        return context
