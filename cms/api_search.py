"""Full-text matching for the pages endpoint's ?search=, kept apart from counting and paging."""

from wagtail.search.backends import get_search_backend

SEARCH_OPERATORS = ("and", "or")
# The most matches a ?search= list pages through; /api/v2/search/ is the app's full search.
SEARCH_MATCHES_MAX = 500


def matching_page_ids(model, text, operator=None):
    """Ids of live pages of `model` matching `text`, best match first.

    Only ids come from the search engine: whoever uses them filters them through the
    live-and-public queryset, so the engine's own counts (which may include drafts) are
    never shown.
    """
    if not text.strip():
        return []
    results = get_search_backend().search(
        text, model.objects.live(), operator=operator, order_by_relevance=True
    )
    return [page.pk for page in results[:SEARCH_MATCHES_MAX]]
