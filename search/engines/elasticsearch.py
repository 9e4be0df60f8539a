"""Faceted search on Elasticsearch: results, highlights, total and every facet in one request.

The words are compiled by Wagtail's own query compiler (same fields and boosts as its search);
the facet selections go in `post_filter` so that each facet's aggregation can apply every
selection but its own (disjunctive counts). Visibility is checked twice: the index's `live`
flag, and the ids the database says are not live or not public right now, so a page made
private or unpublished leaves the results at once even before the index catches up.
"""

import itertools
import logging
import re

from modelsearch import index
from modelsearch.query import MATCH_ALL, And, Phrase, PlainText

from cms.app_cache import keep_for_version
from cms.models import Country, Region, Topic
from newsroom.kinds import article_kinds
from search.excerpts import MARK_END, MARK_START, excerpt_or_teaser, marks_to_html
from search.params import FACETS, TOKEN, build_engine_query, query_terms
from search.results import (
    SearchOutcome,
    SearchUnavailable,
    facet_values,
    hits_of,
    load_articles,
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
# The article's own words an excerpt is cut from, in the order an excerpt prefers them: never
# the title (shown above it) nor the names of its people, topics and countries.
HIGHLIGHT_FIELDS = (
    ("ArticlePage", "teaser"),
    ("ArticlePage", "body"),
    ("ReportPage", "key_findings"),
)
# Elasticsearch trims a fragment like Java's trim(), which takes control characters with it: a
# match at a fragment's start lost its MARK_START. Its marks are private-use characters instead.
HIGHLIGHT_START, HIGHLIGHT_END = "\ue000", "\ue001"
# The most spellings of a query that synonyms expand it to (client 7).
MAX_SPELLINGS = 16


def _column(mapping, model, field_name, field_class):
    for search_field in model.get_search_fields():
        if isinstance(search_field, field_class) and search_field.field_name == field_name:
            return mapping.get_field_column_name(search_field)
    raise LookupError(f"{model.__name__} has no {field_class.__name__} {field_name!r}")


def _highlight_columns(backend):
    from newsroom import models

    columns = []
    for model_name, field_name in HIGHLIGHT_FIELDS:
        model = getattr(models, model_name)
        columns.append(_column(backend.mapping_class(model), model, field_name, index.SearchField))
    return columns


def _read_hidden_article_ids():
    from newsroom.models import ArticlePage

    hidden = ArticlePage.objects.not_live() | ArticlePage.objects.not_public()
    return [str(pk) for pk in hidden.values_list("pk", flat=True)]


def _hidden_article_ids():
    """Articles a visitor may not see now, whatever the index still says: read once per
    content version and process (publishing, unpublishing and privacy changes start a new
    one), since reading them scans every article (hundreds of ms at 50,000 on a busy host)."""
    return keep_for_version("search-hidden-article-ids", _read_hidden_article_ids)


def _visibility(backend, compiler):
    """Filters and exclusions that keep every hidden article out."""
    from newsroom.models import ArticlePage

    mapping = backend.mapping_class(ArticlePage)
    filters = [
        compiler.get_content_type_filter(),
        {"term": {_column(mapping, ArticlePage, "live", index.FilterField): True}},
    ]
    hidden = _hidden_article_ids()
    return filters, ([{"terms": {"pk": hidden}}] if hidden else [])


def spellings(text, rules):
    """The query as written (first), then with each synonym rule's phrases swapped for one
    another: "united nations torture" with "un, united nations" also gives "un torture"."""
    lowered = " ".join(re.findall(r"\w+", text.lower()))
    choices = []
    for rule in rules:
        phrases = [" ".join(re.findall(r"\w+", phrase.lower())) for phrase in rule.split(",")]
        phrases = [phrase for phrase in phrases if phrase]
        found = [phrase for phrase in phrases if re.search(rf"\b{re.escape(phrase)}\b", lowered)]
        if found:
            choices.append((found[0], phrases))
    results = [lowered]
    for combination in itertools.product(*(phrases for _found, phrases in choices)):
        spelling = lowered
        for (found, _phrases), replacement in zip(choices, combination, strict=True):
            spelling = re.sub(rf"\b{re.escape(found)}\b", replacement, spelling)
        if spelling not in results:
            results.append(spelling)
        if len(results) >= MAX_SPELLINGS:
            break
    return results


def _text_query(params, backend):
    """(Wagtail's compiled query for the words, or match-all; the words an excerpt marks)."""
    from newsroom.models import ArticlePage

    engine_query = build_engine_query(params.query, TOKEN) or MATCH_ALL
    compiler = backend.query_compiler_class(
        ArticlePage.objects.all(), engine_query, operator="and", order_by_relevance=True
    )
    inner = compiler.get_inner_query()
    terms, phrases = query_terms(params.query, TOKEN)
    marked = [*terms, *(word for phrase in phrases for word in phrase)]
    if params.has_words and getattr(backend, "expands_synonyms", False):
        from search.synonyms import synonym_rules

        # Each spelling must match as a whole; quoted phrases still apply to every spelling.
        alternatives = [inner]
        for spelling in spellings(" ".join(terms), synonym_rules())[1:]:
            parts = [PlainText(spelling, operator="and")]
            parts += [Phrase(" ".join(words)) for words in phrases]
            alternative = parts[0] if len(parts) == 1 else And(parts)
            alternatives.append(
                backend.query_compiler_class(
                    ArticlePage.objects.all(), alternative, operator="and"
                ).get_inner_query()
            )
            marked.extend(spelling.split())
        if len(alternatives) > 1:
            inner = {"bool": {"should": alternatives, "minimum_should_match": 1}}
    return inner, compiler, marked


def build_request(params, backend):
    """The body of the one search request for these parameters."""
    from newsroom.models import ArticlePage

    mapping = backend.mapping_class(ArticlePage)
    inner, compiler, marked = _text_query(params, backend)
    columns = {
        facet: _column(mapping, ArticlePage, name, index.FilterField)
        for facet, name in FACET_FIELDS.items()
    }
    selection_filters = {
        facet: {"terms": {columns[facet]: [str(value) for value in params.selected(facet)]}}
        for facet in FACETS
        if params.selected(facet)
    }
    filters, exclusions = _visibility(backend, compiler)
    query = {"bool": {"must": inner, "filter": filters}}
    if exclusions:
        query["bool"]["must_not"] = exclusions
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
        "from": params.offset,
        "size": params.page_size,
        "track_total_hits": True,
        # The source holds only the id in the answer, but the server reads it once per hit,
        # which the highlighter then shares: with no source at all, each highlighted field
        # of each hit read it again (four times the cost of the search itself).
        "_source": {"includes": ["pk"]},
    }
    if selection_filters:
        body["post_filter"] = {"bool": {"filter": list(selection_filters.values())}}
    highlight_columns = _highlight_columns(backend)
    if params.has_words:
        # The words are matched in the index's combined text; the excerpt marks them in the
        # article's own fields, whichever field the match was in.
        body["highlight"] = {
            "pre_tags": [HIGHLIGHT_START],
            "post_tags": [HIGHLIGHT_END],
            "fragment_size": 180,
            "number_of_fragments": 2,
            "no_match_size": 0,
            "require_field_match": False,
            "highlight_query": {
                "multi_match": {"query": " ".join(marked), "fields": highlight_columns}
            },
            "fields": {column: {} for column in highlight_columns},
        }
    return body, highlight_columns


