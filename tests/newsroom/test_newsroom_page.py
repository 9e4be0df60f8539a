from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.app_cache import bump_content_version
from cms.factories import NewsImageFactory
from newsroom.factories import PressReleasePageFactory


def test_listing_with_photos_runs_a_constant_number_of_queries(
    client, newsroom, newsroom_content, django_assert_num_queries
):
    client.get("/newsroom/")  # the first request creates the card renditions
    bump_content_version()  # measured as after a publish: rendered, not kept from before
    with CaptureQueriesContext(connection) as few:
        client.get("/newsroom/")
    # Counted now: each request resets the connection\'s query log.
    baseline = len(few.captured_queries)
    assert baseline > 0
    for number in range(9):
        PressReleasePageFactory(
            parent=newsroom, title=f"Release with photo {number}", hero_image=NewsImageFactory()
        )
    client.get("/newsroom/")
    bump_content_version()
    with django_assert_num_queries(baseline):
        response = client.get("/newsroom/")
    assert response.content.count(b'class="card"') == 11


def test_listing_links_to_the_feeds_and_is_canonical_with_its_filters(client, newsroom_content):
    html = client.get("/newsroom/?country=borderland").content.decode()
    assert '<link rel="canonical" href="http://localhost/newsroom/?country=borderland">' in html
    assert 'href="/feeds/rss/?country=borderland"' in html
    assert "2 publications match these filters" in html


def test_a_listing_served_from_its_kept_fragment_reads_no_article_or_restriction(
    client, newsroom_content
):
    first = client.get("/newsroom/")
    with CaptureQueriesContext(connection) as again:
        response = client.get("/newsroom/")
    read = " ".join(query["sql"] for query in again.captured_queries)
    assert "newsroom_articlepage" not in read
    assert "wagtailcore_pageviewrestriction" not in read
    assert response.content.count(b'class="card"') == first.content.count(b'class="card"') > 0


def test_a_page_number_past_the_last_shows_the_last_page(client, newsroom, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    for number in range(5):
        PressReleasePageFactory(parent=newsroom, title=f"Release {number}")
    for asked in ("99", "not-a-number"):
        response = client.get(f"/newsroom/?page={asked}")
        assert response.status_code == 200
    last = client.get("/newsroom/?page=99").content
    assert last.count(b'class="card-title"') == 1
    assert b"Release 0" in last
    assert client.get("/newsroom/?page=not-a-number").content.count(b'class="card-title"') == 2
