"""The article filters the API takes: the newsroom's own (kind, topic, country, year) plus
campaign and a publication date range, each checked so a bad value names its parameter."""

import datetime
from dataclasses import dataclass, replace

from django.http import QueryDict
from wagtail.api.v2.utils import BadRequestError

from newsroom.listing import ListingFilters, UnknownFilter, filter_articles, filters_from_query

LISTING_PARAMETERS = ("kind", "topic", "country", "year")
ARTICLE_FILTER_PARAMETERS = (*LISTING_PARAMETERS, "campaign", "date_from", "date_to")
# Wider than any date a publication can carry, narrower than what the databases accept.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


class InvalidArticleFilter(BadRequestError):
    def __init__(self, message, parameter):
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class ArticleFilters:
    listing: ListingFilters = ListingFilters()
    campaign: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def apply(self, articles):
        articles = filter_articles(articles, self.listing)
        if self.campaign is not None:
            articles = articles.filter(campaign_id=self.campaign)
        if self.date_from is not None:
            articles = articles.filter(publication_date__gte=self.date_from)
        if self.date_to is not None:
            articles = articles.filter(publication_date__lte=self.date_to)
        if self.listing.topic or self.listing.country:
            # Joining a many-to-many table can repeat an article.
            articles = articles.distinct()
        return articles


def article_filters_from_query(query: QueryDict) -> ArticleFilters:
    listing = ListingFilters()
    for name in LISTING_PARAMETERS:
        if name not in query:
            continue
        if not query[name].strip():
            # An empty filter is a client bug more often than a wish for everything.
            raise InvalidArticleFilter(f"{name} is empty: leave it out to list all", name)
        if name == "year" and not query[name].isascii():
            raise InvalidArticleFilter(f"Not a year: {query[name]!r}", name)
        try:
            # One parameter at a time, so an error can say which one it is about.
            one = filters_from_query(QueryDict.fromkeys([name], value=query[name]))
        except UnknownFilter as error:
            raise InvalidArticleFilter(str(error), name) from error
        listing = replace(listing, **{name: getattr(one, name)})
    campaign = None
    if "campaign" in query:
        text = query["campaign"]
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 2**63 - 1:
            raise InvalidArticleFilter("campaign must be a campaign page id", "campaign")
        campaign = int(text)
    date_from = parse_date(query, "date_from")
    date_to = parse_date(query, "date_to")
    if date_from and date_to and date_from > date_to:
        raise InvalidArticleFilter("date_to is before date_from", "date_to")
    return ArticleFilters(listing=listing, campaign=campaign, date_from=date_from, date_to=date_to)


def parse_date(query, name):
    if name not in query:
        return None
    try:
        value = datetime.date.fromisoformat(query[name])
    except ValueError as error:
        raise InvalidArticleFilter(f"{name} must be a date as YYYY-MM-DD", name) from error
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InvalidArticleFilter(f"{name} is out of range", name)
    return value
