"""cms/routing.py: hot pages are found in one query, and never served after they change."""

import pytest
from django.core.cache import cache
from wagtail.models import Site

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from cms.routing import site_for
from newsroom.factories import PressReleasePageFactory


def test_a_page_is_served_from_the_cached_route_in_fewer_queries(
    client, newsroom, django_assert_max_num_queries
):
    cache.clear()
    PressReleasePageFactory(parent=newsroom, title="Court frees activists", slug="freed")
    assert "Court frees activists" in client.get("/newsroom/freed/").text
    with django_assert_max_num_queries(7):
        response = client.get("/newsroom/freed/")
    assert "Court frees activists" in response.text


def test_an_unpublished_page_is_not_served_from_the_cached_route(
    client, newsroom, django_capture_on_commit_callbacks
):
    cache.clear()
    release = PressReleasePageFactory(parent=newsroom, slug="withdrawn")
    assert client.get("/newsroom/withdrawn/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        release.unpublish()
    assert client.get("/newsroom/withdrawn/").status_code == 404


def test_a_moved_page_is_served_at_its_new_address(
    client, campaign_index, django_capture_on_commit_callbacks
):
    cache.clear()
    first = CampaignPageFactory(parent=campaign_index, slug="first")
    second = CampaignPageFactory(parent=campaign_index, slug="second")
    update = CampaignUpdatePageFactory(parent=first, title="Petition delivered", slug="petition")
    assert client.get("/campaigns/first/petition/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        update.move(second, pos="last-child")
    assert "Petition delivered" in client.get("/campaigns/second/petition/").text
    assert client.get("/campaigns/first/petition/").status_code in (301, 404)


def test_a_missing_page_is_a_404(client, newsroom):
    assert client.get("/newsroom/never-written/").status_code == 404


# Sites for the matrix below: (hostname, port, default).
SITE_SETS = {
    "with a default": [
        ("localhost", 80, True),
        ("news.example.org", 80, False),
        ("news.example.org", 8080, False),
        ("campaigns.example.org", 443, False),
    ],
    "default with a second port": [
        ("news.example.org", 80, True),
        ("news.example.org", 8000, False),
    ],
    "without a default": [
        ("news.example.org", 80, False),
        ("news.example.org", 8080, False),
        ("campaigns.example.org", 443, False),
    ],
}
ASKED = [
    ("localhost", 80),
    ("localhost", 8000),
    ("news.example.org", 80),
    ("news.example.org", 8000),
    ("news.example.org", 8080),
    ("news.example.org", 9999),
    ("campaigns.example.org", 443),
    ("campaigns.example.org", 80),
    ("unknown.example.org", 80),
]


@pytest.mark.parametrize("sites", SITE_SETS)
def test_the_site_found_for_a_host_is_the_one_wagtail_finds(home, sites):
    from wagtail.models.sites import get_site_for_hostname

    Site.objects.all().delete()
    for hostname, port, default in SITE_SETS[sites]:
        Site.objects.create(hostname=hostname, port=port, is_default_site=default, root_page=home)

    def wagtails(hostname, port):
        try:
            return get_site_for_hostname(hostname, port).pk
        except Site.DoesNotExist:
            return None

    for hostname, port in ASKED:
        found = site_for(hostname, port)
        assert (found.pk if found else None) == wagtails(hostname, port), (hostname, port)
