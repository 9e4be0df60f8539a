"""Full-text matching for the API's ?search=, kept apart from counting and paging."""

import logging

from django.db import DatabaseError
from wagtail.search.backends import get_search_backend

from search.engine_errors import engine_errors

logger = logging.getLogger(__name__)

SEARCH_OPERATORS = ("and", "or")
# The most matches a ?search= list pages through; /api/v2/search/ is the app's full search.
SEARCH_MATCHES_MAX = 500


class SearchUnavailable(Exception):
    """The search engine could not answer (down, or it choked on the query)."""


def matching_ids(candidates, text, operator=None):
    """Ids of objects in `candidates` matching `text`, best match first.

    Only ids come from the search engine: the caller filters them through its own queryset
    (live and public pages, visible collections), which alone is counted and paged, so the
    engine's own counts (which may include drafts) are never shown.
    """
    # SQLite's full-text backend fails on an unpaired double quote; plain search has no phrases.
    text = text.replace('"', " ")
    if not text.strip():
        return []
    try:
        results = get_search_backend().search(
            text, candidates, operator=operator, order_by_relevance=True
        )
        return [item.pk for item in results[:SEARCH_MATCHES_MAX]]
    except (DatabaseError, *engine_errors(), OSError) as error:
        logger.warning("Search failed for %r: %s", text, error)
        raise SearchUnavailable(str(error)) from error
