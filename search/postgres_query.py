"""Faceted search on PostgreSQL: the match, the total, every facet count and the page's ids.

The words are matched on `search_articlewords` (the engine's title || body vector, with a GIN
index) and facets counted on `search_articlefacets` (integers and arrays per article), both
kept in step with the search index by triggers (migration search 0002). Visibility (live and
public) is checked against the pages at query time, so nothing unpublished or private is counted.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.sql import Query
from wagtail.models import Page

from cms.models import Country, Region, Topic
from newsroom.kinds import article_kinds

FACET_TABLE = "search_articlefacets"
WORDS_TABLE = "search_articlewords"


def _expression_sql(expression):
    query = Query(None)
    compiler = query.get_compiler(connection=connection)
    return expression.resolve_expression(query).as_sql(compiler, connection)


def _engine_tsquery(results):
    """The SQL of the text search query the engine itself matches with."""
    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    return _expression_sql(compiler.build_tsquery(compiler.query, config=config))


def _selection_flags(params):
    """{flag name: (SQL on the facet row f, parameters)} for each facet with selected values."""
    flags = {}
    if params.kind:
        kinds = article_kinds()
        ids = [ContentType.objects.get_for_model(kinds[slug]).pk for slug in params.kind]
        flags["kind"] = ("f.content_type_id = ANY(%s)", [ids])
    for facet, model, column in (
        ("topic", Topic, "topic_ids"),
        ("country", Country, "country_ids"),
        ("region", Region, "region_ids"),
    ):
        if params.selected(facet):
            table = model._meta.db_table
            flags[facet] = (
                f"f.{column} && ARRAY(SELECT id FROM {table} WHERE slug = ANY(%s))",
                [list(params.selected(facet))],
            )
    if params.campaign:
        flags["campaign"] = ("f.campaign_id = ANY(%s)", [list(params.campaign)])
    if params.year:
        flags["year"] = ("f.year = ANY(%s)", [list(params.year)])
    return flags


def postgres_page_and_counts(params, results):
    """(total, {facet: [(value, label, count)]}, labels of selected values, page ids).

    One statement for the total and all facets, one for the page's ids (none past the end).
    `results` is the engine's search (None without words).
    """
    from search.service import FACETS, _apply_selections, _titles_first

    visible = Page.objects.live().public().order_by().values("id")
    visible_sql, visible_params = visible.query.sql_with_params()
    flags = _selection_flags(params)
    # Parameters in the order of the statement: the flags (selected), then the conditions.
    flag_params = [value for _sql, values in flags.values() for value in values]
    cte_params = list(flag_params)
    conditions = [f"f.article_id IN ({visible_sql})"]
    cte_params.extend(visible_params)
    if results is not None:
        tsquery_sql, tsquery_params = _engine_tsquery(results)
        conditions.append(
            f"f.article_id IN (SELECT w.article_id FROM {WORDS_TABLE} w"
            f" WHERE w.document @@ {tsquery_sql})"
        )
        cte_params.extend(tsquery_params)
    flag_columns = "".join(f", ({sql}) AS in_{facet}" for facet, (sql, _) in flags.items())
    cte = (
        f"WITH m AS MATERIALIZED (SELECT f.article_id AS id, f.content_type_id, f.campaign_id,"
        f" f.year, f.publication_date, f.topic_ids, f.country_ids, f.region_ids{flag_columns}"
        f" FROM {FACET_TABLE} f WHERE {' AND '.join(conditions)}) "
    )

    def where(except_facet=None, extra=()):
        parts = [f"m.in_{facet}" for facet in flags if facet != except_facet]
        parts.extend(extra)
        return " WHERE " + " AND ".join(parts) if parts else ""

    def array_counts(facet, column, table):
        return (
            f"SELECT '{facet}', t.slug, t.name, x.n FROM"
            f" (SELECT u.id, COUNT(*) AS n FROM m CROSS JOIN LATERAL unnest(m.{column}) AS u(id)"
            f"{where(facet)} GROUP BY u.id) x JOIN {table} t ON t.id = x.id"
        )

    parts = [
        f"SELECT 'total', NULL, NULL, COUNT(*) FROM m{where()}",
        f"SELECT 'kind', m.content_type_id::text, NULL, COUNT(*) FROM m{where('kind')}"
        " GROUP BY m.content_type_id",
        f"SELECT 'campaign', x.campaign_id::text, p.title, x.n FROM"
        f" (SELECT m.campaign_id, COUNT(*) AS n FROM m"
        f"{where('campaign', ['m.campaign_id IS NOT NULL'])} GROUP BY m.campaign_id) x"
        f" JOIN {Page._meta.db_table} p ON p.id = x.campaign_id",
        f"SELECT 'year', m.year::text, NULL, COUNT(*) FROM m"
        f"{where('year', ['m.year IS NOT NULL'])} GROUP BY m.year",
        array_counts("topic", "topic_ids", Topic._meta.db_table),
        array_counts("country", "country_ids", Country._meta.db_table),
        array_counts("region", "region_ids", Region._meta.db_table),
    ]
    with connection.cursor() as cursor:
        cursor.execute(cte + " UNION ALL ".join(parts), cte_params)
        rows = cursor.fetchall()

    kinds = {
        str(ContentType.objects.get_for_model(model).pk): (slug, model.kind_label)
        for slug, model in article_kinds().items()
    }
    total = 0
    counts = {facet: [] for facet in FACETS}
    for facet, value, label, count in rows:
        if facet == "total":
            total = count
        elif facet == "kind":
            if value in kinds:
                counts["kind"].append((*kinds[value], count))
        elif facet == "year":
            counts["year"].append((value, value, count))
        else:
            counts[facet].append((value, label, count))
    labels = {}
    if params.campaign:
        labels["campaign"] = {
            str(pk): title
            for pk, title in Page.objects.filter(pk__in=params.campaign).values_list("pk", "title")
        }

    offset = (params.page - 1) * params.page_size
    if offset >= total:
        return total, counts, labels, []
    if params.effective_sort == "relevance":
        # The engine's own ranking (title matches first), over the selected articles.
        ordered = _titles_first(_apply_selections(results.get_queryset(), params), params.query)
        page_ids = list(ordered.values_list("pk", flat=True)[offset : offset + params.page_size])
    else:
        direction = "DESC" if params.effective_sort == "newest" else "ASC"
        # Without the counting CTE, so that the date index can serve the first pages.
        page_conditions = conditions + [sql for sql, _params in flags.values()]
        page_params = cte_params[len(flag_params) :] + flag_params
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.article_id FROM {FACET_TABLE} f WHERE {' AND '.join(page_conditions)}"
                f" ORDER BY f.publication_date {direction}, f.article_id {direction}"
                " LIMIT %s OFFSET %s",
                [*page_params, params.page_size, offset],
            )
            page_ids = [row[0] for row in cursor.fetchall()]
    return total, counts, labels, page_ids
