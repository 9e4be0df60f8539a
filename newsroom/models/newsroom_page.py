from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from cms.app_cache import remember
from cms.routing import ViewRestrictionsFromMemory
from newsroom.listing import UnknownFilter, article_listing, feed_links, filters_from_query


class NewsroomPage(ViewRestrictionsFromMemory, Page):
    """The newsroom: every press release, report and campaign update, newest first."""

    # Its whole page lists every article: any page's change empties it
    # (cms/stored_renderings.py).
    lists_pages = True

    intro = models.TextField(blank=True)

    max_count_per_parent = 1
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["newsroom.PressReleasePage", "newsroom.ReportPage"]
    template = "newsroom/newsroom_page.html"

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        try:
            filters = filters_from_query(request.GET)
        except UnknownFilter as error:
            raise Http404(str(error)) from error
        listing = article_listing(filters)
        query = filters.as_query()
        size = settings.NEWSROOM_PAGE_SIZE
        # Counting every match is the listing's dearest query: once per filter and version.
        count = remember(f"listing-count:{query}", lambda: listing.articles.count())
        # The page asked for, checked against the count alone (out of range: the last page).
        number = Paginator(range(count), size).get_page(request.GET.get("page")).number

        def page_of_articles():
            paginator = Paginator(listing.articles, size)
            paginator.count = count
            return paginator.page(number)

        # The articles are read only when the kept fragment that shows them is rendered.
        articles = SimpleLazyObject(page_of_articles)
        context.update(listing=listing, articles=articles, filters=filters)
        # The rendered cards, per filter and page, until the next publish.
        context["listing_fragment"] = f"listing:{query}:{number}"
        context["feeds"] = feed_links(query)
        page_query = f"page={number}" if number > 1 else ""
        context["canonical_query"] = "&".join(part for part in (query, page_query) if part)
        return context
