"""cms/routing.py: hot pages are found in one query, and never served after they change."""

from django.core.cache import cache

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
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
