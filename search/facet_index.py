"""Every visible article's facet values, as arrays in each process's memory (PostgreSQL).

Counting the many-valued facets (topics, countries, regions) in SQL means unnesting one array
per matching article for every search: about 50 ms a facet at 50,000 matches. Instead, each
process reads the whole facet table once per content version (one statement, about 0.1 s at
50,000 articles) into numpy arrays; a search then asks SQL only which articles match the words
(and, sorted by relevance, which of the narrowed ones rank first) and counts, narrows and sorts
by date here, in a few milliseconds whatever the number of matches.

Only live, public articles are read, so nothing else can be counted or shown; publishing,
unpublishing, privacy and taxonomy changes start a new content version and so a fresh read.
"""

from dataclasses import dataclass

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from wagtail.models import Page

from cms.app_cache import keep_for_version
from cms.models import Country, Region, Topic
from newsroom.kinds import article_kinds

FACET_TABLE = "search_articlefacets"
NO_DATE = -(2**31)  # stands for a missing publication date in the day numbers
# Facets with several values per article: (facet, array column, model of the values).
LINKED_FACETS = (
    ("topic", "topic_ids", Topic),
    ("country", "country_ids", Country),
    ("region", "region_ids", Region),
)


def hidden_pages_sql():
    """SQL and parameters of the ids of pages no visitor may see: not live, or private."""
    hidden = Page.objects.filter(Q(live=False) | Page.objects.private_q()).order_by().values("id")
    return hidden.query.sql_with_params()


@dataclass
class Facet:
    """One facet's values over the articles: the distinct values, and for each article (one
    value each) or each link (several each, `articles` saying whose) the position of its value
    among them."""

    values: np.ndarray
    codes: np.ndarray
    articles: np.ndarray | None = None

    @classmethod
    def of(cls, column, articles=None):
        values, codes = np.unique(column, return_inverse=True)
        if articles is not None:
            articles = articles.astype(np.int32)
        return cls(values, codes.reshape(-1).astype(np.int32), articles)

    def having(self, wanted, size):
        """Per article: whether it has any of the wanted values."""
        hit = np.isin(self.values, np.asarray(list(wanted), dtype=self.values.dtype))[self.codes]
        if self.articles is None:
            return hit
        flags = np.zeros(size, dtype=bool)
        flags[self.articles[hit]] = True
        return flags

    def counts(self, mask):
        """[(value, count)] over the articles in mask, for values with any."""
        codes = self.codes[mask] if self.articles is None else self.codes[mask[self.articles]]
        counted = np.bincount(codes, minlength=len(self.values))
        return [(int(self.values[i]), int(counted[i])) for i in np.flatnonzero(counted)]


