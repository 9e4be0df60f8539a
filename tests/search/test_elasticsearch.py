"""Elasticsearch's own duties, on a real server (ELASTICSEARCH_URL): indexes that exist with
their mapping before any write, rebuilt behind an alias, fresh at once, synonyms that editors
change, and deep pages."""

import io

import pytest
from django.core.management import call_command
from modelsearch.index import get_indexed_models

from newsroom.factories import PressReleasePageFactory
from newsroom.models import ArticlePage
from search.backends.elasticsearch import FIRST_INDEX_SUFFIX
from search.models import PendingIndexUpdate, SearchSynonym
from search.service import PageOutOfReach, SearchParams, faceted_search
from tests.search.conftest import body, delete_test_indexes


@pytest.fixture
def elasticsearch(elasticsearch_engine):
    return elasticsearch_engine


@pytest.fixture
def indexed_world(elasticsearch, search_world):
    call_command("update_index", stdout=io.StringIO())
    return search_world


def titles(outcome):
    return [hit.article.title for hit in outcome.hits]


def article_index(backend):
    return backend.get_index_for_model(ArticlePage)


def article_index_of(model):
    from wagtail.search.backends import get_search_backend

    return get_search_backend().get_index_for_model(model).name


def test_a_first_write_creates_the_index_with_its_mapping_never_a_dynamic_one(
    elasticsearch, newsroom
):
    delete_test_indexes(elasticsearch)
    alias = article_index(elasticsearch)

    PressReleasePageFactory(parent=newsroom, title="Verdict in the Santiago case")

    assert alias.is_alias()
    [concrete] = elasticsearch.es.indices.get_alias(name=alias.name)
    assert concrete == alias.name + FIRST_INDEX_SUFFIX
    properties = elasticsearch.es.indices.get_mapping(index=concrete)[concrete]["mappings"][
        "properties"
    ]
    # Filter fields are keywords (a dynamic mapping makes them text, and aggregations fail).
    assert properties["newsroom_articlepage__search_topics_filter"]["type"] == "keyword"
    assert not PendingIndexUpdate.objects.exists()
    outcome = faceted_search(SearchParams(query="verdict"))
    assert titles(outcome) == ["Verdict in the Santiago case"]
    assert outcome.facets["kind"][0].count == 1


def test_update_index_builds_a_new_index_and_moves_the_alias(elasticsearch, indexed_world):
    alias = article_index(elasticsearch)
    [before] = elasticsearch.es.indices.get_alias(name=alias.name)

    call_command("update_index", stdout=io.StringIO())

    [after] = elasticsearch.es.indices.get_alias(name=alias.name)
    assert after != before
    assert not elasticsearch.es.indices.exists(index=before)
    assert faceted_search(SearchParams(query="torture")).total == 4


def test_what_is_published_or_unpublished_during_a_rebuild_is_in_the_new_index(
    elasticsearch, indexed_world, newsroom
):
    alias = article_index(elasticsearch)
    models = [model for model in get_indexed_models() if article_index_of(model) == alias.name]
    # update_index's steps, with an editor publishing and unpublishing while it runs.
    rebuilder = elasticsearch.rebuilder_class(alias)
    new_index = rebuilder.start()
    for model in models:
        new_index.add_model(model)
    read_before_the_edits = {model: list(model.get_indexed_objects()) for model in models}
    hunger = PressReleasePageFactory(parent=newsroom, title="Hunger strike in Riverside prison")
    indexed_world.santiago.unpublish()
    # The rebuild writes the copies it read before the edits (Santiago still live).
    for model, items in read_before_the_edits.items():
        new_index.add_items(model, items)
    rebuilder.finish()

    assert elasticsearch.es.indices.get_alias(name=alias.name).keys() == {new_index.name}
    assert titles(faceted_search(SearchParams(query="hunger"))) == [hunger.title]
    assert faceted_search(SearchParams(query="santiago")).total == 0
    assert faceted_search(SearchParams(query="torture")).total == 3
    assert not PendingIndexUpdate.objects.exists()


def test_a_published_page_is_found_by_the_next_search(elasticsearch, indexed_world, newsroom):
    page = PressReleasePageFactory(
        parent=newsroom, title="Hunger strike in Riverside prison", live=False
    )
    assert faceted_search(SearchParams(query="hunger")).total == 0

    page.save_revision().publish()

    # No wait, no refresh by the test: the write itself made it searchable.
    assert titles(faceted_search(SearchParams(query="hunger"))) == [
        "Hunger strike in Riverside prison"
    ]


def test_an_editors_synonym_applies_to_the_next_search(
    elasticsearch, indexed_world, django_capture_on_commit_callbacks
):
    assert faceted_search(SearchParams(query="grandpa")).total == 0

    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(terms="grandpa, custody")

    assert titles(faceted_search(SearchParams(query="grandpa", sort="newest"))) == [
        "Petition delivered to parliament",
        "Journalists jailed for reporting",
    ]


def test_shipped_synonyms_find_the_other_words(elasticsearch, indexed_world, newsroom):
    PressReleasePageFactory(
        parent=newsroom,
        title="UN experts visit the border",
        body=body("The UN team met families of the disappeared."),
    )

    assert titles(faceted_search(SearchParams(query="united nations"))) == [
        "UN experts visit the border"
    ]


def test_a_page_past_what_elasticsearch_pages_to_is_the_last_page_not_an_error(
    elasticsearch, indexed_world
):
    with pytest.raises(PageOutOfReach) as past_the_end:
        faceted_search(SearchParams(query="torture", page=501, page_size=20))

    assert past_the_end.value.last_page == 1


def test_client_7_spells_a_query_every_way_the_synonyms_allow():
    from search.engines.elasticsearch import spellings

    rules = ["un, united nations", "torture, ill-treatment", "custody, grandpa"]

    assert spellings("United Nations torture", rules) == [
        "united nations torture",
        "un torture",
        "un ill treatment",
        "united nations ill treatment",
    ]
    assert spellings("grandpa", rules[::-1]) == ["grandpa", "custody"]
    assert spellings("police", rules) == ["police"]
