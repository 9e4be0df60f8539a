"""Whole pages served from their stored row (cms/whole_pages.py), measured as after a publish
elsewhere: the application caches answer nothing (APP_CACHES off), so every request that is not
answered from the row renders."""

from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from cms import stored_renderings
from cms.factories import TopicFactory
from cms.models import StoredRendering
from newsroom.factories import PressReleasePageFactory
from tests.frontend.stored import published, row, worked_out  # noqa: F401

MARK = "<!-- the whole page from its row -->"


def mark_whole(page):
    """Tag the stored whole page, so that a response shows whether it came from the row."""
    stored = row(page)
    assert stored.whole is not None, "no whole page stored"
    stored.whole = stored.whole.replace("</body>", MARK + "</body>")
    stored.save()


def test_publishing_stores_the_whole_page_and_a_visitor_gets_it_in_two_queries(
    client, newsroom_content, django_assert_num_queries
):
    release = published(newsroom_content["release"])
    stored = row(release)
    assert stored.whole_path == release.url
    live = client.get(release.url + "?utm_source=x")  # a query string: rendered
    assert live.content.decode() == stored.whole
    mark_whole(release)
    # The site and the row: no routing, no page, no restrictions, no settings.
    with django_assert_num_queries(2):
        response = client.get(release.url)
    html = response.content.decode()
    assert response.status_code == 200 and MARK in html
    assert html.replace(MARK, "") == live.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    # The JSON-LD in the stored head stays allowed by the Content-Security-Policy.
    assert stored.whole_scripts and stored.whole_scripts[0] in response["Content-Security-Policy"]
    assert response["Content-Security-Policy"] == live["Content-Security-Policy"]
    assert set(response.headers) == set(live.headers) and response["Vary"] == live["Vary"]
    head = client.head(release.url)
    assert head.status_code == 200


def test_a_page_without_a_whole_page_is_rendered_then_kept(client, newsroom_content):
    home = newsroom_content["release"].get_parent().get_parent()
    assert not StoredRendering.objects.filter(page_id=home.pk, whole__isnull=False).exists()
    first = client.get("/")
    assert first.status_code == 200
    assert row(home).whole == first.content.decode() and row(home).whole_path == "/"
    mark_whole(home)
    assert MARK in client.get("/").content.decode()


def test_signed_in_editors_queries_and_restricted_pages_never_get_it(client, newsroom_content):
    release = published(newsroom_content["release"])
    mark_whole(release)
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    editor_client = type(client)()
    editor_client.force_login(editor)
    assert MARK not in editor_client.get(release.url).content.decode()
    assert MARK not in client.get(release.url + "?q=court").content.decode()
    # A session cookie of any kind (a typed page password, a sign-in form): rendered.
    client.cookies["sessionid"] = "not-a-session"
    assert MARK not in client.get(release.url).content.decode()
    del client.cookies["sessionid"]

    PageViewRestriction.objects.create(page=release, restriction_type="login")
    assert row(release).whole is None  # forgotten with the change
    response = client.get(release.url)
    assert response.status_code == 302 and "/_util/login/" in response["Location"]
    assert row(release).whole is None  # and never kept while restricted


def test_an_unpublished_page_is_gone(client, newsroom_content):
    release = published(newsroom_content["release"])
    mark_whole(release)
    release.unpublish()
    assert client.get(release.url).status_code == 404


def test_a_new_revision_replaces_the_whole_page_at_once(client, newsroom_content):
    release = published(newsroom_content["release"])
    client.get(release.url)
    release.title = "Borderland: student freed on appeal"
    published(release)
    html = client.get(release.url).content.decode()
    assert "Borderland: student freed on appeal" in html
    assert "Court jails student" not in html


def test_publishing_an_article_refreshes_the_pages_listing_it_and_only_those(
    client, newsroom_content
):
    release = published(newsroom_content["release"])  # detention, freedom of expression
    report = published(newsroom_content["report"])  # detention
    update = published(newsroom_content["update"])  # freedom of expression
    # Each publish above emptied the whole pages listing the page: visitors store them again.
    for url in ("/", "/newsroom/", "/campaigns/", release.url, report.url, update.url):
        client.get(url)
    other_topic = published(
        PressReleasePageFactory(
            parent=release.get_parent(),
            title="Coastal towns sue over flooding",
            topics=[TopicFactory(name="Climate justice", slug="climate-justice")],
        )
    )
    # Nothing it shares a topic with lists it: their whole pages stay.
    for page in (release, report, update):
        assert row(page).whole is not None, page.title

    new = published(
        PressReleasePageFactory(
            parent=release.get_parent(),
            title="Detention centre closed after our report",
            topics=[newsroom_content["detention"]],
        )
    )
    assert row(update).whole is not None  # no topic in common
    for page in (release, report):
        assert row(page).whole is None
        assert "Detention centre closed after our report" in client.get(page.url).content.decode()
    for url in ("/", "/newsroom/"):
        html = client.get(url).content.decode()
        assert new.title in html and other_topic.title in html, url

    new.unpublish()
    for url in (release.url, report.url, "/", "/newsroom/"):
        assert new.title not in client.get(url).content.decode(), url


def test_a_corrected_photo_credit_reaches_the_related_cards(client, newsroom_content):
    release = published(newsroom_content["release"])
    report = published(newsroom_content["report"])  # lists the release as related
    assert "Ilse Marten" in client.get(report.url).content.decode()
    photo = release.hero_image
    photo.photographer = "Ilse Martens"
    photo.save()
    assert row(report).whole is None
    assert "Ilse Martens" in client.get(report.url).content.decode()


def test_a_whole_page_worked_out_before_a_change_is_not_kept(newsroom_content):
    release = published(newsroom_content["release"])
    report = published(newsroom_content["report"])
    request = stored_renderings.request_for(report)
    StoredRendering.objects.filter(page_id=report.pk).update(whole=None)
    token = stored_renderings.claim(request, [report])[report.pk]
    # The release, which the report lists as related, changes meanwhile.
    release.title = "A title the stale rendering never saw"
    published(release)
    kept = stored_renderings.keep_whole(request, report, token, "<html>stale</html>")
    assert not kept and row(report).whole is None


def test_the_command_stores_the_whole_pages_missing(client, newsroom_content):
    from django.core.management import call_command

    release = newsroom_content["release"]  # live, never rendered
    report = published(newsroom_content["report"])
    # Its main content and head stay stored; its whole page went with a page it lists.
    StoredRendering.objects.filter(page_id=report.pk).update(whole=None)
    call_command("store_renderings")
    assert release.title in row(release).whole and row(release).whole_path == release.url
    assert report.title in row(report).whole
    mark_whole(report)
    assert MARK in client.get(report.url).content.decode()
