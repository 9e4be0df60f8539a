"""Pages served from the renderings kept when they were published (cms/stored_renderings.py,
frontend/templatetags/stored_renderings.py), measured as after a publish elsewhere: the
application caches answer nothing (APP_CACHES off)."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from cms import stored_renderings
from cms.app_cache import forget_local
from cms.models import StoredRendering
from newsroom.factories import PressReleasePageFactory
from tests.frontend.stored import published, row, worked_out  # noqa: F401

MARK = "<!-- served from the stored row -->"


def mark_stored(page):
    """Tag every stored part, so that a response shows whether it came from the row."""
    stored = row(page)
    for part in ("main", "head", "card"):
        if getattr(stored, part) is not None:
            setattr(stored, part, getattr(stored, part) + MARK)
    stored.whole = None  # put together from its parts (test_whole_pages.py: the whole page)
    stored.save()


def live_html(client, url):
    StoredRendering.objects.all().delete()
    forget_local()
    return client.get(url).content.decode()


def test_publishing_stores_what_the_page_shows_and_it_equals_the_live_rendering(
    client, newsroom_content
):
    release = published(newsroom_content["release"])
    stored = row(release)
    assert stored.revision == release.live_revision_id
    assert "Jailing a student for a re-post" in stored.main  # the StreamField body
    assert "Photo: Ilse Marten / Newsdesk" in stored.main  # the hero's figure
    assert 'srcset="/media/' in stored.main  # its renditions
    assert '"@type":"NewsArticle"' in stored.head and stored.head_scripts
    assert release.title in stored.card

    from_row = client.get(release.url)
    assert from_row.status_code == 200
    assert from_row.content.decode() == live_html(client, release.url)
    # The JSON-LD stored with the head stays allowed by the Content-Security-Policy.
    assert stored.head_scripts[0] in from_row["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["report", "update"])
def test_every_article_type_is_served_from_its_row(client, newsroom_content, name):
    page = published(newsroom_content[name])
    mark_stored(page)
    html = client.get(page.url).content.decode()
    assert html.count(MARK) == 2  # main content and head
    assert html.replace(MARK, "") == live_html(client, page.url)


def test_listing_and_home_show_the_stored_cards(client, newsroom_content):
    for name in ("release", "report", "update"):
        published(newsroom_content[name])
    mark_stored(newsroom_content["release"])
    listing = client.get("/newsroom/").content.decode()
    home = client.get("/").content.decode()
    assert listing.count(MARK) == 1 and home.count(MARK) == 1
    assert listing.replace(MARK, "") == live_html(client, "/newsroom/")
    assert home.replace(MARK, "") == live_html(client, "/")
    # Home lists cards under a section heading: the stored <h2> title is served as <h3>.
    assert f'<h3 class="card-title"><a href="{newsroom_content["release"].url}">' in home


def test_a_page_without_a_stored_rendering_is_rendered_live_then_kept(client, newsroom_content):
    release = newsroom_content["release"]  # made live without publishing: nothing rendered
    assert not StoredRendering.objects.filter(page_id=release.pk, main__isnull=False).exists()
    first = client.get(release.url)
    assert first.status_code == 200 and "Jailing a student" in first.content.decode()
    assert "Jailing a student" in row(release).main
    mark_stored(release)
    assert MARK in client.get(release.url).content.decode()


def test_a_corrected_photo_credit_reaches_the_page_and_every_card(client, newsroom_content):
    release = published(newsroom_content["release"])
    client.get("/newsroom/")  # cards kept
    photo = release.hero_image
    photo.photographer = "Ilse Martens"
    photo.save()
    for url in (release.url, "/newsroom/", "/"):
        html = client.get(url).content.decode()
        assert "Photo: Ilse Martens / Newsdesk" in html, url
        assert "Ilse Marten /" not in html, url


def test_a_renamed_topic_and_spokesperson_reach_the_pages_that_show_them(client, newsroom_content):
    release = published(newsroom_content["release"])
    report = published(newsroom_content["report"])
    topic = newsroom_content["detention"]
    topic.name = "Arbitrary detention"
    topic.save()
    person = newsroom_content["director"]
    person.name = "Mira Halvorsen-Berg"
    person.save()
    release_html = client.get(release.url).content.decode()
    assert "Arbitrary detention" in release_html  # footer and JSON-LD keywords
    json_ld = release_html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "Arbitrary detention" in json_ld
    assert "Mira Halvorsen-Berg" in release_html  # the quote in the body
    assert "Arbitrary detention" in client.get(report.url).content.decode()


def test_an_unpublished_page_is_gone_and_a_draft_never_shows(client, newsroom_content):
    release = published(newsroom_content["release"])
    report = published(newsroom_content["report"])
    client.get("/newsroom/")
    draft = report.get_latest_revision_as_object()
    draft.title = "Draft title nobody may see yet"
    draft.save_revision()
    assert "Draft title nobody may see yet" not in client.get(report.url).content.decode()
    assert "Draft title nobody may see yet" not in client.get("/newsroom/").content.decode()
    release.unpublish()
    assert client.get(release.url).status_code == 404
    assert release.title not in client.get("/newsroom/").content.decode()
    assert release.title not in client.get("/").content.decode()


def test_editors_previews_and_restricted_pages_never_get_the_stored_copy(client, newsroom_content):
    release = published(newsroom_content["release"])
    mark_stored(release)
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    editor_client = type(client)()
    editor_client.force_login(editor)
    assert MARK not in editor_client.get(release.url).content.decode()
    preview = editor_client.get(f"/admin/pages/{release.pk}/edit/preview/")
    assert preview.status_code == 200 and MARK not in preview.content.decode()
    PageViewRestriction.objects.create(page=release, restriction_type="password", password="x")
    mark_stored(published(release))
    response = client.post(
        f"/_util/authenticate_with_password/{PageViewRestriction.objects.get().pk}/{release.pk}/",
        {"password": "x", "return_url": release.url},
    )
    assert response.status_code == 302
    html = client.get(release.url).content.decode()
    assert "Jailing a student" in html and MARK not in html


def test_a_rendering_worked_out_before_a_change_is_not_kept(rf, newsroom_content, site):
    release = published(newsroom_content["release"])
    request = stored_renderings.request_for(release)
    StoredRendering.objects.filter(page_id=release.pk).update(main=None)
    tokens = stored_renderings.claim(request, [release])
    stale = "<p>rendered from rows a change has since replaced</p>"
    stored_renderings.forget_pages(stored_renderings.pages_showing(release.hero_image))
    stored_renderings.keep(request, release, tokens[release.pk], "main", stale)
    assert row(release).main is None


@pytest.mark.parametrize("page_size", [10, 40])
def test_listing_reads_stored_cards_in_the_same_number_of_queries_for_any_size(
    client, newsroom, press_settings, settings, django_assert_num_queries, page_size
):
    settings.NEWSROOM_PAGE_SIZE = page_size
    for n in range(page_size):
        published(PressReleasePageFactory(parent=newsroom, title=f"Release {n}"))
    client.get("/newsroom/")
    # With a query string the page is rendered (not the stored whole page): site and its root
    # page, route (root, path, ancestors, page), view restrictions (2), filter options (2),
    # private sections, count, settings, the listing's stored head, the page of articles and
    # their stored cards.
    with django_assert_num_queries(16) as captured:
        response = client.get("/newsroom/?page=1")
    assert response.content.decode().count('class="card-title"') == page_size
    # The articles' cards are read without their stored bodies (tens of KB each).
    card_reads = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "cms_storedrendering"')
        and f"IN ({newsroom.pk})" not in q["sql"]
    ]
    assert len(card_reads) == 1 and '"cms_storedrendering"."main"' not in card_reads[0]


def test_the_command_stores_pages_published_before(client, newsroom_content):
    from django.core.management import call_command

    release = newsroom_content["release"]  # live, never rendered
    call_command("store_renderings")
    assert "Jailing a student" in row(release).main and release.title in row(release).card
    assert "Jailing a student" in row(release).text  # what search excerpts are cut from
    mark_stored(release)
    assert MARK in client.get(release.url).content.decode()

    # A row kept before plain texts were (every other part stored) gets its text on the next run.
    StoredRendering.objects.filter(page_id=release.pk).update(text=None)
    call_command("store_renderings")
    assert "Jailing a student" in row(release).text
