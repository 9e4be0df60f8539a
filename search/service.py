"""Faceted newsroom search: the one entry point for the HTML search page and the API.

`faceted_search(params)` takes the visitor's words, facet selections, sort and page and returns
the page of results (with highlighted excerpts), the total and disjunctive facet counts: each
facet's counts ignore that facet's own selection, so a visitor sees what choosing another value
would give. Only live, public articles are ever counted or shown.

Two engines: Wagtail's database backend (SQLite FTS5, PostgreSQL full text) matches the words
and SQL counts the facets; Elasticsearch answers results, highlights and every facet in one
request with aggregations.
"""

import logging
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils.html import escape
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.query import And, Phrase, PlainText
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from cms.models import Country, Region, Topic
from newsroom.kinds import article_kinds
from newsroom.listing import published_articles

logger = logging.getLogger(__name__)

FACETS = ("kind", "topic", "country", "region", "campaign", "year")
SORTS = ("relevance", "newest", "oldest")
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 50
MAX_PAGE = 10_000
SUGGESTION_LIMIT = 8
EXCERPT_WORDS = 30
# Marks put around matches by the engine, swapped for <mark> once the excerpt is escaped.
MARK_START, MARK_END = "\x02", "\x03"


class InvalidSearchParameter(ValueError):
    """A search parameter a strict caller (the API) must refuse, naming the parameter."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class SearchUnavailable(RuntimeError):
    """The search engine could not answer (Elasticsearch down or timing out)."""


@dataclass(frozen=True)
class SearchParams:
    query: str = ""
    kind: tuple = ()
    topic: tuple = ()
    country: tuple = ()
    region: tuple = ()
    campaign: tuple = ()  # campaign page ids
    year: tuple = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def selected(self, facet):
        return getattr(self, facet)

    @property
    def has_words(self):
        """Whether the query has anything to search for (punctuation alone has not)."""
        terms, phrases = _query_terms(self.query)
        return bool(terms or phrases)

    @property
    def effective_sort(self):
        """Relevance means nothing without words: browse mode lists the newest first."""
        return "newest" if self.sort == "relevance" and not self.has_words else self.sort

    @property
    def has_selections(self):
        return any(self.selected(facet) for facet in FACETS)

    @property
    def state_query(self):
        """Query, facets and sort, without the page: the base of every pagination link."""
        return self.as_query(page=1)

    def as_query(self, **changes):
        """The parameters as a query string, to keep state in pagination and facet links."""
        params = replace(self, **changes)
        pairs = []
        if params.query:
            pairs.append(("q", params.query))
        for facet in FACETS:
            pairs.extend((facet, str(value)) for value in params.selected(facet))
        if params.sort != "relevance":
            pairs.append(("sort", params.sort))
        if params.page != 1:
            pairs.append(("page", str(params.page)))
        query = QueryDict(mutable=True)
        for key, value in pairs:
            query.appendlist(key, value)
        return query.urlencode()


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchHit:
    article: object  # ArticlePage, with its hero image and listing rendition prefetched
    highlight: str  # HTML: escaped text with <mark> around the matched words


@dataclass
class SearchOutcome:
    params: SearchParams
    hits: list
    total: int
    facets: dict
    notices: list = field(default_factory=list)

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.params.page_size))

    @property
    def has_previous(self):
        return self.params.page > 1

    @property
    def first_number(self):
        """The position of the page's first result in the whole list (for <ol start>)."""
        return (self.params.page - 1) * self.params.page_size + 1

    @property
    def previous_page_query(self):
        return self.params.as_query(page=self.params.page - 1)

    @property
    def next_page_query(self):
        return self.params.as_query(page=self.params.page + 1)

    @property
    def has_next(self):
        return self.params.page < self.num_pages


# Reading parameters


