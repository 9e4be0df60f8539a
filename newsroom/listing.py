"""Selecting the articles the newsroom lists: live, public, newest first, filtered."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from cms.app_cache import remember
from cms.models import Country, NewsImage, Topic
from newsroom.kinds import article_kinds, kind_content_type

LISTING_IMAGE_FILTER = "fill-480x270"
# Every width a listing card's srcset offers, prefetched with the page so a card costs no query.
LISTING_IMAGE_FILTERS = (LISTING_IMAGE_FILTER, "fill-960x540")


class UnknownFilter(ValueError):
    """A filter value in the query string that names nothing we have."""


@dataclass(frozen=True)
class ListingFilters:
    kind: str = ""
    topic: str = ""
    country: str = ""
    year: int | None = None

    def as_query(self):
        """The filters as query-string pairs, to carry into pagination and feed links."""
        pairs = {"kind": self.kind, "topic": self.topic, "country": self.country, "year": self.year}
        return urlencode({key: value for key, value in pairs.items() if value})

    @property
    def active(self):
        return bool(self.as_query())


@dataclass
class Listing:
    articles: QuerySet  # lazy: see article_listing
    filters: ListingFilters
    topics: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    kinds: list = field(default_factory=list)


def filters_from_query(query: QueryDict) -> ListingFilters:
    """Read and check the listing's filters; an unknown value raises UnknownFilter."""
    kind = query.get("kind", "").strip()
    if kind and kind not in article_kinds():
        raise UnknownFilter(f"Unknown kind: {kind!r}")
    topic = query.get("topic", "").strip()
    if topic and not Topic.objects.filter(slug=topic).exists():
        raise UnknownFilter(f"Unknown topic: {topic!r}")
    country = query.get("country", "").strip()
    if country and not Country.objects.filter(slug=country).exists():
        raise UnknownFilter(f"Unknown country: {country!r}")
    year_text = query.get("year", "").strip()
    year = None
    if year_text:
        if not year_text.isdigit() or not 1900 <= int(year_text) <= 2999:
            raise UnknownFilter(f"Not a year: {year_text!r}")
        year = int(year_text)
    return ListingFilters(kind=kind, topic=topic, country=country, year=year)


def published_articles(with_images=True) -> QuerySet:
    """Every article a visitor may see, newest first; with their hero images and card
    renditions unless the cards come from the stored renderings (with_images=False)."""
    from newsroom.models.article import ArticlePage

    articles = ArticlePage.objects.live().public().order_by("-publication_date", "-pk")
    if not with_images:
        return articles
    return articles.prefetch_related(
        Prefetch(
            "hero_image", queryset=NewsImage.objects.prefetch_renditions(*LISTING_IMAGE_FILTERS)
        )
    )


def latest_articles():
    """The six newest articles, as the home page shows them (their stored cards)."""
    return list(published_articles(with_images=False)[:6])


def filter_articles(articles: QuerySet, filters: ListingFilters) -> QuerySet:
    if filters.kind:
        articles = articles.filter(content_type=kind_content_type(filters.kind))
    if filters.topic:
        articles = articles.filter(topics__slug=filters.topic)
    if filters.country:
        articles = articles.filter(countries__slug=filters.country)
    if filters.year:
        articles = articles.filter(publication_date__year=filters.year)
    return articles


def filter_options():
    """Topics and countries that have live articles (cached until the next publish)."""
    return remember(
        "newsroom-filter-options",
        lambda: (
            list(Topic.objects.filter(articles__live=True).distinct()),
            list(Country.objects.filter(articles__live=True).distinct()),
        ),
    )


def article_listing(filters: ListingFilters) -> Listing:
    topics, countries = filter_options()
    return Listing(
        # Built when first used: .public() reads the view restrictions as soon as it is called,
        # and a listing served from the kept fragment needs no article.
        articles=SimpleLazyObject(
            lambda: filter_articles(published_articles(with_images=False), filters)
        ),
        filters=filters,
        topics=topics,
        countries=countries,
        kinds=[(slug, model.kind_label) for slug, model in article_kinds().items()],
    )


def feed_links(query=""):
    """The RSS and Atom addresses for a listing's filters, for <link rel=alternate> and buttons."""
    suffix = f"?{query}" if query else ""
    return {
        "rss": reverse("newsroom_feed_rss") + suffix,
        "atom": reverse("newsroom_feed_atom") + suffix,
    }