def _request(backend, body):
    from newsroom.models import ArticlePage

    index_name = backend.get_index_for_model(ArticlePage).name
    try:
        return backend.run_search(index_name, body)
    except backend.errors as error:
        logger.warning("Search failed on Elasticsearch: %s", error)
        raise SearchUnavailable(str(error)) from error


def search(params, backend):
    body, highlight_columns = build_request(params, backend)
    response = _request(backend, body)

    hits = response["hits"]["hits"]
    page_ids = [int(hit["_source"]["pk"]) for hit in hits]
    articles = load_articles(page_ids)
    highlights = {}
    for hit in hits:
        fragments = hit.get("highlight", {})
        for column in highlight_columns:
            if fragments.get(column):
                excerpt = " … ".join(fragments[column])
                highlights[int(hit["_source"]["pk"])] = marks_to_html(
                    excerpt.replace(HIGHLIGHT_START, MARK_START).replace(HIGHLIGHT_END, MARK_END)
                )
                break
    search_hits = hits_of(
        articles,
        {
            article.pk: excerpt_or_teaser(article, highlights.get(article.pk), params.query)
            for article in articles
        },
    )
    total = response["hits"]["total"]["value"]
    buckets = {facet: response["aggregations"][facet]["values"]["buckets"] for facet in FACETS}
    return SearchOutcome(
        params=params, hits=search_hits, total=total, facets=_facets(buckets, params)
    )


def suggest(words, limit, backend):
    """Titles having every word, the last one as a beginning: "police tor" suggests "Police
    torture…", never "Torture in detention centres"."""
    from newsroom.models import ArticlePage

    mapping = backend.mapping_class(ArticlePage)
    compiler = backend.query_compiler_class(ArticlePage.objects.all(), MATCH_ALL)
    title = _column(mapping, ArticlePage, "title", index.SearchField)
    title_beginnings = _column(mapping, ArticlePage, "title", index.AutocompleteField)
    *whole, last = words
    must = [{"match": {title_beginnings: {"query": last}}}]
    if whole:
        must.append({"match": {title: {"query": " ".join(whole), "operator": "and"}}})
    filters, exclusions = _visibility(backend, compiler)
    body = {
        "query": {"bool": {"must": must, "filter": filters, "must_not": exclusions}},
        "sort": ["_score", {_column(mapping, ArticlePage, "id", index.FilterField): "desc"}],
        "size": limit,
        "_source": False,
        "stored_fields": ["pk"],
    }
    response = _request(backend, body)
    return [int(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]]


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