def clean_query_text(text):
    """Words only: punctuation and operators are not syntax to any engine, quotes make phrases."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text or "")
    return " ".join(text.split())


# There is no boolean syntax (every word must match): these are dropped, not searched for.
OPERATOR_WORDS = {"AND", "OR", "NOT"}


def _query_terms(text):
    """Words and quoted phrases of the visitor's query, each a list of words."""
    phrases, terms = [], []
    for position, part in enumerate(text.split('"')):
        words = [word for word in re.findall(r"\w+", part) if word not in OPERATOR_WORDS]
        if not words:
            continue
        if position % 2 and len(words) > 1:
            phrases.append(words)
        else:
            terms.extend(words)
    return terms, phrases


def build_engine_query(text):
    """The engine query for the visitor's words: every word must match, quotes keep order."""
    terms, phrases = _query_terms(text)
    parts = [Phrase(" ".join(words)) for words in phrases]
    if terms:
        parts.insert(0, PlainText(" ".join(terms), operator="and"))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def _values(query, name, strict, notices, limit=MAX_VALUES_PER_FACET):
    values = []
    for raw in query.getlist(name):
        # Control characters (NUL above all) name nothing and upset some databases.
        raw = re.sub(r"[\x00-\x1f\x7f]", "", raw)[:2000]
        for value in (part.strip()[:255] for part in raw.split(",")):
            if value and value not in values:
                values.append(value)
    if len(values) > limit:
        if strict:
            raise InvalidSearchParameter(name, f"At most {limit} values of {name!r} at once.")
        notices.append(f"Only the first {limit} {name} values were used.")
        values = values[:limit]
    return values


def _integer(query, name, default, low, high, strict, notices):
    if name not in query:
        return default
    text = query.get(name, "").strip()
    if not text and not strict:
        return default
    if not re.fullmatch(r"\d{1,9}", text) or not low <= int(text) <= high:
        if strict:
            raise InvalidSearchParameter(
                name, f"{name} must be a whole number from {low} to {high}."
            )
        notices.append(f"Ignored {name} {text[:20]!r}: not a number from {low} to {high}.")
        return default
    return int(text)


def _known(name, values, known, strict, notices):
    """Keep the values that name something; refuse or report the others."""
    unknown = [value for value in values if value not in known]
    if unknown:
        if strict:
            raise InvalidSearchParameter(name, f"Unknown {name}: {', '.join(unknown)[:200]}.")
        notices.append(f"Ignored unknown {name}: {', '.join(unknown)[:200]}.")
    return tuple(known[value] for value in values if value in known)


