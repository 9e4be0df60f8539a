"""List items stored with their pages (cms.StoredRendering.api), read by the next list that
shows them instead of loading and serializing the pages again: always what the API would
work out now."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.app_cache import forget_answers
from cms.models import StoredRendering
from newsroom.factories import PressReleasePageFactory

LIST = {"type": "newsroom.PressReleasePage", "fields": "teaser,hero_image,campaign"}
# The app's browsing: one type in an order it may be listed by (articles newest first without
# one), answered from the stored items without the list's querysets when every item is stored.
BROWSING = {**LIST, "order": "-title"}
# A list narrowed by anything else takes the general path (filters, querysets, serializers).
FILTERED = {**LIST, "descendant_of": "root"}


@pytest.fixture(params=[FILTERED, BROWSING], ids=["filtered-path", "browsing"])
def question(request):
    return request.param


MARK = "Stored item marker"


def items(client, params=LIST, **headers):
    forget_answers()  # as for the first visitor to ask, in a process that kept nothing
    response = client.get("/api/v2/pages/", params, **headers)
    assert response.status_code == 200
    return {item["id"]: item for item in response.json()["items"]}


def mark_stored(page):
    """Give the page's stored items a title the API would never work out."""
    row = StoredRendering.objects.get(page_id=page.pk)
    stored = json.loads(row.api)
    for item in stored.values():
        item["title"] = MARK
    row.api = json.dumps(stored)
    row.save()


def test_a_listed_item_is_stored_and_read_back_for_anonymous_lists_only(client, newsdesk, question):
    first = items(client, question)
    release = newsdesk.release
    assert StoredRendering.objects.get(page_id=release.pk).api
    assert items(client, question) == first  # read back: the same answer
    mark_stored(release)
    assert items(client, question)[release.pk]["title"] == MARK  # served from the row
    # Another field set is another item; a session or a sync list works it out.
    other = items(client, {"type": "newsroom.PressReleasePage", "fields": "*"})
    assert other[release.pk]["title"] == release.title
    client.cookies["sessionid"] = "not-a-session"
    assert items(client)[release.pk]["title"] == release.title


def test_a_publish_a_credit_and_a_private_campaign_reach_stored_items(client, newsdesk, question):
    release = newsdesk.release
    items(client, question)
    release.title = "Floods displace thousands more"
    release.save_revision().publish()
    assert items(client, question)[release.pk]["title"] == "Floods displace thousands more"

    photo = newsdesk.photo
    photo.photographer = "Ana Ruiz"
    photo.save()
    assert "Ana Ruiz" in items(client, question)[release.pk]["hero_image"]["credit"]

    assert items(client, question)[release.pk]["campaign"]["title"] == "Stop the evictions"
    PageViewRestriction.objects.create(page=newsdesk.campaign, restriction_type="login")
    assert items(client, question)[release.pk]["campaign"] is None


def test_an_unpublished_page_leaves_the_list(client, newsdesk, question):
    release = newsdesk.release
    assert release.pk in items(client, question)
    release.unpublish()
    assert release.pk not in items(client, question)


@pytest.mark.parametrize(
    "order",
    ["-title", "publication_date", "-publication_date,title", None],
    ids=["title", "date", "date-then-title", "default"],
)
def test_a_browsing_list_of_stored_items_is_the_worked_out_answer_without_reading_pages(
    client, newsroom, newsdesk, order
):
    for number in range(5):
        PressReleasePageFactory(
            parent=newsroom,
            title=f"Release {number}",
            # Stored items are put into the list as stored: letters beyond ASCII, and the line
            # separator JSON escapes for JavaScript, come out as the framework writes them.
            teaser=f"Łódź court frees “reporters”\u2028 {number}",
            publication_date=datetime.date(2025, 3, 1 + number % 3),
        )
    question = {**LIST, "limit": "4", "offset": "1"}
    if order:
        question["order"] = order
    forget_answers()
    worked_out = client.get("/api/v2/pages/", {**question, "descendant_of": "root"})
    assert worked_out.status_code == 200  # the general path, which stores the items it lists

    forget_answers()
    with CaptureQueriesContext(connection) as queries:
        from_rows = client.get("/api/v2/pages/", question)

    assert from_rows.status_code == 200
    assert from_rows.content == worked_out.content
    assert "Łódź court".encode() in from_rows.content and b"\\u2028" in from_rows.content
    assert dict(from_rows.headers) == dict(worked_out.headers)
    assert len(from_rows.json()["items"]) == 4
    if order == "-title":
        titles = [item["title"] for item in from_rows.json()["items"]]
        assert titles == sorted(titles, reverse=True)[:4]
        # The window's ids and its stored items: no page type's table.
        assert not any("newsroom_" in query["sql"] for query in queries.captured_queries)
    # The list's ids (kept for the content version) and its stored items: no serializer's
    # queries, no rows of the pages themselves.
    assert len(queries) <= 4
    forget_answers()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v2/pages/", question).content == worked_out.content
    assert len(queries) <= 3


def test_a_published_page_takes_its_place_in_a_browsing_list_and_leaves_it(
    client, newsroom, newsdesk
):
    items(client, BROWSING)  # the list's order is read (and kept for the content version)
    release = PressReleasePageFactory(parent=newsroom, title="Zambia court frees reporters")
    release.save_revision().publish()

    listed = items(client, BROWSING)
    assert list(listed)[0] == release.pk
    total = client.get("/api/v2/pages/", BROWSING).json()["meta"]["total_count"]
    assert total == len(listed)

    release.unpublish()
    assert release.pk not in items(client, BROWSING)
