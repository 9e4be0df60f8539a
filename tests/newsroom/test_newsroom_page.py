from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.factories import NewsImageFactory
from newsroom.factories import PressReleasePageFactory


def test_listing_with_photos_runs_a_constant_number_of_queries(
    client, newsroom, newsroom_content, django_assert_num_queries
):
    client.get("/newsroom/")  # the first request creates the card renditions
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
    with django_assert_num_queries(baseline):
        response = client.get("/newsroom/")
    assert response.content.count(b'class="card"') == 11


def test_listing_links_to_the_feeds_and_is_canonical_with_its_filters(client, newsroom_content):
    html = client.get("/newsroom/?country=borderland").content.decode()
    assert '<link rel="canonical" href="http://localhost/newsroom/?country=borderland">' in html
    assert 'href="/feeds/rss/?country=borderland"' in html
    assert "2 publications match these filters" in html
