"""deploy/varnish/newsdesk.vcl and cms/cache_purge.py, through a real varnishd and gunicorn."""

import datetime
import time

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from newsroom.factories import PressReleasePageFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fetch_twice(stack, path, **kwargs):
    stack.get(path, **kwargs)
    return stack.get(path, **kwargs)


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def retitle(page, title):
    page = page.specific.__class__.objects.get(pk=page.pk)
    page.title = title
    page.save_revision().publish()
    return page


def editor_cookies():
    editor, _ = get_user_model().objects.get_or_create(
        username="editor", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(editor)
    return {"sessionid": client.cookies["sessionid"].value}


def test_anonymous_pages_are_cached(stack, site_pages):
    for path in ["/", "/newsroom/", "/newsroom/released/", "/campaigns/free/"]:
        response = fetch_twice(stack, path)
        assert response.status_code == 200, path
        assert response.headers["X-Cache"] == "HIT", path


def test_a_campaign_update_shows_on_its_campaign_page_once_published(stack, site_pages):
    assert "Petition delivered" in fetch_twice(stack, "/campaigns/free/").text
    retitle(site_pages["update"], "Petition handed to the minister")
    assert "Petition handed to the minister" in stack.get("/campaigns/free/").text
    assert "Petition handed to the minister" in stack.get("/campaigns/free/petition/").text


def test_a_publish_shows_on_the_next_request_on_every_page_that_lists_it(stack, site_pages):
    topic = site_pages["topic"].slug
    pages = [
        "/newsroom/released/",
        "/newsroom/",
        f"/newsroom/?topic={topic}",
        "/newsroom/?page=1",
        "/",
        "/search/?q=journalists",
        f"/search/?q=journalists&topic={topic}&kind=press-release",
    ]
    # Feeds, the suggestions and the API print the title as data, not as an HTML element.
    data = [
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/kind/press-release/rss/",
        f"/feeds/topic/{topic}/atom/",
        "/feeds/campaign/free/rss/",
        "/search/suggest/?q=journ&format=json",
        "/api/v2/search/?q=journalists",
        "/api/v2/search/?kind=press-release&page_size=20",
    ]
    for path in pages + data:
        response = fetch_twice(stack, path)
        assert response.headers["X-Cache"] == "HIT", path
        assert "Journalists released" in response.text, path

    retitle(site_pages["release"], "Journalists freed after campaign")

    for path in pages:
        response = stack.get(path)
        assert ">Journalists freed after campaign<" in response.text, path
        assert ">Journalists released<" not in response.text, path  # a heading or a card link
    for path in data:
        # The old title may remain in the body text: the new one shows the copy is fresh.
        assert "Journalists freed after campaign" in stack.get(path).text, path
    retitle(site_pages["release"], "Journalists released")


def test_the_sitemap_lists_a_page_on_the_next_request_after_publishing(stack, site_pages):
    assert "/newsroom/statement/" not in fetch_twice(stack, "/sitemap.xml").text
    statement = PressReleasePageFactory(
        parent=site_pages["newsroom"], title="New statement", slug="statement", live=False
    )
    statement.save_revision().publish()
    assert "/newsroom/statement/" in stack.get("/sitemap.xml").text
    Page.objects.get(pk=statement.pk).specific.unpublish()
    assert "/newsroom/statement/" not in stack.get("/sitemap.xml").text


def test_title_suggestions_keep_json_and_html_apart(stack, site_pages):
    as_json = fetch_twice(stack, "/search/suggest/?q=journ", headers={"Accept": "application/json"})
    as_html = fetch_twice(stack, "/search/suggest/?q=journ", headers={"Accept": "text/html"})
    assert as_json.headers["Content-Type"] == "application/json"
    assert as_json.json()["suggestions"][0]["title"] == "Journalists released"
    assert as_html.headers["Content-Type"].startswith("text/html")
    assert as_json.headers["X-Cache"] == as_html.headers["X-Cache"] == "HIT"


def test_a_campaign_change_shows_on_its_updates(stack, site_pages):
    assert "Free the press" in fetch_twice(stack, "/campaigns/free/petition/").text
    retitle(site_pages["campaign"], "Free every journalist")
    assert "Free every journalist" in stack.get("/campaigns/free/petition/").text
    assert "Free every journalist" in stack.get("/feeds/campaign/free/rss/").text


def test_a_campaign_with_an_accented_address_purges_its_updates(stack, site_pages):
    campaign = CampaignPageFactory(
        parent=site_pages["campaigns"], title="Justicia ya", slug="justicia-ñ"
    )
    CampaignUpdatePageFactory(parent=campaign, title="Vigil held", slug="vigil")
    path = "/campaigns/justicia-%C3%B1/vigil/"
    assert "Justicia ya" in fetch_twice(stack, path).text

    retitle(campaign, "Justicia para todos")

    assert "Justicia para todos" in stack.get(path).text


def test_unpublishing_removes_the_page_and_its_listing_cards(stack, site_pages):
    update = site_pages["update"]
    assert fetch_twice(stack, "/campaigns/free/petition/").status_code == 200
    assert "Petition delivered" in fetch_twice(stack, "/campaigns/free/").text
    assert "Petition delivered" in fetch_twice(stack, "/newsroom/").text

    update.specific.unpublish()
    try:
        assert stack.get("/campaigns/free/petition/").status_code == 404
        assert "Petition delivered" not in stack.get("/campaigns/free/").text
        assert "Petition delivered" not in stack.get("/newsroom/").text
    finally:
        Page.objects.get(pk=update.pk).specific.save_revision().publish()
    assert stack.get("/campaigns/free/petition/").status_code == 200


def test_moving_a_page_purges_its_old_and_new_places(stack, site_pages):
    update = Page.objects.get(pk=site_pages["update"].pk)
    assert fetch_twice(stack, "/campaigns/free/petition/").status_code == 200
    assert "Petition delivered" not in fetch_twice(stack, "/campaigns/courts/").text
    assert fetch_twice(stack, "/campaigns/courts/petition/").status_code == 404

    update.move(Page.objects.get(pk=site_pages["other_campaign"].pk), pos="last-child")
    try:
        # The old address now redirects (Wagtail records a redirect on move).
        old = stack.get("/campaigns/free/petition/")
        assert old.status_code == 301
        assert old.headers["Location"].endswith("/campaigns/courts/petition/")
        assert stack.get("/campaigns/courts/petition/").status_code == 200
        assert "Petition delivered" in stack.get("/campaigns/courts/").text
        assert "Petition delivered" not in stack.get("/campaigns/free/").text
    finally:
        Page.objects.get(pk=update.pk).move(
            Page.objects.get(pk=site_pages["campaign"].pk), pos="last-child"
        )


def test_deleting_a_page_purges_it_and_its_listings(stack, site_pages):
    doomed = PressReleasePageFactory(
        parent=site_pages["newsroom"], title="Retracted statement", slug="retracted"
    )
    assert fetch_twice(stack, "/newsroom/retracted/").status_code == 200
    assert "Retracted statement" in fetch_twice(stack, "/newsroom/").text
    assert "Retracted statement" in fetch_twice(stack, "/").text

    Page.objects.get(pk=doomed.pk).delete()

    assert stack.get("/newsroom/retracted/").status_code == 404
    assert "Retracted statement" not in stack.get("/newsroom/").text
    assert "Retracted statement" not in stack.get("/").text


def test_making_a_page_private_takes_it_off_every_cached_page(stack, site_pages):
    affected = ["/newsroom/", "/", "/feeds/rss/", "/search/?q=journalists"]
    for path in affected:
        assert "Journalists released" in fetch_twice(stack, path).text, path
    assert fetch_twice(stack, "/newsroom/released/").status_code == 200

    PageViewRestriction.objects.create(
        page=site_pages["release"], restriction_type=PageViewRestriction.LOGIN
    )
    try:
        assert stack.get("/newsroom/released/").status_code == 302  # to the login page
        for path in affected:
            assert "Journalists released" not in stack.get(path).text, path
    finally:
        PageViewRestriction.objects.filter(page=site_pages["release"]).delete()
    assert "Journalists released" in stack.get("/newsroom/").text


def test_a_renamed_topic_shows_on_the_next_request_on_the_pages_that_show_it(stack, site_pages):
    for path in ["/newsroom/", "/newsroom/released/"]:
        assert "Press freedom" in fetch_twice(stack, path).text, path

    topic = site_pages["topic"]
    topic.name = "Freedom of the press"
    topic.save()

    for path in ["/newsroom/", "/newsroom/released/"]:
        response = stack.get(path)
        assert "Freedom of the press" in response.text, path
        assert "Press freedom" not in response.text, path


def test_logged_in_editors_are_never_served_from_or_stored_in_the_cache(stack, site_pages):
    cookies = editor_cookies()
    fetch_twice(stack, "/newsroom/released/")  # the anonymous copy is cached

    for _ in range(2):
        as_editor = stack.get("/newsroom/released/", cookies=cookies)
        assert as_editor.headers["X-Cache"] == "PASS"
        assert "wagtail-userbar" in as_editor.text  # rendered for this editor only
    anonymous = stack.get("/newsroom/released/")
    assert anonymous.headers["X-Cache"] == "HIT"
    assert "wagtail-userbar" not in anonymous.text


def test_previews_of_drafts_are_never_cached(stack, site_pages):
    cookies = editor_cookies()
    release = site_pages["release"].specific.__class__.objects.get(pk=site_pages["release"].pk)
    path = f"/admin/pages/{release.pk}/view_draft/"
    try:
        release.title = "Draft headline one"
        release.save_revision()
        assert "Draft headline one" in stack.get(path, cookies=cookies).text
        release.title = "Draft headline two"
        release.save_revision()
        preview = stack.get(path, cookies=cookies)
        assert "Draft headline two" in preview.text
        assert preview.headers["X-Cache"] == "PASS"
        # An anonymous visitor of the draft URL never gets the editor's copy.
        assert "Draft headline" not in stack.get(path).text
        assert "Draft headline" not in fetch_twice(stack, "/newsroom/released/").text
    finally:
        retitle(release, "Journalists released")


def test_no_cached_response_sets_a_cookie(stack, site_pages):
    for path in ["/", "/newsroom/", "/newsroom/released/", "/campaigns/", "/missing/"]:
        response = fetch_twice(stack, path, cookies={"csrftoken": "x", "_ga": "GA1.1"})
        assert response.headers["X-Cache"] == "HIT", path
        assert "set-cookie" not in response.headers, path


def test_a_response_that_sets_a_cookie_is_not_cached(stack, site_pages):
    # A password-protected page shows a form with a CSRF token: a cookie for each visitor.
    PageViewRestriction.objects.create(
        page=site_pages["other_campaign"],
        restriction_type=PageViewRestriction.PASSWORD,
        password="s3cret",
    )
    try:
        first = stack.get("/campaigns/courts/")
        second = stack.get("/campaigns/courts/")
        assert "set-cookie" in first.headers
        assert "set-cookie" in second.headers
        assert second.headers["X-Cache"] != "HIT"
    finally:
        PageViewRestriction.objects.filter(page=site_pages["other_campaign"]).delete()


def test_scheduled_publishing_by_beat_and_worker_purges_the_cache(stack, site_pages):
    """Beat ticks every second here (SCHEDULED_PUBLISHING_INTERVAL), the worker publishes."""
    scheduled = PressReleasePageFactory(
        parent=site_pages["newsroom"], title="Embargoed report", slug="embargoed", live=False
    )
    scheduled.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    scheduled.save_revision().publish()
    try:
        assert not Page.objects.get(pk=scheduled.pk).live
        assert "Embargoed report" not in fetch_twice(stack, "/newsroom/").text
        assert wait_until(lambda: "Embargoed report" in stack.get("/newsroom/").text), (
            "the scheduled page never appeared: is beat ticking and the worker publishing?"
        )
        assert stack.get("/newsroom/embargoed/").status_code == 200
    finally:
        Page.objects.filter(pk=scheduled.pk).delete()


def test_the_health_endpoint_is_never_cached(stack, site_pages):
    # Each test's database flush drops the worker's heartbeat row until its next beat (1 s here).
    assert wait_until(lambda: stack.get("/healthz/").status_code == 200, timeout=10)
    for _ in range(2):
        response = stack.get("/healthz/")
        assert response.status_code == 200
        assert response.json()["services"] == {
            "database": "ok",
            "cache": "ok",
            "broker": "ok",
            "search": "ok",
            "worker": "ok",
        }
        assert response.headers["X-Cache"] == "PASS"


def test_a_purge_from_an_address_the_deployment_did_not_list_is_refused(stack, site_pages):
    path = "/newsroom/"
    assert fetch_twice(stack, path).headers["X-Cache"] == "HIT"
    # Another loopback address stands for any visitor arriving through the load balancer.
    outsider = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"))
    with outsider:
        refused = outsider.request(
            "PURGE", stack.varnish_purge_url + "/*", headers={"Host": "localhost"}
        )
    assert refused.status_code == 405
    assert stack.get(path).headers["X-Cache"] == "HIT"

    allowed = httpx.request("PURGE", stack.varnish_purge_url + "/*", headers={"Host": "localhost"})
    assert allowed.status_code == 200
    assert stack.get(path).headers["X-Cache"] == "MISS"


def test_a_publish_reaches_visitors_under_every_host_name(stack, site_pages):
    """The Site is "localhost"; load tests and some visitors use the address instead."""
    names = ["localhost", "127.0.0.1", "LOCALHOST:80"]
    for name in names:
        response = fetch_twice(stack, "/newsroom/released/", headers={"Host": name})
        assert response.headers["X-Cache"] == "HIT", name
        assert "Journalists released" in response.text

    retitle(site_pages["release"], "Journalists freed after trial")

    for name in names:
        for path in ["/newsroom/released/", "/newsroom/"]:
            response = stack.get(path, headers={"Host": name})
            assert "Journalists freed after trial" in response.text, (name, path)
