"""Faceted newsroom search: the one entry point for the HTML search page and the API.

`faceted_search(params)` takes the visitor's words, facet selections, sort and page and returns
the page of results (with highlighted excerpts), the total and disjunctive facet counts: each
facet's counts ignore that facet's own selection, so a visitor sees what choosing another value
would give. Only live, public articles are ever counted or shown.

The engine for the configured backend answers (search.engines: the database, PostgreSQL,
Elasticsearch); the rules every engine shares are applied here once, so a request goes down to
one engine and comes back with one SearchOutcome.
"""

import logging
from dataclasses import replace

from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.search.backends import get_search_backend

from search.engines import database, elasticsearch, postgres
from search.params import (
    FACETS,
    SORTS,
    InvalidSearchParameter,
    SearchParams,
    parse_search_params,
    suggestion_words,
)
from search.results import (
    SearchHit,
    SearchOutcome,
    SearchUnavailable,
    visible_articles,
)

logger = logging.getLogger(__name__)

SUGGESTION_LIMIT = 8


def engine_for(backend):
    """The engine module that searches with this Wagtail search backend."""
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    if isinstance(backend, ElasticsearchBaseSearchBackend):
        return elasticsearch
    if isinstance(backend, PostgresSearchBackend):
        return postgres
    return database


class PageOutOfReach(InvalidSearchParameter):
    """A page past the last one of the results (or past what any engine pages to)."""

    def __init__(self, last_page):
        super().__init__(
            "page", f"page must be at most {last_page}: the last page of these results."
        )
        self.last_page = last_page


def faceted_search(params: SearchParams, backend=None) -> SearchOutcome:
    """Results, total and facet counts for these parameters, on the configured engine.

    A page past the last one raises PageOutOfReach (on every engine alike); the engine itself
    is never asked for a page past MAX_RESULT_WINDOW."""
    backend = backend or get_search_backend()
    engine = engine_for(backend)
    reachable = replace(params, page=min(params.page, params.last_reachable_page))
    outcome = engine.search(reachable, backend)
    if params.page > outcome.num_pages:
        raise PageOutOfReach(outcome.num_pages)
    return outcome


def faceted_search_or_last_page(params: SearchParams, backend=None) -> SearchOutcome:
    """faceted_search, showing the last page for a page past it (the HTML page's rule)."""
    try:
        return faceted_search(params, backend)
    except PageOutOfReach as past_the_end:
        return faceted_search(replace(params, page=past_the_end.last_page), backend)


def suggest_titles(prefix, limit=SUGGESTION_LIMIT, backend=None):
    """Live, public articles whose title has every word typed, the last one as a beginning."""
    backend = backend or get_search_backend()
    words = suggestion_words(prefix)
    if not words or len("".join(words)) < 2:
        return []
    ids = engine_for(backend).suggest(words, limit, backend)
    by_id = {article.pk: article for article in visible_articles().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


__all__ = [
    "FACETS",
    "SORTS",
    "InvalidSearchParameter",
    "PageOutOfReach",
    "SearchHit",
    "SearchOutcome",
    "SearchParams",
    "SearchUnavailable",
    "faceted_search",
    "faceted_search_or_last_page",
    "parse_search_params",
    "suggest_titles",
]
