"""Indexing follows publishing, and never makes it fail when the search engine is down."""

import io
import socket

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.search.models import IndexEntry

from newsroom.factories import PressReleasePageFactory
from newsroom.models import PressReleasePage
from search.engine_settings import backend_settings
from search.indexing import catch_up_search_index
from search.models import PendingIndexUpdate, SearchSynonym
from search.service import SearchParams, faceted_search

DATABASE = {"BACKEND": "wagtail.search.backends.database"}


def found(query):
    return [hit.article.title for hit in faceted_search(SearchParams(query=query)).hits]


@pytest.fixture
def elasticsearch_down(settings):
    """The database engine, plus Elasticsearch at an address where nothing answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": DATABASE,
        "elasticsearch": backend_settings(
            f"http://127.0.0.1:{port}", index_prefix="down_", timeout=1
        ),
    }
    return settings


def test_publishing_succeeds_and_is_remembered_while_elasticsearch_is_down(
    newsroom, elasticsearch_down
):
    page = PressReleasePageFactory(
        parent=newsroom, title="Verdict in the Santiago case", live=False
    )
    PendingIndexUpdate.objects.all().delete()

    page.save_revision().publish()

    page.refresh_from_db()
    assert page.live
    pending = PendingIndexUpdate.objects.get()
    assert (pending.content_type.model_class(), pending.object_id) == (
        PressReleasePage,
        str(page.pk),
    )
    assert "Connection" in pending.last_error
    # The database engine, still up, has it already.
    assert found("verdict") == ["Verdict in the Santiago case"]


def test_catch_up_keeps_what_still_fails_and_writes_it_once_the_engine_answers(
    newsroom, elasticsearch_down
):
    page = PressReleasePageFactory(parent=newsroom, title="Verdict in the Santiago case")
    assert PendingIndexUpdate.objects.filter(object_id=str(page.pk)).exists()
    attempts = PendingIndexUpdate.objects.get(object_id=str(page.pk)).attempts

    assert catch_up_search_index() == (0, 1)
    assert PendingIndexUpdate.objects.get(object_id=str(page.pk)).attempts > attempts

    # The engine is back (here: the database engine alone, which lost the page meanwhile).
    elasticsearch_down.WAGTAILSEARCH_BACKENDS = {"default": DATABASE}
    IndexEntry.objects.filter(object_id=str(page.pk)).delete()
    assert found("verdict") == []

    assert catch_up_search_index() == (1, 0)
    assert found("verdict") == ["Verdict in the Santiago case"]


def test_catch_up_removes_a_page_deleted_meanwhile(newsroom, settings):
    page = PressReleasePageFactory(parent=newsroom, title="Withdrawn statement")
    content_type = ContentType.objects.get_for_model(PressReleasePage)
    page_id = page.pk
    page.delete()
    # As if the engine had missed the deletion: the entry is still there.
    IndexEntry.objects.create(content_type=content_type, object_id=str(page_id), title="Withdrawn")
    PendingIndexUpdate.objects.create(content_type=content_type, object_id=str(page_id))

    assert catch_up_search_index() == (1, 0)
    assert not IndexEntry.objects.filter(object_id=str(page_id)).exists()


def test_catch_up_command_reports_what_it_did(newsroom, elasticsearch_down):
    PressReleasePageFactory(parent=newsroom, title="Verdict in the Santiago case")
    out = io.StringIO()

    call_command("catch_up_search_index", stdout=out)

    assert out.getvalue().strip() == "Indexed again: 0. Still pending: 1."


def test_update_index_rebuilds_the_index(search_world):
    IndexEntry.objects.all().delete()
    assert found("torture") == []

    call_command("update_index", stdout=io.StringIO())

    assert len(found("torture")) == 4


def test_topics_chosen_in_the_editor_are_indexed_on_publish(search_world):
    page = search_world.climate
    revision_page = page.get_latest_revision_as_object()
    revision_page.spokespeople.set([])
    revision_page.topics.set([search_world.topics["torture"]])
    revision_page.save_revision().publish()

    outcome = faceted_search(SearchParams(query="climate", topic=("torture",)))

    assert [hit.article.title for hit in outcome.hits] == ["Climate protesters face heavy fines"]


def test_deleting_a_page_removes_it_from_the_results(indexed_world):
    indexed_world.journalists.delete()

    assert "Journalists jailed for reporting" not in found("torture")


def test_synonyms_need_two_plain_terms(db):
    with pytest.raises(ValidationError):
        SearchSynonym(terms="ngo").full_clean()
    with pytest.raises(ValidationError):
        SearchSynonym(terms="ngo, {weird} => rule").full_clean()
    synonym = SearchSynonym(terms=" IDP ,internally displaced person ")
    synonym.full_clean()
    assert synonym.terms == "IDP, internally displaced person"
