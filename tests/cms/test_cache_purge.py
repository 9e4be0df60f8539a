"""cms/cache_purge.py: what a change purges, and that publishing never fails over the cache."""

import logging
import socket

import pytest

from campaigns.factories import CampaignPageFactory
from cms.cache_purge import listing_urls, page_urls
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
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{closed_port()}",
        }
    }
    release = PressReleasePageFactory(parent=newsroom, live=False)
    with caplog.at_level(logging.ERROR, logger="wagtail.frontendcache"):
        release.save_revision().publish()
    release.refresh_from_db()
    assert release.live
    assert "Couldn't purge" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_succeeds_when_the_cache_server_is_down(home, newsroom, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    release = PressReleasePageFactory(parent=newsroom, live=False)
    release.save_revision().publish()
    release.refresh_from_db()
    assert release.live
