"""Faceted search on Wagtail's database backend (SQLite FTS5, and the fallback engine): the
backend matches the words, one SQL statement counts the total and every facet."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from wagtail.models import Page

from cms.models import Country, Region, Topic
from newsroom.kinds import article_kinds
from search.excerpts import article_texts, excerpt_or_teaser, fallback_highlight, teaser_excerpt
from search.params import FACETS, build_engine_query, title_stems
from search.results import SearchOutcome, facet_values, hits_of, load_articles, visible_articles


def search(params, backend):
    matched, results = match_words(params, backend)
    total, counts, labels = _total_and_facet_counts(matched, params)
    narrowed = _apply_selections(matched, params)
    if params.effective_sort == "relevance":
        ordered = _titles_first(narrowed, params.query, backend)
    elif params.effective_sort == "newest":
        ordered = narrowed.order_by("-publication_date", "-pk")
    else:
        ordered = narrowed.order_by("publication_date", "pk")
    page_ids = []
    if params.offset < total:
        page_ids = list(
            ordered.values_list("pk", flat=True)[params.offset : params.offset + params.page_size]
        )
    articles = load_articles(page_ids)
    if results is None:
        highlights = {article.pk: teaser_excerpt(article, params.query) for article in articles}
    else:
        texts = article_texts([article.pk for article in articles])
        highlights = {
            article.pk: excerpt_or_teaser(
                article, fallback_highlight(texts[article.pk], params.query), params.query
            )
            for article in articles
        }
    hits = hits_of(articles, highlights)
    facets = facet_values(counts, params, labels)
    return SearchOutcome(params=params, hits=hits, total=total, facets=facets)


def suggest(words, limit, backend):
    """Titles having every word, the last one as a beginning (Wagtail's autocomplete)."""
    results = backend.autocomplete(" ".join(words), visible_articles())
    return [article.pk for article in results[:limit]]


def match_words(params, backend, articles=None):
    """(matching articles, engine results): live, public articles (or these) matching the words;
    (articles, None) without words."""
    articles = visible_articles() if articles is None else articles
    results = engine_results(params, backend, articles)
    if results is None:
        return articles, None
    results = results.annotate_score("_score")
    return results.get_queryset(), results


def engine_results(params, backend, articles):
    """The backend's search of these articles for the words (not run: its queryset is built
    when asked for), or None without words."""
    engine_query = build_engine_query(params.query)
    if engine_query is None:
        return None
    return backend.search(engine_query, articles)


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


def _titles_first(matched, query, backend):
    """Rank articles whose title has every query word above the rest, then by engine score."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    in_title = Q()
    for stem in title_stems(query):
        in_title &= Q(title__icontains=stem)
    score = []
    # The fallback engine (no full-text support) gives no score. SQLite's FTS5 scores with
    # bm25(), which is negative and lowest for the best match; other engines' scores grow.
    if "_score" in matched.query.annotations:
        score = ["_score" if isinstance(backend, SQLiteSearchBackend) else "-_score"]
    return matched.annotate(
        _title_match=Case(
            When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ).order_by("-_title_match", *score, "-pk")


def _total_and_facet_counts(matched, params):
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
