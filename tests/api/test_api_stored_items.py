"""List items stored with their pages (cms.StoredRendering.api), read by the next list that
shows them instead of loading and serializing the pages again: always what the API would
work out now."""

import json

from wagtail.models import PageViewRestriction

from cms.app_cache import forget_answers
from cms.models import StoredRendering

LIST = {"type": "newsroom.PressReleasePage", "fields": "teaser,hero_image,campaign"}
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


def test_a_listed_item_is_stored_and_read_back_for_anonymous_lists_only(client, newsdesk):
    first = items(client)
    release = newsdesk.release
    assert StoredRendering.objects.get(page_id=release.pk).api
    assert items(client) == first  # read back: the same answer
    mark_stored(release)
    assert items(client)[release.pk]["title"] == MARK  # served from the row
    # Another field set is another item; a session or a sync list works it out.
    other = items(client, {"type": "newsroom.PressReleasePage", "fields": "*"})
    assert other[release.pk]["title"] == release.title
    client.cookies["sessionid"] = "not-a-session"
    assert items(client)[release.pk]["title"] == release.title


def test_a_publish_a_credit_and_a_private_campaign_reach_stored_items(client, newsdesk):
    release = newsdesk.release
    items(client)
    release.title = "Floods displace thousands more"
    release.save_revision().publish()
    assert items(client)[release.pk]["title"] == "Floods displace thousands more"

    photo = newsdesk.photo
    photo.photographer = "Ana Ruiz"
    photo.save()
    assert "Ana Ruiz" in items(client)[release.pk]["hero_image"]["credit"]

    assert items(client)[release.pk]["campaign"]["title"] == "Stop the evictions"
    PageViewRestriction.objects.create(page=newsdesk.campaign, restriction_type="login")
    assert items(client)[release.pk]["campaign"] is None


def test_an_unpublished_page_leaves_the_list(client, newsdesk):
    release = newsdesk.release
    assert release.pk in items(client)
    release.unpublish()
    assert release.pk not in items(client)