class FacetIndex:
    """The visible articles (sorted by id) and their facet values, for counting and sorting."""

    def __init__(self, ids, content_types, campaigns, days, linked, labels, campaign_titles):
        order = np.argsort(ids, kind="stable")
        self.ids = ids[order]
        self.size = len(self.ids)
        content_types, campaigns, days = content_types[order], campaigns[order], days[order]
        dated = days != NO_DATE
        years = np.zeros(self.size, dtype=np.int64)
        years[dated] = (
            days[dated].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        )
        self.facets = {
            "kind": Facet.of(content_types),
            "campaign": Facet.of(campaigns),
            "year": Facet.of(years),
        }
        for facet, (article_ids, values) in linked.items():
            self.facets[facet] = Facet.of(values, self.locate(article_ids)[0])
        self.labels = labels  # {facet: {id: (slug, name)}} for topics, countries, regions
        self.slugs = {
            facet: {slug: pk for pk, (slug, _name) in entries.items()}
            for facet, entries in labels.items()
        }
        self.campaign_titles = campaign_titles
        # Positions in date order; articles without a date come last either way.
        undated = np.flatnonzero(~dated)
        with_date = np.flatnonzero(dated)
        self.newest = np.concatenate(
            [
                with_date[np.lexsort((-self.ids[with_date], -days[with_date]))],
                undated[np.argsort(-self.ids[undated], kind="stable")],
            ]
        ).astype(np.int32)
        self.oldest = np.concatenate(
            [
                with_date[np.lexsort((self.ids[with_date], days[with_date]))],
                undated[np.argsort(self.ids[undated], kind="stable")],
            ]
        ).astype(np.int32)

    def locate(self, article_ids):
        """(positions, found): where each of these ids is in the index, and whether it is
        there at all (hidden articles are not)."""
        article_ids = np.asarray(article_ids, dtype=np.int64)
        if self.size == 0:
            return np.zeros(len(article_ids), dtype=np.int64), np.zeros(len(article_ids), bool)
        positions = np.minimum(np.searchsorted(self.ids, article_ids), self.size - 1)
        return positions, self.ids[positions] == article_ids

    def mask_of(self, article_ids):
        """Per article: whether its id is among these (ids of hidden articles are ignored)."""
        positions, found = self.locate(article_ids)
        mask = np.zeros(self.size, dtype=bool)
        mask[positions[found]] = True
        return mask

    def selection_flags(self, params):
        """{facet: per-article flags} for each facet the visitor narrowed by."""
        flags = {}
        if params.kind:
            kinds = article_kinds()
            wanted = [ContentType.objects.get_for_model(kinds[slug]).pk for slug in params.kind]
            flags["kind"] = self.facets["kind"].having(wanted, self.size)
        for facet, _column, _model in LINKED_FACETS:
            if params.selected(facet):
                slugs = self.slugs[facet]
                wanted = [slugs[slug] for slug in params.selected(facet) if slug in slugs]
                flags[facet] = self.facets[facet].having(wanted, self.size)
        if params.campaign:
            flags["campaign"] = self.facets["campaign"].having(params.campaign, self.size)
        if params.year:
            flags["year"] = self.facets["year"].having(params.year, self.size)
        return flags

    def count(self, matched, flags):
        """(narrowed mask, total, {facet: [(value, label, count)]}) over the matched articles
        (a mask, or None for all) given the selection flags: each facet ignores its own
        selection (disjunctive counts)."""
        base = np.ones(self.size, dtype=bool) if matched is None else matched

        def passing(except_facet=None):
            mask = base
            for facet, flag in flags.items():
                if facet != except_facet:
                    mask = mask & flag
            return mask

        narrowed = passing()
        kinds = {
            ContentType.objects.get_for_model(model).pk: (slug, model.kind_label)
            for slug, model in article_kinds().items()
        }
        counts = {}
        for facet, index in self.facets.items():
            counted = index.counts(narrowed if facet not in flags else passing(facet))
            if facet == "kind":
                entries = [(*kinds[value], n) for value, n in counted if value in kinds]
            elif facet == "year":
                entries = [(str(value), str(value), n) for value, n in counted if value]
            elif facet == "campaign":
                entries = [
                    (str(value), self.campaign_titles[value], n)
                    for value, n in counted
                    if value in self.campaign_titles
                ]
            else:
                labels = self.labels[facet]
                entries = [(*labels[value], n) for value, n in counted if value in labels]
            counts[facet] = entries
        return narrowed, int(narrowed.sum()), counts

    def page_by_date(self, narrowed, newest, offset, limit):
        """Ids of the narrowed articles on one page, newest (or oldest) first."""
        order = self.newest if newest else self.oldest
        return [int(pk) for pk in self.ids[order[narrowed[order]][offset : offset + limit]]]


def _blob(column):
    """SQL aggregating an integer column into one string of 4-byte big-endian integers."""
    return f"string_agg(int4send({column}), ''::bytea)"


def blob_integers(blob):
    return np.frombuffer(bytes(blob or b""), dtype=">i4").astype(np.int64)


def read_facet_index():
    """The facet index, read from the database now."""
    hidden_sql, hidden_params = hidden_pages_sql()
    linked_columns = "".join(
        # The arrays as text, one long string per facet (numpy reads it in one go).
        f", {_blob(f'cardinality({column})')}, string_agg(array_to_string({column}, ' '), ' ')"
        for _facet, column, _model in LINKED_FACETS
    )
    days = f"COALESCE(publication_date - DATE '1970-01-01', {NO_DATE})"
    sql = (
        f"SELECT {_blob('article_id')}, {_blob('content_type_id')},"
        f" {_blob('COALESCE(campaign_id, 0)')}, {_blob(days)}{linked_columns}"
        f" FROM {FACET_TABLE} WHERE article_id NOT IN ({hidden_sql})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, hidden_params)
        row = cursor.fetchone()
    ids, content_types, campaigns, days = (blob_integers(blob) for blob in row[:4])
    linked = {}
    for number, (facet, _column, _model) in enumerate(LINKED_FACETS):
        lengths, text = row[4 + 2 * number], row[5 + 2 * number]
        values = np.fromstring(text or "", dtype=np.int64, sep=" ")
        linked[facet] = (np.repeat(ids, blob_integers(lengths)), values)
    labels = {
        facet: {
            pk: (slug, name) for pk, slug, name in model.objects.values_list("pk", "slug", "name")
        }
        for facet, _column, model in LINKED_FACETS
    }
    campaign_ids = [int(pk) for pk in np.unique(campaigns) if pk]
    campaign_titles = dict(Page.objects.filter(pk__in=campaign_ids).values_list("pk", "title"))
    return FacetIndex(ids, content_types, campaigns, days, linked, labels, campaign_titles)


def facet_index():
    """The facet index of the current content version (read once per version and process)."""
    return keep_for_version("search-facet-index", read_facet_index)
