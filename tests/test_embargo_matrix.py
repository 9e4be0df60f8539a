"""An embargoed article is absent from every surface until go-live, and leaves them all when it is
unpublished or made private. Time is moved with a test clock; go-live happens through the same
`publish_scheduled` command the scheduler runs every minute."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from campaigns.social.models import CrossPost, Network, SocialAccount
from cms.factories import TopicFactory
from newsroom.factories import PressReleasePageFactory

pytestmark = pytest.mark.django_db

TITLE = "Embargoed: new evidence of abuse"


def html(client, url):
    response = client.get(url)
    # 404 for missing pages, 302 to the login form for private ones: either way, not seen.
    assert response.status_code in (200, 302, 404), (url, response.status_code)
    return response.content.decode() if response.status_code == 200 else ""


def api(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.json()["items"]


# Each surface answers: does a visitor (or the app) see the article there?
SURFACES = {
    "its own URL": lambda client, page, ctx: client.get(page.url).status_code == 200,
    "newsroom listing": lambda client, page, ctx: TITLE in html(client, ctx["newsroom"].url),
    "filtered listing": lambda client, page, ctx: (
        TITLE in html(client, f"{ctx['newsroom'].url}?topic={ctx['topic'].slug}")
    ),
    "home page": lambda client, page, ctx: TITLE in html(client, "/"),
    "related items": lambda client, page, ctx: TITLE in html(client, ctx["neighbour"].url),
    "RSS feed": lambda client, page, ctx: TITLE in html(client, "/feeds/rss/"),
    "Atom feed of its topic": lambda client, page, ctx: (
        TITLE in html(client, f"/feeds/topic/{ctx['topic'].slug}/atom/")
    ),
    "sitemap": lambda client, page, ctx: page.url in html(client, "/sitemap.xml"),
    "search results": lambda client, page, ctx: TITLE in html(client, "/search/?q=abuse"),
    "search facet counts": lambda client, page, ctx: any(
        facet["value"] == ctx["year"] and facet["count"] > 0
        for facet in client.get("/api/v2/search/?topic=torture-prevention").json()["facets"]["year"]
    ),
    "API page list": lambda client, page, ctx: any(
        item["title"] == TITLE for item in api(client, "/api/v2/pages/?order=-first_published_at")
    ),
    "API page detail": lambda client, page, ctx: (
        client.get(f"/api/v2/pages/{page.pk}/").status_code == 200
    ),
    "API total of a type with words": lambda client, page, ctx: (
        client.get("/api/v2/pages/?type=newsroom.PressReleasePage&search=abuse").json()["meta"][
            "total_count"
        ]
        > 0
    ),
    "search API results": lambda client, page, ctx: any(
        hit["title"] == TITLE for hit in client.get("/api/v2/search/?q=abuse").json()["results"]
    ),
    "search API count": lambda client, page, ctx: (
        client.get("/api/v2/search/?q=abuse").json()["total"] > 0
    ),
}


@pytest.fixture
def world(newsroom, home):
    topic = TopicFactory(name="Torture prevention")
    neighbour = PressReleasePageFactory(
        parent=newsroom,
        title="Older release",
        topics=[topic],
        publication_date=datetime.date(2019, 5, 1),
    )
    year = str(timezone.localdate().year)
    return {
        "newsroom": newsroom,
        "topic": topic,
        "neighbour": neighbour,
        "home": home,
        "year": year,
    }


def visible_on(client, page, ctx):
    return {name for name, seen in SURFACES.items() if seen(client, page, ctx)}


def press_team_chat():
    """A social account that posts every kind of page (its hook is never reached here)."""
    return SocialAccount.objects.create(
        network=Network.WEBHOOK,
        display_name="Press team chat",
        webhook_url="http://127.0.0.1:9/hook",
    )


def test_scheduled_article_appears_everywhere_only_after_go_live(client, world):
    chat = press_team_chat()
    start = timezone.now().replace(microsecond=0)
    go_live = start + datetime.timedelta(hours=6)
    with time_machine.travel(start, tick=False):
        page = PressReleasePageFactory(
            parent=world["newsroom"], title=TITLE, live=False, topics=[world["topic"]]
        )
        page.go_live_at = go_live
        page.save_revision(log_action=True).publish()
        call_command("publish_scheduled")
        assert visible_on(client, page, world) == set()
        assert not CrossPost.objects.filter(page=page).exists()

    with time_machine.travel(go_live - datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled")
        assert visible_on(client, page, world) == set()
        assert not CrossPost.objects.filter(page=page).exists()

    with time_machine.travel(go_live + datetime.timedelta(seconds=30), tick=False):
        call_command("publish_scheduled")  # the scheduler's minute tick
        page.refresh_from_db()
        assert page.live
        assert visible_on(client, page, world) == set(SURFACES)
        # Cross-posting starts at go-live: one post queued for the account, none before.
        assert list(CrossPost.objects.filter(page=page).values_list("account", flat=True)) == [
            chat.pk
        ]


@pytest.mark.parametrize("withdrawal", ["unpublished", "made private", "parent made private"])
def test_published_article_leaves_every_surface_when_withdrawn(client, world, withdrawal):
    page = PressReleasePageFactory(parent=world["newsroom"], title=TITLE, topics=[world["topic"]])
    assert visible_on(client, page, world) == set(SURFACES)
    if withdrawal == "unpublished":
        page.unpublish()
    elif withdrawal == "made private":
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    else:
        PageViewRestriction.objects.create(page=world["newsroom"], restriction_type="login")
    assert visible_on(client, page, world) == set()
