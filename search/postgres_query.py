"""Faceted search on PostgreSQL: the match, the total, every facet count and the page's ids.

The words are matched on `search_articlewords` (the engine's title || body vector, with a GIN
index) and facets counted on `search_articlefacets` (integers and arrays per article), both
kept in step with the search index by triggers (migration search 0002). Visibility (live and
public) is checked against the pages at query time, so nothing unpublished or private is counted.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
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


def _hidden_pages_sql():
    """SQL and parameters of the ids of pages no visitor may see: not live, or private."""
    hidden = Page.objects.filter(Q(live=False) | Page.objects.private_q()).order_by().values("id")
    return hidden.query.sql_with_params()


# Facets with one value per article: (facet, column of the facet table).
SCALAR_FACETS = (("kind", "content_type_id"), ("campaign", "campaign_id"), ("year", "year"))

# The order of the page's rows over the matching set m (and again over the page's few rows).
PAGE_ORDER = {
    "relevance": "in_title DESC, rank DESC, id DESC",
    "newest": "publication_date DESC NULLS LAST, id DESC",
    "oldest": "publication_date ASC NULLS LAST, id ASC",
}


def postgres_page_and_counts(params, results):
    """(total, {facet: [(value, label, count)]}, labels of selected values, page ids).

    One statement: the matching articles once (a CTE: visible, with the words when there are
    words), then the total and every facet count over them, and the requested page's ids in
    order. Relevance puts articles whose title has every word first, then ranks by the words.
    `results` is the engine's search (None without words).
    """
    from search.service import FACETS

    hidden_sql, hidden_params = _hidden_pages_sql()
    flags = _selection_flags(params)
    # Parameters in the order of the statement: the flags (selected columns), then the rest.
    cte_params = [value for _sql, values in flags.values() for value in values]
    flag_columns = "".join(f", ({sql}) AS in_{facet}" for facet, (sql, _) in flags.items())
    relevance = params.effective_sort == "relevance"
    # Ranking reads each article's words: over the whole match when nothing is narrowed (one
    # pass), else only over the rows that pass every selection, in the page's own query.
    rank_in_page = relevance and bool(flags)
    word_columns, words_join, page_params = "", "", []
    if results is not None:
        tsquery_sql, tsquery_params = _engine_tsquery(results)
        ranking = (
            f"(w.title @@ {tsquery_sql}) AS in_title, ts_rank(w.document, {tsquery_sql}) AS rank"
        )
        if relevance and not rank_in_page:
            word_columns = f", {ranking}"
            cte_params.extend(tsquery_params * 2)
        elif rank_in_page:
            page_params = tsquery_params * 2
        words_join = (
            f" JOIN {WORDS_TABLE} w ON w.article_id = f.article_id AND w.document @@ {tsquery_sql}"
        )
        cte_params.extend(tsquery_params)
    cte_params.extend(hidden_params)
    cte = (
        f"WITH m AS MATERIALIZED (SELECT f.article_id AS id, f.content_type_id, f.campaign_id,"
        f" f.year, f.publication_date, f.topic_ids, f.country_ids, f.region_ids"
        f"{flag_columns}{word_columns} FROM {FACET_TABLE} f{words_join}"
        f" WHERE f.article_id NOT IN ({hidden_sql})) "
    )

    def where(except_facet=None, extra=()):
        parts = [f"m.in_{facet}" for facet in flags if facet != except_facet]
        parts.extend(extra)
        return " WHERE " + " AND ".join(parts) if parts else ""

    def array_counts(facet, column, table):
        # unnest() in the select list (one ProjectSet) is much cheaper than a lateral join.
        return (
            f"SELECT '{facet}', t.slug, t.name, x.n FROM (SELECT u.id, COUNT(*) AS n FROM"
            f" (SELECT unnest(m.{column}) AS id FROM m{where(facet)}) u GROUP BY u.id) x"
            f" JOIN {table} t ON t.id = x.id"
        )

    def scalar_counts(facet, column):
        counted = (
            f"SELECT m.{column} AS value, COUNT(*) AS n FROM m"
            f"{where(facet, [f'm.{column} IS NOT NULL'])} GROUP BY m.{column}"
        )
        label, join = "NULL", ""
        if facet == "campaign":
            label, join = "p.title", f" JOIN {Page._meta.db_table} p ON p.id = x.value"
        return f"SELECT '{facet}', x.value::text, {label}, x.n FROM ({counted}) x{join}"

    # The total and the facets nobody narrowed share one condition: one scan for them all.
    shared = [(facet, column) for facet, column in SCALAR_FACETS if facet not in flags]
    grouping_sets = ", ".join([f"(m.{column})" for _facet, column in shared] + ["()"])
    which = " ".join(f"WHEN GROUPING(m.{column}) = 0 THEN '{facet}'" for facet, column in shared)
    value = f"COALESCE({', '.join(f'm.{column}' for _facet, column in shared)})::text"
    page_table = Page._meta.db_table
    if shared:
        # Campaign titles are joined onto the few grouped rows; the other values are integers too.
        parts = [
            f"SELECT g.facet, g.value, p.title, g.n FROM (SELECT CASE {which} ELSE 'total' END"
            f" AS facet, {value} AS value, COUNT(*) AS n FROM m{where()}"
            f" GROUP BY GROUPING SETS ({grouping_sets})) g"
            f" LEFT JOIN {page_table} p ON g.facet = 'campaign' AND p.id = g.value::integer"
        ]
    else:
        parts = [f"SELECT 'total', NULL, NULL, COUNT(*) FROM m{where()}"]
    parts.extend(
        scalar_counts(facet, column)
        for facet, column in (
            ("kind", "content_type_id"),
            ("campaign", "campaign_id"),
            ("year", "year"),
        )
        if facet in flags
    )
    parts.extend(
        array_counts(facet, column, model._meta.db_table)
        for facet, column, model in (
            ("topic", "topic_ids", Topic),
            ("country", "country_ids", Country),
            ("region", "region_ids", Region),
        )
    )
    order = PAGE_ORDER[params.effective_sort]
    if rank_in_page:
        page_rows = (
            f"SELECT m.id, {ranking} FROM m JOIN {WORDS_TABLE} w ON w.article_id = m.id{where()}"
        )
    else:
        columns = "id, in_title, rank" if relevance else "id, publication_date"
        page_rows = f"SELECT {columns} FROM m{where()}"
    parts.append(
        # Numbered again over the page's own rows, so their order survives the UNION.
        f"SELECT 'page', s.id::text, NULL, row_number() OVER (ORDER BY {order}) FROM"
        f" (SELECT * FROM ({page_rows}) r ORDER BY {order} LIMIT %s OFFSET %s) s"
    )
    offset = (params.page - 1) * params.page_size
    with transaction.atomic(), connection.cursor() as cursor:
        # Room to count 50,000 rows in memory rather than in temporary files.
        cursor.execute("SET LOCAL work_mem = '32MB'")
        cursor.execute(
            cte + " UNION ALL ".join(parts),
            [*cte_params, *page_params, params.page_size, offset],
        )
        rows = cursor.fetchall()

    kinds = {
        str(ContentType.objects.get_for_model(model).pk): (slug, model.kind_label)
        for slug, model in article_kinds().items()
    }
    total = 0
    counts = {facet: [] for facet in FACETS}
    page = []
    for facet, value, label, count in rows:
        if facet == "total":
            total = count
        elif facet == "page":
            page.append((count, int(value)))
        elif value is None or (facet == "campaign" and label is None):
            continue  # articles without a campaign or a date
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
    return total, counts, labels, [pk for _position, pk in sorted(page)]
