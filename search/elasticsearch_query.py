"""Faceted search on Elasticsearch: results, highlights, total and every facet in one request.

The words are compiled by Wagtail's own query compiler (same fields and boosts as its search);
the facet selections go in `post_filter` so that each facet's aggregation can apply every
selection but its own (disjunctive counts). Visibility is checked twice: the index's `live`
flag, and the ids the database says are not live or not public right now, so a page made
private or unpublished leaves the results at once even before the index catches up.
"""

import logging

from modelsearch import index
from modelsearch.query import MATCH_ALL

from cms.models import Country, Region, Topic
from newsroom.kinds import article_kinds
from search.service import (
    FACETS,
    MARK_END,
    MARK_START,
    SearchHit,
    SearchOutcome,
    SearchUnavailable,
    _load_articles,
    build_engine_query,
    excerpt_or_teaser,
    facet_values,
    marks_to_html,
)

logger = logging.getLogger(__name__)

# Enough buckets for every topic, country, region, campaign and year a newsroom has.
FACET_BUCKETS = 500
# A facet's indexed field: the FilterField on ArticlePage holding its values.
FACET_FIELDS = {
    "kind": "search_kind",
    "topic": "search_topics",
    "country": "search_countries",
    "region": "search_regions",
    "campaign": "campaign",
    "year": "search_year",
}
HIGHLIGHT_FIELDS = ("body", "teaser", "title")


def _column(mapping, model, field_name, field_class):
    for search_field in model.get_search_fields():
        if isinstance(search_field, field_class) and search_field.field_name == field_name:
            return mapping.get_field_column_name(search_field)
    raise LookupError(f"{model.__name__} has no {field_class.__name__} {field_name!r}")


def _hidden_article_ids():
    """Articles a visitor may not see now, whatever the index still says."""
    from newsroom.models import ArticlePage

    hidden = ArticlePage.objects.not_live() | ArticlePage.objects.not_public()
    return [str(pk) for pk in hidden.values_list("pk", flat=True)]


def build_request(params, backend):
    """The body of the one search request for these parameters."""
    from newsroom.models import ArticlePage

    mapping = backend.mapping_class(ArticlePage)
    engine_query = build_engine_query(params.query) or MATCH_ALL
    compiler = backend.query_compiler_class(
        ArticlePage.objects.all(), engine_query, operator="and", order_by_relevance=True
    )
    columns = {
        facet: _column(mapping, ArticlePage, name, index.FilterField)
        for facet, name in FACET_FIELDS.items()
    }
    selection_filters = {
        facet: {"terms": {columns[facet]: [str(value) for value in params.selected(facet)]}}
        for facet in FACETS
        if params.selected(facet)
    }
    query = {
        "bool": {
            "must": compiler.get_inner_query(),
            "filter": [
                compiler.get_content_type_filter(),
                {"term": {_column(mapping, ArticlePage, "live", index.FilterField): True}},
            ],
        }
    }
    if params.has_words:
        # Titles with every word rank above body matches, as on the database engines.
        query["bool"]["should"] = [
            {
                "match": {
                    _column(mapping, ArticlePage, "title", index.SearchField): {
                        "query": params.query.replace('"', " "),
                        "operator": "and",
                        "boost": 20,
                    }
                }
            }
        ]
    hidden = _hidden_article_ids()
    if hidden:
        query["bool"]["must_not"] = [{"terms": {"pk": hidden}}]

    aggregations = {}
    for facet in FACETS:
        others = [flt for name, flt in selection_filters.items() if name != facet]
        aggregations[facet] = {
            "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
            "aggs": {"values": {"terms": {"field": columns[facet], "size": FACET_BUCKETS}}},
        }

    date_column = _column(mapping, ArticlePage, "publication_date", index.FilterField)
    id_column = _column(mapping, ArticlePage, "id", index.FilterField)
    sort = {
        "relevance": ["_score", {date_column: "desc"}, {id_column: "desc"}],
        "newest": [{date_column: "desc"}, {id_column: "desc"}],
        "oldest": [{date_column: "asc"}, {id_column: "asc"}],
    }[params.effective_sort]

    body = {
        "query": query,
        "aggs": aggregations,
        "sort": sort,
        "from": (params.page - 1) * params.page_size,
        "size": params.page_size,
        "track_total_hits": True,
        "_source": False,
        "stored_fields": ["pk"],
    }
    if selection_filters:
        body["post_filter"] = {"bool": {"filter": list(selection_filters.values())}}
    if params.has_words:
        body["highlight"] = {
            "pre_tags": [MARK_START],
            "post_tags": [MARK_END],
            "fragment_size": 180,
            "number_of_fragments": 2,
            "no_match_size": 0,
            "fields": {
                _column(mapping, ArticlePage, name, index.SearchField): {}
                for name in HIGHLIGHT_FIELDS
            },
        }
    return body, [_column(mapping, ArticlePage, n, index.SearchField) for n in HIGHLIGHT_FIELDS]


def elasticsearch_faceted_search(params, backend):
    from newsroom.models import ArticlePage

    body, highlight_columns = build_request(params, backend)
    index_name = backend.get_index_for_model(ArticlePage).name
    try:
        response = backend.es.search(index=index_name, **body)
    except Exception as error:
        logger.warning("Search failed on Elasticsearch: %s", error)
        raise SearchUnavailable(str(error)) from error

    hits = response["hits"]["hits"]
    page_ids = [int(hit["fields"]["pk"][0]) for hit in hits]
    articles = _load_articles(page_ids)
    highlights = {}
    for hit in hits:
        fragments = hit.get("highlight", {})
        for column in highlight_columns:
            if fragments.get(column):
                highlights[int(hit["fields"]["pk"][0])] = marks_to_html(
                    " … ".join(fragments[column])
                )
                break
    search_hits = [
        SearchHit(
            article,
            excerpt_or_teaser(article, highlights.get(article.pk), params.query),
        )
        for article in articles
    ]
    total = response["hits"]["total"]["value"]
    buckets = {facet: response["aggregations"][facet]["values"]["buckets"] for facet in FACETS}
    return SearchOutcome(
        params=params, hits=search_hits, total=total, facets=_facets(buckets, params)
    )


def _facets(buckets, params):
    """Facet values with labels from the database (one query per named facet)."""
    from campaigns.models import CampaignPage

    keys = {facet: [str(bucket["key"]) for bucket in buckets[facet]] for facet in FACETS}
    labels = {"kind": {slug: model.kind_label for slug, model in article_kinds().items()}}
    for facet, model in (("topic", Topic), ("country", Country), ("region", Region)):
        wanted = set(keys[facet]) | {str(value) for value in params.selected(facet)}
        labels[facet] = (
            dict(model.objects.filter(slug__in=wanted).values_list("slug", "name"))
            if wanted
            else {}
        )
    wanted = {int(key) for key in keys["campaign"] if key.isdigit()} | set(params.campaign)
    labels["campaign"] = {
        str(pk): title
        for pk, title in CampaignPage.objects.filter(pk__in=wanted).values_list("pk", "title")
    }
    counts = {}
    for facet in FACETS:
        entries = []
        for bucket in buckets[facet]:
            value = str(bucket["key"])
            label = value if facet == "year" else labels[facet].get(value)
            if label is not None:  # a value deleted since it was indexed is not offered
                entries.append((value, label, bucket["doc_count"]))
        counts[facet] = entries
    return facet_values(counts, params, labels)


__all__ = ["build_request", "elasticsearch_faceted_search"]
