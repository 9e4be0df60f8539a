"""The same newsroom in every available engine gives the same answers, query by query.

The engines: the lane's database (SQLite or PostgreSQL) and Elasticsearch when
ELASTICSEARCH_URL is set. Compared: totals, every facet's counts, the first result of a title
search, and that every excerpt marks words of the query.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.search.backends import get_search_backend

from demo.builder import DemoBuilder
from newsroom.models import ArticlePage
from search.excerpts import article_text
from search.params import title_stems
from search.service import SearchParams, faceted_search

WORDS = ["torture", "journalists", "police", "detention", "climate", "women rights"]


def answer(params, backend):
    outcome = faceted_search(params, backend)
    facets = {
        facet: {value.value: value.count for value in values}
        for facet, values in outcome.facets.items()
    }
    return outcome, facets


def marked_words(highlight):
    return [word.lower() for word in re.findall(r"<mark>([^<]*)</mark>", highlight)]


@pytest.fixture
def demo_newsroom(db, elasticsearch_backend):
    builder = DemoBuilder(log=lambda message: None)
    builder.build()
    builder.top_up_articles(80)
    call_command("update_index", backend_name="elasticsearch", stdout=io.StringIO())
    return ArticlePage.objects.live().public()


def test_every_engine_gives_the_same_totals_facets_first_results_and_marks(
    demo_newsroom, elasticsearch_backend
):
    engines = {"database": get_search_backend("default"), "elasticsearch": elasticsearch_backend}
    topic = demo_newsroom.first().topics.first().slug
    year = demo_newsroom.first().publication_date.year
    queries = [SearchParams(), SearchParams(topic=(topic,)), SearchParams(year=(year,))]
    # SQLite's FTS5 does not stem ("tortured" is another word to it): words are compared
    # where the database engine stems as Elasticsearch does.
    if connection.vendor == "postgresql":
        queries += [SearchParams(query=words) for words in WORDS]
        queries += [SearchParams(query=words, topic=(topic,)) for words in WORDS]
    for params in queries:
        answers = {name: answer(params, backend) for name, backend in engines.items()}
        (database, database_facets), (elastic, elastic_facets) = answers.values()
        assert elastic.total == database.total, params
        assert elastic_facets == database_facets, params
        for engine, (outcome, _facets) in answers.items():
            stems = title_stems(params.query)
            for hit in outcome.hits:
                # Every marked word is a form of a query word...
                assert all(
                    any(word.startswith(stem[:4]) for stem in stems)
                    for word in marked_words(hit.highlight)
                ), (params, hit.highlight)
                # ...and an article whose own words have every one shows them marked.
                text = article_text(hit.article).lower()
                if stems and all(re.search(rf"\b{stem}", text) for stem in stems):
                    assert marked_words(hit.highlight), (engine, params, hit.article.title)

    for article in demo_newsroom.order_by("pk")[:8]:
        params = SearchParams(query=article.title)
        firsts = {
            name: [hit.article.title for hit in faceted_search(params, backend).hits[:1]]
            for name, backend in engines.items()
        }
        assert firsts == {"database": [article.title], "elasticsearch": [article.title]}
