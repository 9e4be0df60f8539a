"""Faceted search on PostgreSQL: the match, the total, every facet count and the page's ids.

The words are matched on `search_articlewords` (the engine's title || body vector with a GIN
index, and the title's own vector), kept in step with the search index by triggers (migrations
search 0002 and 0003) like `search_articlefacets`, which the facet index reads into memory.
Only the facet index's articles (live and public) are counted or shown.
"""

import numpy as np
from django.db import connection
from django.db.models.sql import Query
from wagtail.models import Page

from search.facet_index import blob_integers, facet_index

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


def _bitmap(ids):
    """(bytes, number of bits): bit n set for each id n (PostgreSQL's get_bit order)."""
    if len(ids) == 0:
        return b"\x00", 8
    bits = np.zeros(int(ids.max()) + 1, dtype=bool)
    bits[ids] = True
    return np.packbits(bits, bitorder="little").tobytes(), len(bits)


def _match(index, results, candidates, ranked):
    """(ids of the articles whose words match, and if ranked, (ids, title has every word, rank)
    of those among the candidates (a mask over the index, None for all)).

    One pass over the matching rows; ranking reads each candidate's words, so narrowing first
    keeps it cheap. The ids may include hidden articles: the facet index leaves them out."""
    tsquery_sql, tsquery_params = _engine_tsquery(results)
    columns, params = ["string_agg(int4send(article_id), ''::bytea)"], []
    if ranked:
        among, among_params = "", []
        if candidates is not None:
            bitmap, size = _bitmap(index.ids[candidates])
            among = " FILTER (WHERE CASE WHEN article_id < %s THEN get_bit(%s, article_id) = 1 END)"
            among_params = [size, bitmap]
        for value, value_params in (
            ("int4send(article_id)", []),
            (f"float4send(ts_rank(document, {tsquery_sql}))", tsquery_params),
            (f"boolsend(title @@ {tsquery_sql})", tsquery_params),
        ):
            columns.append(f"string_agg({value}, ''::bytea){among}")
            params.extend([*value_params, *among_params])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {WORDS_TABLE} WHERE document @@ {tsquery_sql}",
            [*params, *tsquery_params],
        )
        row = cursor.fetchone()
    matched = blob_integers(row[0])
    if not ranked:
        return matched, None
    ranks = np.frombuffer(bytes(row[2] or b""), dtype=">f4")
    in_title = np.frombuffer(bytes(row[3] or b""), dtype=bool)
    return matched, (blob_integers(row[1]), in_title, ranks)


def _ranked_page(index, narrowed, ranking, offset, limit):
    """One page of the narrowed articles by relevance: those whose title has every word first,
    then by the rank of their words, the newest id first among equals."""
    ids, in_title, ranks = ranking
    positions, found = index.locate(ids)
    keep = found.copy()
    keep[found] = narrowed[positions[found]]
    ids, in_title, ranks = ids[keep], in_title[keep], ranks[keep]
    order = np.lexsort((-ids, -ranks, ~in_title))
    return [int(pk) for pk in ids[order[offset : offset + limit]]]


def postgres_page_and_counts(params, results):
    """(total, {facet: [(value, label, count)]}, labels of selected values, page ids).

    SQL finds the articles matching the words (`results` is the engine's search, None without
    words) and ranks those the selections leave; the facet index (in memory) narrows by the
    selections, counts every facet and sorts by date.
    """
    index = facet_index()
    relevance = params.effective_sort == "relevance"
    flags = index.selection_flags(params)
    matched = ranking = None
    if results is not None:
        candidates = np.logical_and.reduce(list(flags.values())) if flags else None
        ids, ranking = _match(index, results, candidates, ranked=relevance)
        matched = index.mask_of(ids)
    narrowed, total, counts = index.count(matched, flags)
    offset = (params.page - 1) * params.page_size
    page = []
    if offset < total:
        if relevance:
            page = _ranked_page(index, narrowed, ranking, offset, params.page_size)
        else:
            newest = params.effective_sort == "newest"
            page = index.page_by_date(narrowed, newest, offset, params.page_size)
    labels = {}
    if params.campaign:
        labels["campaign"] = {
            str(pk): title
            for pk, title in Page.objects.filter(pk__in=params.campaign).values_list("pk", "title")
        }
    return total, counts, labels, page
