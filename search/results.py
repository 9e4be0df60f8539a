"""What a search gives back, whatever the engine: the page of hits, the total and the facets."""

import math
from dataclasses import dataclass, field

from cms.models import Country, Region, Topic
from newsroom.kinds import article_kinds
from newsroom.listing import published_articles
from search.params import FACETS, MAX_RESULT_WINDOW, SearchParams


class SearchUnavailable(RuntimeError):
    """The search engine could not answer (Elasticsearch down or timing out)."""


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchHit:
    """One result: its article's id, its excerpt and where its article is read from. The search
    page shows a result from its stored card (which the PostgreSQL engine reads with the
    article's text) and needs no article; the articles of a page of results are read together,
    the first time one is asked for (`PageArticles`)."""

    pk: int
    highlight: str  # HTML: escaped text with <mark> around the matched words
    articles: object  # {article id: ArticlePage}, or PageArticles
    card: tuple | None = None  # (site id, html) of its stored card, read with its text

    @property
    def article(self):
        """The ArticlePage (its own row, without the body), or None if it has gone since."""
        return self.articles.get(self.pk)


def hits_of(articles, highlights):
    """SearchHits of these loaded articles, in their order."""
    by_id = {article.pk: article for article in articles}
    return [SearchHit(article.pk, highlights[article.pk], by_id) for article in articles]


class PageArticles:
    """The articles of a page of results (ids from the facet index: live and public), read in
    one query when one is first asked for."""

    def __init__(self, page_ids):
        self.page_ids = list(page_ids)
        self._by_id = None

    def get(self, pk):
        if self._by_id is None:
            loaded = load_articles(self.page_ids, visible=True)
            self._by_id = {article.pk: article for article in loaded}
        return self._by_id.get(pk)


@dataclass
class SearchOutcome:
    params: SearchParams
    hits: list
    total: int
    facets: dict
    notices: list = field(default_factory=list)

    @property
    def num_pages(self):
        """Pages a visitor can reach: the results up to MAX_RESULT_WINDOW, at least one page."""
        reachable = min(self.total, MAX_RESULT_WINDOW)
        return max(1, math.ceil(reachable / self.params.page_size))

    @property
    def has_previous(self):
        return self.params.page > 1

    @property
    def first_number(self):
        """The position of the page's first result in the whole list (for <ol start>)."""
        return self.params.offset + 1

    @property
    def previous_page_query(self):
        return self.params.as_query(page=self.params.page - 1)

    @property
    def next_page_query(self):
        return self.params.as_query(page=self.params.page + 1)

    @property
    def has_next(self):
        return self.params.page < self.num_pages


def visible_articles():
    from newsroom.models import ArticlePage

    return ArticlePage.objects.live().public()


def load_articles(page_ids, visible=False):
    """The page's articles, in the order given: their own row without the body (excerpts come
    from the stored texts, result cards from the stored cards, images as each view needs).
    Those a visitor may not see are left out, unless the ids are known to be `visible` (the
    facet index holds the live, public articles of the content version): only live ones then,
    without reading the view restrictions again."""
    if visible:
        from newsroom.models import ArticlePage

        articles = ArticlePage.objects.live()
    else:
        articles = published_articles(with_images=False)
    articles = articles.defer_streamfields().filter(pk__in=page_ids)
    by_id = {article.pk: article for article in articles}
    return [by_id[pk] for pk in page_ids if pk in by_id]


def facet_values(counts, params, labels=None):
    """FacetValue lists from (value, label, count) entries: zero counts hidden unless selected.

    Kinds keep their display order, years run newest first, the rest by count then label.
    """
    labels = labels or {}
    facets = {}
    for facet in FACETS:
        entries = {value: (label, count) for value, label, count in counts.get(facet, []) if count}
        selected = [str(value) for value in params.selected(facet)]
        for value in selected:
            if value not in entries:
                label = labels.get(facet, {}).get(value) or _selected_label(facet, value)
                entries[value] = (label, 0)
        values = [
            FacetValue(value=value, label=label, count=count, selected=value in selected)
            for value, (label, count) in entries.items()
        ]
        if facet == "kind":
            order = list(article_kinds())
            values.sort(key=lambda item: order.index(item.value))
        elif facet == "year":
            values.sort(key=lambda item: item.value, reverse=True)
        else:
            values.sort(key=lambda item: (-item.count, item.label.lower()))
        facets[facet] = values
    return facets


def _selected_label(facet, value):
    if facet == "kind":
        return article_kinds()[value].kind_label
    model = {"topic": Topic, "country": Country, "region": Region}.get(facet)
    if model is not None:
        return model.objects.filter(slug=value).values_list("name", flat=True).first() or value
    return value
