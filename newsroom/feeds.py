"""RSS and Atom feeds of the newsroom: everything, or one kind, topic, country or campaign.

The feeds list exactly what the newsroom listing shows for the same filters (live, public,
newest first), so a filtered listing can offer "subscribe to this" with its own query string.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from wagtail.models import Site

from cms.models import Country, Topic
from cms.site_address import absolute_url
from newsroom.kinds import article_kinds
from newsroom.listing import (
    ListingFilters,
    UnknownFilter,
    filter_articles,
    filters_from_query,
    published_articles,
)

FEED_SIZE = 30

# Feeds of one thing the layers above define (a campaign's updates), by the facet in the path:
# functions (request, value, organisation name) -> FeedSelection, registered from
# their AppConfig.ready().
_facet_feeds = {}


def register_facet_feed(facet, selection):
    _facet_feeds[facet] = selection


@dataclass(frozen=True)
class FeedSelection:
    """What one feed lists, and the page a reader lands on from the feed's own link."""

    title: str
    description: str
    link: str
    filters: ListingFilters
    campaign_id: int | None = None
    query: str = ""
    publisher: str = ""
    request: object = field(default=None, compare=False, repr=False)


def organisation_name(request):
    from cms.models import PressSettings

    if Site.find_for_request(request) is None:
        return "Newsdesk"
    # for_request caches the setting on the request, so a page asks the database once.
    return PressSettings.for_request(request).organisation_name or "Newsdesk"


def newsroom_url(request):
    from newsroom.models import NewsroomPage

    newsroom = NewsroomPage.objects.live().public().first()
    return newsroom.get_url(request) if newsroom else "/"


def selection_for(request, facet=None, value=None):
    """Resolve a feed's facet (from its path) or the listing's filters (from its query)."""
    name = organisation_name(request)
    if facet is None:
        try:
            filters = filters_from_query(request.GET)
        except UnknownFilter as error:
            raise Http404(str(error)) from error
        query = filters.as_query()
        parts = []
        if filters.kind:
            parts.append(article_kinds()[filters.kind].kind_label + "s")
        if filters.topic:
            parts.append(Topic.objects.get(slug=filters.topic).name)
        if filters.country:
            parts.append(Country.objects.get(slug=filters.country).name)
        if filters.year:
            parts.append(str(filters.year))
        title = f"{name} newsroom" + (f": {', '.join(parts)}" if parts else "")
        link = newsroom_url(request) + (f"?{query}" if query else "")
        return FeedSelection(
            title=title,
            description=f"Press releases, reports and campaign updates from {name}.",
            link=link,
            filters=filters,
            query=query,
        )
    if facet == "kind":
        if value not in article_kinds():
            raise Http404(f"Unknown kind: {value!r}")
        label = article_kinds()[value].kind_label
        filters = ListingFilters(kind=value)
        title, description = f"{name}: {label}s", f"Every {label.lower()} from {name}."
    elif facet == "topic":
        topic = get_object_or_404(Topic, slug=value)
        filters = ListingFilters(topic=value)
        title, description = f"{name}: {topic.name}", f"{name} publications on {topic.name}."
    elif facet == "country":
        country = get_object_or_404(Country, slug=value)
        filters = ListingFilters(country=value)
        title, description = f"{name}: {country.name}", f"{name} publications on {country.name}."
    elif facet in _facet_feeds:
        return _facet_feeds[facet](request, value, name)
    else:
        raise Http404(f"Unknown feed: {facet!r}")
    query = filters.as_query()
    return FeedSelection(
        title=title,
        description=description,
        link=f"{newsroom_url(request)}?{query}",
        filters=filters,
        query=query,
    )


class NewsroomRssFeed(Feed):
    feed_type = Rss201rev2Feed

    # One instance serves every request: per-request state travels in the selection.
    def get_object(self, request, facet=None, value=None):
        selection = selection_for(request, facet, value)
        return replace(selection, request=request, publisher=organisation_name(request))

    def title(self, selection):
        return selection.title

    def link(self, selection):
        return absolute_url(selection.link)

    # Feed readers treat descriptions and Atom summaries as HTML; ours are plain text.
    def description(self, selection):
        return escape(selection.description)

    def subtitle(self, selection):
        return escape(selection.description)

    def author_name(self, selection):
        # Atom requires an author; the organisation publishes every item.
        return selection.publisher

    def feed_url(self, selection):
        return absolute_url(selection.request.get_full_path())

    def items(self, selection):
        articles = filter_articles(published_articles(), selection.filters)
        if selection.campaign_id is not None:
            articles = articles.filter(campaign_id=selection.campaign_id)
        articles = list(articles.prefetch_related("topics", "countries")[:FEED_SIZE])
        for article in articles:
            # Wagtail caches the site's root paths on the request: no query per item.
            article.feed_link = article.get_full_url(selection.request)
        return articles

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return escape(article.teaser)

    def item_link(self, article):
        return article.feed_link

    def item_guid(self, article):
        return article.feed_link

    def item_pubdate(self, article):
        # The editorial publication date, the one the page shows, at the start of that day.
        return timezone.make_aware(datetime.combine(article.publication_date, time.min))

    def item_updateddate(self, article):
        return max(filter(None, (article.last_published_at, self.item_pubdate(article))))

    def item_categories(self, article):
        return [
            article.kind_name,
            *(topic.name for topic in article.topics.all()),
            *(country.name for country in article.countries.all()),
        ]


class NewsroomAtomFeed(NewsroomRssFeed):
    feed_type = Atom1Feed
