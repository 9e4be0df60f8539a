"""cms/cache_purge.py: what a change purges, and that publishing never fails over the cache."""

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from campaigns.factories import CampaignPageFactory
from cms.app_cache import content_version
from cms.cache_purge import listing_urls, page_urls, retry_deferred_purges
from cms.factories import TopicFactory
from cms.models import PendingPurge
from cms.settings.base import redis_caches
from newsroom.factories import PressReleasePageFactory


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_article_purges_every_listing_that_shows_it(newsroom, campaign_index):
    campaign = CampaignPageFactory(parent=campaign_index, slug="free")
    release = PressReleasePageFactory(parent=newsroom, slug="released", campaign=campaign)

    assert page_urls(release) == ["http://localhost/newsroom/released/"]
    urls = set(listing_urls(release))
    assert {
        "http://localhost/",
        "http://localhost/newsroom/",
        "http://localhost/feeds/*",
        "http://localhost/campaigns/free/",
        "http://localhost/search/*",
        "http://localhost/sitemap.xml",
        "http://localhost/api/v2/pages/",
        f"http://localhost/api/v2/pages/{release.pk}/",
        # The app's changes feed lists it when it is withdrawn.
        "http://localhost/api/v2/changes/",
        "http://localhost/api/v2/search/",
    } <= urls


def test_a_campaign_purges_the_campaign_index_and_home(home, campaign_index):
    campaign = CampaignPageFactory(parent=campaign_index, slug="free")
    assert {
        "http://localhost/",
        "http://localhost/campaigns/",
        # Its updates repeat its title, status and call to action.
        "http://localhost/campaigns/free/*",
        "http://localhost/feeds/*",
    } <= set(listing_urls(campaign))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_succeeds_when_varnish_is_down(home, newsroom, settings, caplog):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "cms.cache_purge.VarnishPurgeBackend",
            "LOCATION": f"http://127.0.0.1:{closed_port()}",
        }
    }
    release = PressReleasePageFactory(parent=newsroom, slug="released", live=False)
    with caplog.at_level(logging.WARNING, logger="cms.cache_purge"):
        release.save_revision().publish()
    release.refresh_from_db()
    assert release.live
    assert "kept to retry" in caplog.text
    # Kept for later, not lost.
    kept = PendingPurge.objects.get()
    assert "http://localhost/newsroom/released/" in kept.urls
    assert "Connection refused" in kept.last_error


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_succeeds_when_the_cache_server_is_down(home, newsroom, settings):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/0")
    release = PressReleasePageFactory(parent=newsroom, live=False)
    release.save_revision().publish()
    release.refresh_from_db()
    assert release.live


@pytest.fixture
def purge_recorder(settings):
    """A front-end cache that records the paths it is asked to purge."""
    purged = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
            purged.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "cms.cache_purge.VarnishPurgeBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield purged
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_of_many_changes_in_one_transaction_purges_once(home, purge_recorder):
    topics = [TopicFactory(name=f"Topic {number}") for number in range(5)]
    assert purge_recorder == []  # new topics are on no page yet

    with transaction.atomic():
        for topic in topics:
            topic.name += " (renamed)"
            topic.save()
        assert purge_recorder == []  # nothing before the commit

    assert purge_recorder == ["/*"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_change_purges_nothing_and_the_next_one_still_purges(home, purge_recorder):
    topic = TopicFactory(name="Torture")
    with pytest.raises(RuntimeError), transaction.atomic():
        topic.name = "Torture and ill-treatment"
        topic.save()
        raise RuntimeError("the import failed")
    assert purge_recorder == []

    with transaction.atomic():
        topic.name = "Torture and other ill-treatment"
        topic.save()
    assert purge_recorder == ["/*"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_outside_a_transaction_purges_its_page_and_listings(newsroom, purge_recorder):
    release = PressReleasePageFactory(parent=newsroom, slug="released", live=False)
    release.save_revision().publish()

    assert {"/newsroom/released/", "/newsroom/", "/", "/feeds/*", "/search/*"} <= set(
        purge_recorder
    )
    assert len(purge_recorder) == len(set(purge_recorder))


def test_moving_images_to_another_collection_in_bulk_starts_a_new_content_version(
    admin_client, django_capture_on_commit_callbacks
):
    from wagtail.models import Collection

    from cms.app_cache import content_version
    from cms.factories import NewsImageFactory
    from cms.models import NewsImage

    images = [NewsImageFactory(), NewsImageFactory()]
    private = Collection.get_first_root_node().add_child(name="Embargoed photos")
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/bulk/cms/newsimage/add_to_collection/?"
            + "&".join(f"id={image.pk}" for image in images),
            {"collection": private.pk},
        )
    assert response.status_code == 302
    assert {image.collection_id for image in NewsImage.objects.all()} == {private.pk}
    assert content_version() != before


def test_a_synonym_edit_starts_a_new_content_version(django_capture_on_commit_callbacks, db):
    from cms.app_cache import content_version
    from search.models import SearchSynonym

    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(terms="NGO, non-governmental organisation")
    assert content_version() != before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_purge_kept_while_varnish_was_down_is_sent_once_it_answers(
    newsroom, settings, purge_recorder
):
    proxy = settings.WAGTAILFRONTENDCACHE
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "cms.cache_purge.VarnishPurgeBackend",
            "LOCATION": f"http://127.0.0.1:{closed_port()}",
        }
    }
    release = PressReleasePageFactory(parent=newsroom, slug="released")
    release.unpublish()
    assert retry_deferred_purges() == 0  # Varnish still down: kept, one more attempt counted
    assert PendingPurge.objects.get().attempts == 1
    assert purge_recorder == []

    settings.WAGTAILFRONTENDCACHE = proxy  # Varnish is back
    assert retry_deferred_purges() == 1
    assert {"/newsroom/released/", "/newsroom/", "/"} <= set(purge_recorder)
    assert not PendingPurge.objects.exists()
    purge_recorder.clear()
    assert retry_deferred_purges() == 0  # done once, not twice
    assert purge_recorder == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_during_a_cache_outage_is_purged_again_under_a_new_version(
    newsroom, settings, purge_recorder
):
    working_cache = settings.CACHES
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/0")
    release = PressReleasePageFactory(parent=newsroom, slug="released")
    release.unpublish()
    # Varnish was purged at once; processes may still hold the old version once Redis is back.
    assert "/newsroom/released/" in purge_recorder
    kept = PendingPurge.objects.get()
    assert kept.new_content_version

    assert retry_deferred_purges() == 0  # the cache server is still down
    settings.CACHES = working_cache
    purge_recorder.clear()
    before = content_version()
    assert retry_deferred_purges() == 1
    assert content_version() != before
    assert "/newsroom/released/" in purge_recorder
