"""The mobile app's offline sync: an app keeps a copy of the articles and follows the site.

`App` does what docs/mobile-app.md tells an app to do: page through
/api/v2/pages/?updated_since=<cursor>, then read /api/v2/changes/?since=<the same cursor>.
After every round the copy must be exactly what the site lists: nothing missing, nothing stale.
"""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.models import PageChange
from newsroom.factories import PressReleasePageFactory

pytestmark = pytest.mark.django_db

ARTICLES = "newsroom.ArticlePage"


def get_json(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


class App:
    """An app's offline copy of the articles and the cursor it syncs from."""

    def __init__(self, client, limit=2):
        self.client = client
        self.limit = limit
        self.pages = {}
        self.cursor = "0"
        self.requests = 0

    def get(self, path, **params):
        self.requests += 1
        return get_json(self.client, path, params)

    def sync(self, between_pages=None):
        self.requests = 0
        start = position = self.cursor
        while True:
            data = self.get(
                "/api/v2/pages/", type=ARTICLES, updated_since=position, limit=self.limit
            )
            self.pages.update({item["id"]: item for item in data["items"]})
            position = data["meta"]["next_cursor"]
            if between_pages is not None:
                between_pages()
                between_pages = None
            if data["meta"]["total_count"] <= len(data["items"]):
                break
        since = start
        while True:
            data = self.get("/api/v2/changes/", since=since, limit=self.limit)
            for item in data["items"]:
                self.pages.pop(item["id"], None)
            since = data["meta"]["next_cursor"]
            if data["meta"]["total_count"] <= len(data["items"]):
                break
        self.cursor = position


def site_articles(client):
    """Every article the site lists now, as the app would store it."""
    items, offset = [], 0
    while True:
        data = get_json(client, "/api/v2/pages/", {"type": ARTICLES, "limit": 50, "offset": offset})
        items += data["items"]
        offset += 50
        if offset >= data["meta"]["total_count"]:
            return {item["id"]: item for item in items}


def assert_converged(app, client):
    site = site_articles(client)
    missing = site.keys() - app.pages.keys()
    gone = app.pages.keys() - site.keys()
    stale = {pk for pk in site.keys() & app.pages.keys() if site[pk] != app.pages[pk]}
    assert (missing, gone, stale) == (set(), set(), set())


def edit(page, **values):
    page = page.specific
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_full_then_incremental_sync_converges(client, newsdesk, newsroom):
    app = App(client)
    app.sync()
    assert_converged(app, client)
    assert set(app.pages) == {page.pk for page in newsdesk.public_articles}

    # What editors do between two syncs.
    new = PressReleasePageFactory(parent=newsroom, title="Dam breaks", live=False)
    new.save_revision().publish()
    edit(newsdesk.release, title="Floods displace tens of thousands")
    newsdesk.report.specific.unpublish()
    newsdesk.old_release.delete()
    PageViewRestriction.objects.create(
        page=newsdesk.update, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    expiring = PressReleasePageFactory(parent=newsroom, title="Expiring statement", live=False)
    expiring.expire_at = timezone.now() + datetime.timedelta(minutes=5)
    expiring.save_revision().publish()
    app.sync()
    assert expiring.pk in app.pages
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        call_command("publish_scheduled")
    app.sync()

    assert_converged(app, client)
    assert set(app.pages) == {newsdesk.release.pk, new.pk}
    assert app.pages[newsdesk.release.pk]["title"] == "Floods displace tens of thousands"


def test_departures_say_why_and_when(client, newsdesk, newsroom):
    before = timezone.now()
    cursor = str(PageChange.objects.order_by("id").last().id)
    newsdesk.report.specific.unpublish()
    newsdesk.old_release.delete()
    PageViewRestriction.objects.create(
        page=newsdesk.update, restriction_type=PageViewRestriction.LOGIN
    )
    archive = Page.objects.get(pk=newsdesk.release.pk)
    archive.move(newsdesk.release.get_parent().get_parent().get_parent(), pos="last-child")

    data = get_json(client, "/api/v2/changes/", {"since": cursor})

    reasons = {item["id"]: item["reason"] for item in data["items"]}
    assert reasons == {
        newsdesk.report.pk: "unpublished",
        newsdesk.old_release.pk: "deleted",
        newsdesk.update.pk: "private",
        newsdesk.release.pk: "moved",
    }
    assert all(datetime.datetime.fromisoformat(item["left_at"]) >= before for item in data["items"])
    assert data["meta"]["total_count"] == 4


def test_a_publish_between_two_pages_of_a_sync_is_not_missed(client, newsdesk, newsroom):
    app = App(client, limit=2)
    added = []

    def publish_meanwhile():
        page = PressReleasePageFactory(parent=newsroom, title="Breaking", live=False)
        page.save_revision().publish()
        # And an article the app already has changes too.
        first = next(iter(app.pages))
        edit(Page.objects.get(pk=first), title="Edited during the sync")
        added.append(page.pk)

    app.sync(between_pages=publish_meanwhile)

    assert added[0] in app.pages
    assert_converged(app, client)


def test_a_departure_during_a_sync_is_caught_by_the_next(client, newsdesk, newsroom):
    app = App(client, limit=2)
    app.sync(between_pages=lambda: Page.objects.get(pk=next(iter(app.pages))).unpublish())
    app.sync()

    assert_converged(app, client)


def test_withdrawn_and_republished_page_comes_back(client, newsdesk):
    app = App(client)
    app.sync()
    newsdesk.release.specific.unpublish()
    app.sync()
    assert newsdesk.release.pk not in app.pages
    edit(newsdesk.release, title="Corrected")
    app.sync()

    assert app.pages[newsdesk.release.pk]["title"] == "Corrected"
    assert_converged(app, client)


def test_publishing_a_private_page_keeps_it_a_departure(client, newsdesk):
    edit(newsdesk.private)

    change = PageChange.objects.get(page_id=newsdesk.private.pk)
    assert change.left == "private"
    ids = [item["id"] for item in get_json(client, "/api/v2/changes/", {"since": "0"})["items"]]
    assert newsdesk.private.pk in ids


def test_a_photo_credit_correction_is_a_change_of_the_pages_showing_it(client, newsdesk):
    app = App(client)
    app.sync()
    photo = newsdesk.photo
    photo.photographer, photo.agency = "R. Mensah", "Newsdesk"
    photo.save()
    app.sync()

    assert app.pages[newsdesk.release.pk]["hero_image"]["credit"] == "R. Mensah / Newsdesk"
    assert_converged(app, client)


def test_incremental_sync_takes_two_requests(client, newsdesk, newsroom):
    app = App(client, limit=50)
    app.sync()
    for number in range(3):
        page = PressReleasePageFactory(parent=newsroom, title=f"New {number}", live=False)
        page.save_revision().publish()
    newsdesk.report.specific.unpublish()
    app.sync()

    assert app.requests == 2
    assert_converged(app, client)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": ""}, "updated_since"),
        ({"updated_since": "0", "order": "title"}, "order"),
        ({"updated_since": "0", "offset": "20"}, "offset"),
        ({"updated_since": "0", "search": "floods"}, "search"),
    ],
)
def test_bad_sync_parameters_give_400(client, newsroom, params, parameter):
    response = client.get("/api/v2/pages/", params)

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "since"),
        ({"since": "x"}, "since"),
        ({"since": "0", "limit": "9999"}, "limit"),
        ({"since": "0", "page": "2"}, "page"),
    ],
)
def test_bad_feed_parameters_give_400(client, newsroom, params, parameter):
    response = client.get("/api/v2/changes/", params)

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_sync_queries_do_not_grow_with_page_size(
    client, newsdesk, newsroom, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.app_cache import forget_answers

    for number in range(30):
        page = PressReleasePageFactory(
            parent=newsroom, live=False, hero_image=newsdesk.photo, topics=[newsdesk.climate]
        )
        page.save_revision().publish()
        if number % 3 == 0:
            page.unpublish()
    for path, params in (
        ("/api/v2/pages/", {"type": ARTICLES, "updated_since": "0"}),
        ("/api/v2/pages/", {"updated_since": "0"}),
        ("/api/v2/changes/", {"since": "0"}),
    ):
        client.get(path, {**params, "limit": 2})
        forget_answers()
        with CaptureQueriesContext(connection) as small:
            client.get(path, {**params, "limit": 2})
        forget_answers()
        with django_assert_max_num_queries(len(small)):
            data = client.get(path, {**params, "limit": 40}).json()
        assert len(data["items"]) == min(data["meta"]["total_count"], 40) > 2, path
