"""Faceted search on PostgreSQL: the match, the total, every facet count and the page's ids.

The words are matched on `search_articlewords` (the engine's title || body vector with a GIN
index, and the title's own vector), kept in step with the search index by triggers (migrations
search 0002 and 0003) like `search_articlefacets`, which the facet index reads into memory.
Only the facet index's articles (live and public) are counted or shown.
"""

from dataclasses import dataclass

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


class WordsQuery:
    """The visitor's words as PostgreSQL matches them, over `search_articlewords`."""

    def __init__(self, results):
        self.tsquery, self.tsquery_params = _engine_tsquery(results)

    def _aggregate(self, index, candidates, columns):
        """One pass over the matching rows, each column aggregated into one string of binary
        values. Columns may use `in_title` (the title has every word) and `among` (a candidate:
        the mask over the index, None for all), each worked out once per row."""
        among, among_params = "TRUE", []
        if candidates is not None:
            # A bitmap indexed by article id: as compact to send as the ids are many.
            bitmap, size = _bitmap(index.ids[candidates])
            among = "CASE WHEN article_id < %s THEN get_bit(%s, article_id) = 1 END"
            among_params = [size, bitmap]
        select = ", ".join(
            f"string_agg({value}, ''::bytea)" + (f" FILTER (WHERE {only})" if only else "")
            for value, only in columns
        )
        # Ranking reads the words once more per ranked row; the rest is read once per row.
        rank_params = self.tsquery_params * sum("ts_rank" in value for value, _only in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {select.replace('%q', self.tsquery)} FROM (SELECT article_id, document,"
                f" title @@ {self.tsquery} AS in_title, {among} AS among FROM {WORDS_TABLE}"
                f" WHERE document @@ {self.tsquery} OFFSET 0) w",
                [*rank_params, *self.tsquery_params, *among_params, *self.tsquery_params],
            )
            return [bytes(blob or b"") for blob in cursor.fetchone()]

    def match(self, index, candidates, ranked):
        """(ids of the matching articles, and if ranked, the Ranking of the candidates among
        them). The ids may include hidden articles: the facet index leaves them out. Ranking
        reads each article's words once more, so only the narrowed candidates are ranked."""
        ids = "int4send(article_id)"
        if not ranked:
            return blob_integers(self._aggregate(index, None, [(ids, "")])[0]), None
        ranked_columns = [
            ("float4send(ts_rank(document, %q))", "among"),
            ("boolsend(in_title)", "among"),
        ]
        if candidates is None:  # every match is ranked: its ids once
            matched, ranks, in_title = self._aggregate(index, None, [(ids, ""), *ranked_columns])
            ranked = matched
        else:
            matched, ranked, ranks, in_title = self._aggregate(
                index, candidates, [(ids, ""), (ids, "among"), *ranked_columns]
            )
        ranking = Ranking(
            blob_integers(ranked), _floats(ranks), np.frombuffer(in_title, dtype=bool)
        )
        return blob_integers(matched), ranking


@dataclass
class Ranking:
    """Ranked matches: ids, ranks, and whether the title has every word."""

    ids: np.ndarray
    ranks: np.ndarray
    in_title: np.ndarray


def _floats(blob):
    return np.frombuffer(blob, dtype=">f4").astype(np.float32)


def _best(ids, ranks, count):
    """Indexes of the `count` best of these by rank, then newest id, in that order."""
    keep = np.arange(len(ids))
    if count <= 0:
        return keep[:0]
    if count < len(ids):
        # Only what ranks at least as high as the count-th best can be among them.
        cutoff = np.partition(ranks, len(ranks) - count)[len(ranks) - count]
        keep = np.flatnonzero(ranks >= cutoff)
    return keep[np.lexsort((-ids[keep], -ranks[keep]))][:count]


def _best_narrowed(index, narrowed, ids, ranks, count):
    """Ids of the `count` best narrowed articles among these, in order."""
    positions, found = index.locate(ids)
    keep = found.copy()
    keep[found] = narrowed[positions[found]]
    ids, ranks = ids[keep], ranks[keep]
    return ids[_best(ids, ranks, count)]


def _ranked_page(index, narrowed, ranking, offset, limit):
    """One page of the narrowed articles by relevance: those whose title has every word first,
    then by the rank of their words, the newest first among equals."""
    wanted = offset + limit
    titled = ranking.in_title
    best = _best_narrowed(index, narrowed, ranking.ids[titled], ranking.ranks[titled], wanted)
    if len(best) < wanted:
        rest = _best_narrowed(
            index, narrowed, ranking.ids[~titled], ranking.ranks[~titled], wanted - len(best)
        )
        best = np.concatenate([best, rest])
    return [int(pk) for pk in best[offset:wanted]]


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
        words = WordsQuery(results)
        candidates = np.logical_and.reduce(list(flags.values())) if flags else None
        ids, ranking = words.match(index, candidates, ranked=relevance)
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