def parse_search_params(query: QueryDict, strict: bool) -> tuple[SearchParams, list[str]]:
    """Read the search parameters from a query string.

    Strict (the API): a bad value raises InvalidSearchParameter. Lenient (the HTML page):
    bad values are dropped and described in the returned notices.
    """
    from campaigns.models import CampaignPage

    notices = []
    text = clean_query_text(query.get("q", ""))
    if len(text) > MAX_QUERY_LENGTH:
        if strict:
            raise InvalidSearchParameter(
                "q", f"The query is too long: at most {MAX_QUERY_LENGTH} characters."
            )
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0]
        notices.append(f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters.")

    sort = query.get("sort", "").strip() or "relevance"
    if sort not in SORTS:
        if strict:
            raise InvalidSearchParameter("sort", f"sort must be one of {', '.join(SORTS)}.")
        notices.append(f"Unknown sort {sort[:20]!r}: sorted by relevance.")
        sort = "relevance"

    page = _integer(query, "page", 1, 1, MAX_PAGE, strict, notices)
    page_size = _integer(query, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, strict, notices)

    kinds = _values(query, "kind", strict, notices)
    kind = _known("kind", kinds, {slug: slug for slug in article_kinds()}, strict, notices)

    selections = {}
    for name, model in (("topic", Topic), ("country", Country), ("region", Region)):
        values = _values(query, name, strict, notices)
        known = {}
        if values:
            known = {
                slug: slug
                for slug in model.objects.filter(slug__in=values).values_list("slug", flat=True)
            }
        selections[name] = _known(name, values, known, strict, notices)

    campaign_values = _values(query, "campaign", strict, notices)
    known_campaigns = {}
    if campaign_values:
        ids = [int(value) for value in campaign_values if re.fullmatch(r"\d{1,18}", value)]
        slugs = [value for value in campaign_values if not value.isdigit()]
        for pk, slug in CampaignPage.objects.filter(Q(pk__in=ids) | Q(slug__in=slugs)).values_list(
            "pk", "slug"
        ):
            known_campaigns[str(pk)] = pk
            if slug in slugs:
                known_campaigns[slug] = pk
    campaign = tuple(
        dict.fromkeys(_known("campaign", campaign_values, known_campaigns, strict, notices))
    )

    year_values = _values(query, "year", strict, notices)
    known_years = {
        value: int(value)
        for value in year_values
        if re.fullmatch(r"\d{4}", value) and 1900 <= int(value) <= 2999
    }
    year = _known("year", year_values, known_years, strict, notices)

    params = SearchParams(
        query=text,
        kind=kind,
        topic=selections["topic"],
        country=selections["country"],
        region=selections["region"],
        campaign=campaign,
        year=year,
        sort=sort,
        page=page,
        page_size=page_size,
    )
    return params, notices


# Searching


def faceted_search(params: SearchParams, backend=None) -> SearchOutcome:
    """Results, total and facet counts for these parameters, on the configured engine."""
    backend = backend or get_search_backend()
    if isinstance(backend, ElasticsearchBaseSearchBackend):
        from search.elasticsearch_query import elasticsearch_faceted_search

        return elasticsearch_faceted_search(params, backend)
    return _database_faceted_search(params, backend)


def visible_articles() -> QuerySet:
    from newsroom.models import ArticlePage

    return ArticlePage.objects.live().public()


def _through(field_name):
    from newsroom.models import ArticlePage

    return ArticlePage._meta.get_field(field_name).remote_field.through


def selection_filter(facet, values) -> Q:
    """The articles having any of these values of one facet (values as in SearchParams)."""
    if facet == "kind":
        kinds = article_kinds()
        return Q(
            content_type__in=[ContentType.objects.get_for_model(kinds[slug]).pk for slug in values]
        )
    if facet == "topic":
        linked = _through("topics").objects.filter(topic__slug__in=values)
        return Q(pk__in=linked.values("articlepage_id"))
    if facet == "country":
        linked = _through("countries").objects.filter(country__slug__in=values)
        return Q(pk__in=linked.values("articlepage_id"))
    if facet == "region":
        linked = _through("countries").objects.filter(country__region__slug__in=values)
        return Q(pk__in=linked.values("articlepage_id"))
    if facet == "campaign":
        return Q(campaign_id__in=values)
    if facet == "year":
        years = Q()
        for year in values:
            years |= Q(
                publication_date__gte=date(year, 1, 1), publication_date__lt=date(year + 1, 1, 1)
            )
        return years
    raise ValueError(f"Unknown facet {facet!r}")


def _apply_selections(articles, params):
    for facet in FACETS:
        values = params.selected(facet)
        if values:
            articles = articles.filter(selection_filter(facet, values))
    return articles


def _match(params, backend, articles=None):
    """(matching articles, engine query): live, public articles (or these) matching the words."""
    articles = visible_articles() if articles is None else articles
    engine_query = build_engine_query(params.query)
    if engine_query is None:
        return articles, None
    results = backend.search(engine_query, articles).annotate_score("_score")
    return results.get_queryset(), results


def title_stems(text):
    """Word beginnings that find a query word in a title, whatever its ending ("tortured")."""
    terms, phrases = _query_terms(text)
    words = terms + [word for phrase in phrases for word in phrase]
    return [word.lower()[: max(4, len(word) - 2)] for word in words]


def _titles_first(matched, query, backend):
    """Rank articles whose title has every query word above the rest, then by engine score."""
    stems = title_stems(query)
    in_title = Q()
    for stem in stems:
        in_title &= Q(title__icontains=stem)
    score = []
    # The fallback engine (no full-text support) gives no score. SQLite's FTS5 scores with
    # bm25(), which is negative and lowest for the best match; other engines' scores grow.
    if "_score" in matched.query.annotations:
        score = ["_score" if _is_sqlite(backend) else "-_score"]
    return matched.annotate(
        _title_match=Case(
            When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ).order_by("-_title_match", *score, "-pk")


def _database_faceted_search(params, backend):
    if _is_postgres(backend):
        from newsroom.models import ArticlePage
        from search.postgres_query import postgres_page_and_counts

        # Only the engine's text query is used: the facet index knows which articles are visible.
        _matched, results = _match(params, backend, ArticlePage.objects.all())
        total, counts, labels, page_ids = postgres_page_and_counts(params, results)
    else:
        matched, results = _match(params, backend)
        total, counts, labels = _database_total_and_facet_counts(matched, params)
        if params.effective_sort == "relevance":
            ordered = _titles_first(_apply_selections(matched, params), params.query, backend)
        elif params.effective_sort == "newest":
            ordered = _apply_selections(matched, params).order_by("-publication_date", "-pk")
        else:
            ordered = _apply_selections(matched, params).order_by("publication_date", "pk")
        offset = (params.page - 1) * params.page_size
        page_ids = []
        if offset < total:
            page_ids = list(
                ordered.values_list("pk", flat=True)[offset : offset + params.page_size]
            )
    articles = _load_articles(page_ids)
    highlights = _database_highlights(articles, params, results, backend)
    hits = [SearchHit(article, highlights[article.pk]) for article in articles]
    facets = facet_values(counts, params, labels)
    return SearchOutcome(params=params, hits=hits, total=total, facets=facets)


def _load_articles(page_ids):
    """The page's articles, with their listing images, in the order given."""
    by_id = {article.pk: article for article in published_articles().filter(pk__in=page_ids)}
    return [by_id[pk] for pk in page_ids if pk in by_id]


def _database_total_and_facet_counts(matched, params):
    """The total and every facet's counts in one SQL statement over the matching articles.

    The matching set is computed once (a CTE) with a flag per selected facet; each facet
    counts the rows whose other flags hold (disjunctive counts), the total needs them all.
    Returns (total, {facet: [(value, label, count)]}, labels of selected values).
    """
    from campaigns.models import CampaignPage
    from newsroom.models import ArticlePage

    quote = connection.ops.quote_name
    flags = {
        f"in_{facet}": ExpressionWrapper(
            selection_filter(facet, params.selected(facet)), output_field=BooleanField()
        )
        for facet in FACETS
        if params.selected(facet)
    }
    rows = matched.order_by().annotate(_year=ExtractYear("publication_date"), **flags)
    cte_sql, cte_params = rows.values(
        "pk", "content_type_id", "campaign_id", "_year", *flags
    ).query.sql_with_params()

    def where(except_facet=None, extra=(), table="m"):
        conditions = [f"{table}.{quote(flag)}" for flag in flags if flag != f"in_{except_facet}"]
        conditions.extend(extra)
        return " WHERE " + " AND ".join(conditions) if conditions else ""

    through_topics = ArticlePage._meta.get_field("topics").remote_field.through._meta.db_table
    through_countries = ArticlePage._meta.get_field("countries").remote_field.through._meta.db_table
    topic_table, country_table = Topic._meta.db_table, Country._meta.db_table
    region_table, page_table = Region._meta.db_table, Page._meta.db_table
    pk = "id"
    text = "TEXT" if connection.vendor != "mysql" else "CHAR"
    # Counts are grouped on ids first and labelled afterwards (a few rows, not one per article);
    # the country links are joined once for both the country and the region facet.
    parts = [
        f"SELECT 'total', NULL, NULL, COUNT(*) FROM m{where()}",
        f"SELECT 'kind', CAST(m.content_type_id AS {text}), NULL, COUNT(*) FROM m"
        f"{where('kind')} GROUP BY m.content_type_id",
        f"SELECT 'campaign', CAST(x.campaign_id AS {text}), p.title, x.n FROM"
        f" (SELECT m.campaign_id, COUNT(*) AS n FROM m"
        f"{where('campaign', ['m.campaign_id IS NOT NULL'])}"
        f" GROUP BY m.campaign_id) x JOIN {page_table} p ON p.id = x.campaign_id",
        f"SELECT 'year', CAST(m._year AS {text}), NULL, COUNT(*) FROM m"
        f"{where('year')} GROUP BY m._year",
        f"SELECT 'topic', t.slug, t.name, x.n FROM"
        f" (SELECT l.topic_id, COUNT(*) AS n FROM m JOIN {through_topics} l"
        f" ON l.articlepage_id = m.{pk}{where('topic')} GROUP BY l.topic_id) x"
        f" JOIN {topic_table} t ON t.id = x.topic_id",
        f"SELECT 'country', c.slug, c.name, x.n FROM"
        f" (SELECT mc.country_id, COUNT(*) AS n FROM mc{where('country', table='mc')}"
        f" GROUP BY mc.country_id) x JOIN {country_table} c ON c.id = x.country_id",
        # An article in two countries of one region counts once there.
        f"SELECT 'region', r.slug, r.name, x.n FROM"
        f" (SELECT y.region_id, COUNT(*) AS n FROM"
        f" (SELECT DISTINCT mc.{pk}, mc.region_id FROM mc{where('region', table='mc')}) y"
        f" GROUP BY y.region_id) x JOIN {region_table} r ON r.id = x.region_id",
    ]
    # Django selects the values' fields first, then the annotations in order: name them.
    columns = ", ".join(
        quote(name) for name in ("id", "content_type_id", "campaign_id", "_year", *flags)
    )
    sql = (
        f"WITH m ({columns}) AS ({cte_sql}),"
        f" mc AS (SELECT m.*, l.country_id, c.region_id FROM m"
        f" JOIN {through_countries} l ON l.articlepage_id = m.{pk}"
        f" JOIN {country_table} c ON c.id = l.country_id) " + " UNION ALL ".join(parts)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, cte_params)
        result_rows = cursor.fetchall()

    kinds = {
        str(ContentType.objects.get_for_model(model).pk): (slug, model.kind_label)
        for slug, model in article_kinds().items()
    }
    total = 0
    counts = {facet: [] for facet in FACETS}
    for facet, value, label, count in result_rows:
        if facet == "total":
            total = count
        elif facet == "kind":
            if value in kinds:
                counts["kind"].append((*kinds[value], count))
        elif facet == "year":
            year = str(int(float(value)))
            counts["year"].append((year, year, count))
        else:
            counts[facet].append((value, label, count))
    labels = {}
    if params.campaign:
        labels["campaign"] = {
            str(pk): title
            for pk, title in CampaignPage.objects.filter(pk__in=params.campaign).values_list(
                "pk", "title"
            )
        }
    return total, counts, labels


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


# Highlighting


def marks_to_html(text):
    """Escape an excerpt whose matches are wrapped in MARK_START/MARK_END, then mark them."""
    return escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def article_text(article):
    """An article's own words as plain text: its teaser and body and, for a report, its key
    findings and reference number. Excerpts are cut from this, not from the index's text, which
    also lists the names of the article's people, topics and countries: an excerpt of those would
    read as a list of words."""
    from wagtail.search import index

    parts = []
    for search_field in type(article).get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
            continue
        value = search_field.get_value(article)
        if isinstance(value, list | tuple):
            parts.extend(str(part) for part in value)
        elif value:
            parts.append(str(value))
    return " ".join(" ".join(parts).split())


def fallback_highlight(text, query, words=EXCERPT_WORDS):
    """An excerpt around the first matched word, with every word that starts like a query word
    marked (a prefix match stands in for stemming: "torture" marks "tortured")."""
    stems = set(title_stems(query))
    tokens = text.split()
    if not stems:
        return escape(" ".join(tokens[:words]) + (" …" if len(tokens) > words else ""))

    def matches(token):
        bare = re.sub(r"^\W+|\W+$", "", token).lower()
        return bool(bare) and any(bare.startswith(stem) for stem in stems)

    first = next((i for i, token in enumerate(tokens) if matches(token)), 0)
    start = max(0, first - words // 3)
    window = tokens[start : start + words]
    marked = []
    for token in window:
        if matches(token):
            core = re.match(r"^(\W*)(.*?)(\W*)$", token)
            marked.append(f"{core.group(1)}{MARK_START}{core.group(2)}{MARK_END}{core.group(3)}")
        else:
            marked.append(token)
    excerpt = " ".join(marked)
    if start > 0:
        excerpt = "… " + excerpt
    if start + words < len(tokens):
        excerpt += " …"
    return marks_to_html(excerpt)


def _database_highlights(articles, params, results, backend):
    if not articles:
        return {}
    if results is not None and _is_postgres(backend):
        return _postgres_highlights(articles, params, results)
    if results is None:
        return {article.pk: teaser_excerpt(article, params.query) for article in articles}
    return {
        article.pk: excerpt_or_teaser(
            article, fallback_highlight(article_text(article), params.query), params.query
        )
        for article in articles
    }


def teaser_excerpt(article, query):
    """The excerpt of a result whose text has no match to show (browse mode, or the words are
    only in its title, its people, topics or countries): its teaser, as the listing shows it, or
    the start of its text."""
    return fallback_highlight(article.teaser or article_text(article), query)


def excerpt_or_teaser(article, excerpt, query):
    """An engine's excerpt (HTML) if it marks a matched word, else the teaser excerpt: the one
    rule every engine shows results by."""
    return excerpt if excerpt and "<mark>" in excerpt else teaser_excerpt(article, query)


def _is_postgres(backend):
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    return isinstance(backend, PostgresSearchBackend)


def _is_sqlite(backend):
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return isinstance(backend, SQLiteSearchBackend)


def _postgres_highlights(articles, params, results):
    """ts_headline over each article's own words, with the same text search query the match
    used."""
    from search.postgres_query import marked_excerpts

    options = (
        f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={EXCERPT_WORDS},'
        f' MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
    )
    texts = {article.pk: article_text(article) for article in articles}
    excerpts = marked_excerpts(results, texts, options, MARK_START)
    return {
        article.pk: excerpt_or_teaser(
            article, marks_to_html(excerpts.get(article.pk, "")), params.query
        )
        for article in articles
    }


# Autocomplete


def suggest_titles(prefix, limit=SUGGESTION_LIMIT, backend=None):
    """Live, public articles whose title starts like what the visitor is typing."""
    backend = backend or get_search_backend()
    words = re.findall(r"\w+", clean_query_text(prefix)[:MAX_QUERY_LENGTH])
    if not words or len("".join(words)) < 2:
        return []
    try:
        results = backend.autocomplete(" ".join(words), visible_articles())
        ids = [article.pk for article in results[:limit]]
    except Exception as error:
        if isinstance(backend, ElasticsearchBaseSearchBackend):
            logger.warning("Title suggestions failed on Elasticsearch: %s", error)
            raise SearchUnavailable(str(error)) from error
        raise
    by_id = {article.pk: article for article in visible_articles().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


__all__ = [
    "FACETS",
    "SORTS",
    "InvalidSearchParameter",
    "SearchHit",
    "SearchOutcome",
    "SearchParams",
    "SearchUnavailable",
    "faceted_search",
    "parse_search_params",
    "suggest_titles",
]
