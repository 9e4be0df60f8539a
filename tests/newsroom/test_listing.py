"""The newsroom listing: order, filters, pagination, bad parameters, privacy and query counts."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from cms.app_cache import bump_content_version
from cms.factories import CountryFactory, NewsImageFactory, TopicFactory
from newsroom.factories import PressReleasePageFactory, ReportPageFactory

pytestmark = pytest.mark.django_db


def titles(response):
    """The article titles on a listing page, in the order shown."""
    return re.findall(r'class="card-title"><a href="[^"]*">([^<]+)</a>', response.content.decode())


def day(n):
    return datetime.date(2026, 1, 1) + datetime.timedelta(days=n)


@pytest.fixture
def world(newsroom, campaign_index):
    torture = TopicFactory(name="Torture prevention")
    speech = TopicFactory(name="Freedom of expression")
    belarus = CountryFactory(name="Belarus")
    mexico = CountryFactory(name="Mexico")
    campaign = CampaignPageFactory(parent=campaign_index, title="Free the journalists")
    PressReleasePageFactory(
        parent=newsroom,
        title="Old release",
        publication_date=datetime.date(2024, 3, 1),
        topics=[torture],
        countries=[belarus],
    )
    ReportPageFactory(
        parent=newsroom,
        title="Torture report",
        publication_date=datetime.date(2025, 6, 1),
        topics=[torture],
        countries=[mexico],
    )
    CampaignUpdatePageFactory(
        parent=campaign,
        title="Campaign news",
        publication_date=datetime.date(2026, 2, 1),
        topics=[speech],
        countries=[belarus],
    )
    PressReleasePageFactory(
        parent=newsroom,
        title="New release",
        publication_date=datetime.date(2026, 4, 1),
        topics=[speech],
        countries=[mexico],
    )
    return newsroom


def test_lists_every_kind_newest_first_with_kind_date_and_teaser(client, world):
    response = client.get(world.url)
    assert response.status_code == 200
    assert titles(response) == ["New release", "Campaign news", "Torture report", "Old release"]
    html = response.content.decode()
    for kind in ("Press Release", "Report", "Campaign Update"):
        assert f">{kind}</p>" in html
    assert "1 April 2026" in html
    assert "A short summary of New release." in html


def test_shows_image_with_its_credit(client, newsroom):
    image = NewsImageFactory(title="Vigil", credit="Photo by Ana Ruiz via Northlight")
    PressReleasePageFactory(parent=newsroom, title="With photo", hero_image=image)
    html = client.get(newsroom.url).content.decode()
    # The card's photo is decorative (the title beside it is the link), so its alt is empty.
    assert 'srcset="' in html
    assert "Photo: Ana Ruiz / Northlight" in html


def test_shows_the_press_contact(client, newsroom, press_settings):
    html = client.get(newsroom.url).content.decode()
    assert "Members of the press, reach out to" in html
    assert 'href="mailto:press@example.org"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=press-release", ["New release", "Old release"]),
        ("kind=report", ["Torture report"]),
        ("kind=campaign-update", ["Campaign news"]),
        ("topic=torture-prevention", ["Torture report", "Old release"]),
        ("country=belarus", ["Campaign news", "Old release"]),
        ("year=2026", ["New release", "Campaign news"]),
        ("kind=press-release&country=mexico", ["New release"]),
        ("topic=freedom-of-expression&year=2024", []),
    ],
)
def test_filters(client, world, query, expected):
    response = client.get(f"{world.url}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    "query",
    ["kind=video", "topic=no-such-topic", "country=atlantis", "year=last", "year=20260"],
)
def test_unknown_filter_value_is_a_404_not_a_500(client, world, query):
    assert client.get(f"{world.url}?{query}").status_code == 404


def test_pagination_keeps_filters_and_survives_bad_page_numbers(client, newsroom, settings):
    settings.NEWSROOM_PAGE_SIZE = PAGE_SIZE = 12
    topic = TopicFactory(name="Climate justice")
    for n in range(PAGE_SIZE + 3):
        PressReleasePageFactory(
            parent=newsroom, title=f"Release {n:02d}", publication_date=day(n), topics=[topic]
        )
    first = client.get(f"{newsroom.url}?topic=climate-justice")
    assert len(titles(first)) == PAGE_SIZE
    assert titles(first)[0] == f"Release {PAGE_SIZE + 2:02d}"
    html = first.content.decode()
    assert 'href="?topic=climate-justice&amp;page=2"' in html

    second = client.get(f"{newsroom.url}?topic=climate-justice&page=2")
    assert titles(second) == ["Release 02", "Release 01", "Release 00"]
    assert 'href="?topic=climate-justice&amp;page=1"' in second.content.decode()

    assert titles(client.get(f"{newsroom.url}?page=abc")) == titles(first)
    assert titles(client.get(f"{newsroom.url}?page=-3")) == titles(second)  # clamps to a page
    assert titles(client.get(f"{newsroom.url}?page=999")) == titles(second)


def test_unpublished_private_and_scheduled_pages_never_appear(client, newsroom, campaign_index):
    PressReleasePageFactory(parent=newsroom, title="Visible")
    PressReleasePageFactory(parent=newsroom, title="Draft", live=False)
    private = PressReleasePageFactory(parent=newsroom, title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    group_only = PressReleasePageFactory(parent=newsroom, title="Staff only")
    restriction = PageViewRestriction.objects.create(page=group_only, restriction_type="groups")
    restriction.groups.add(Group.objects.create(name="Staff"))
    # A page under a private campaign is private too.
    hidden_campaign = CampaignPageFactory(parent=campaign_index, title="Secret campaign")
    PageViewRestriction.objects.create(page=hidden_campaign, restriction_type="login")
    CampaignUpdatePageFactory(parent=hidden_campaign, title="Secret update")
    was_live = PressReleasePageFactory(parent=newsroom, title="Withdrawn")
    was_live.unpublish()

    assert titles(client.get(newsroom.url)) == ["Visible"]


# Queries for one listing page rendered after a publish (nothing cached yet), whatever its size:
# site and its root page, route (root, path, ancestors, page), view restrictions (2), filter
# options (2), private sections, count and page of articles, settings, the stored rows (the
# page's head, the cards).
EXPECTED_LISTING_QUERIES = 16


@pytest.mark.parametrize("page_size", [10, 50])
def test_listing_runs_the_same_number_of_queries_for_10_and_50_items(
    client, newsroom, django_assert_num_queries, settings, page_size
):
    settings.NEWSROOM_PAGE_SIZE = page_size
    topic, country = TopicFactory(), CountryFactory()
    for n in range(page_size):
        PressReleasePageFactory(
            parent=newsroom,
            hero_image=NewsImageFactory(),
            topics=[topic],
            countries=[country],
            publication_date=day(n),
        )
    client.get(newsroom.url)  # the first view creates the renditions
    bump_content_version()  # measured as after a publish: rendered, not read from the cache
    # A query string: rendered, not answered with the stored whole page.
    with django_assert_num_queries(EXPECTED_LISTING_QUERIES):
        response = client.get(newsroom.url + "?page=1")
    assert len(titles(response)) == page_size
