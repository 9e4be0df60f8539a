"""Faceted search on PostgreSQL: the match, the total, every facet count and the page's ids.

The engine's text query matches the words; the facet index (in memory) counts and sorts;
excerpts mark the forms of the words the match used, compared by their Snowball stems
(search.excerpts.StemmedExcerpts: ts_headline cost more than the rest of a search).

The words are matched on `search_articlewords` (the engine's title || body vector with a GIN
index, the title's own vector and the opening's, which ranking reads), kept in step with the
search index by triggers (migrations search 0002 to 0004) like `search_articlefacets`, which
the facet index reads into memory.
Only the facet index's articles (live and public) are counted or shown.
"""

from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models.sql import Query
from wagtail.models import Page

from search.engines import database
from search.excerpts import StemmedExcerpts, article_texts, teaser_excerpt
from search.facet_index import blob_integers, facet_index
from search.params import query_terms
from search.results import PageArticles, SearchHit, SearchOutcome, facet_values

suggest = database.suggest


def search(params, backend):
    from newsroom.models import ArticlePage

    # Only the engine's text query is used: the facet index knows which articles are visible.
    results = database.engine_results(params, backend, ArticlePage.objects.all())
    words = None if results is None else WordsQuery(results, params.query)
    total, counts, labels, page_ids = postgres_page_and_counts(params, words)
    # Excerpts come from the stored texts: the articles are read only for a teaser excerpt (or
    # by a caller wanting more than the stored card).
    articles = PageArticles(page_ids)
    cards = {}  # the results' stored cards, read with their texts
    texts = article_texts(page_ids, cards) if words is not None and page_ids else {}
    excerpt_of = StemmedExcerpts(words.kept_words, words.language) if texts else None
    hits = []
    for pk in page_ids:
        excerpt = ""
        if pk in texts:
            excerpt = excerpt_of(texts[pk])
        if "<mark>" not in excerpt:
            article = articles.get(pk)
            if article is None:  # unpublished since the facet index was read
                continue
            excerpt = teaser_excerpt(article, params.query)
        hits.append(SearchHit(pk, excerpt, articles, cards.get(pk)))
    facets = facet_values(counts, params, labels)
    return SearchOutcome(params=params, hits=hits, total=total, facets=facets)


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
    """Bytes with bit n set for each id n (PostgreSQL's get_bit order)."""
    if len(ids) == 0:
        return b"\x00"
    bits = np.zeros(int(ids.max()) + 1, dtype=bool)
    bits[ids] = True
    return np.packbits(bits, bitorder="little").tobytes()


class WordsQuery:
    """The visitor's words as PostgreSQL matches them, over `search_articlewords`."""

    def __init__(self, results, text):
        self.tsquery, self.tsquery_params = _engine_tsquery(results)
        self.config = results.query_compiler.get_config(results.backend)
        # "pg_catalog.english" stems as "english"; "simple" (no Snowball stemmer) compares words.
        self.language = (self.config or "english").rsplit(".", 1)[-1].lower()
        terms, phrases = query_terms(text)
        self.words = terms + [word for phrase in phrases for word in phrase]
        self.kept_words = []  # the words the match used: stop words are not (`match`)

    def match(self, index, candidates, ranked):
        """(ids of the matching articles, and if ranked, the Ranking of the candidates among
        them: the mask over the index the selections leave, None for all). The ids may include
        hidden articles: the facet index leaves them out. One statement, `search_match_words`
        (migration search 0004): matching reads the words index only, ranking the articles'
        openings, and only the candidates are ranked."""
        # A bitmap indexed by article id: as compact to send as the candidates are many.
        bits = _bitmap(index.ids[candidates]) if ranked and candidates is not None else None
        config_sql, config_params = ("%s::regconfig, ", [self.config]) if self.config else ("", [])
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT matched, ranked, ranks, in_title, ARRAY(SELECT w FROM"
                f" unnest(%s::text[]) AS w WHERE to_tsvector({config_sql}w) <> ''::tsvector)"
                f" FROM search_match_words({self.tsquery}, %s, %s)",
                [self.words, *config_params, *self.tsquery_params, bits, ranked],
            )
            row = cursor.fetchone()
        self.kept_words = row[4]
        matched, ranked_ids, ranks, in_title = (bytes(blob or b"") for blob in row[:4])
        ids = blob_integers(matched)
        if not ranked:
            return ids, None
        ranking = Ranking(
            ids if bits is None else blob_integers(ranked_ids),
            _floats(ranks),
            np.frombuffer(in_title, dtype=bool),
        )
        return ids, ranking


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


def postgres_page_and_counts(params, words):
    """(total, {facet: [(value, label, count)]}, labels of selected values, page ids).

    SQL finds the articles matching the words (a WordsQuery, None without words) and ranks
    those the selections leave; the facet index (in memory) narrows by the selections, counts
    every facet and sorts by date.
    """
    index = facet_index()
    relevance = params.effective_sort == "relevance"
    flags = index.selection_flags(params)
    matched = ranking = None
    if words is not None:
        candidates = np.logical_and.reduce(list(flags.values())) if flags else None
        ids, ranking = words.match(index, candidates, ranked=relevance)
        matched = index.mask_of(ids)
    narrowed, total, counts = index.count(matched, flags)
    offset = params.offset
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
