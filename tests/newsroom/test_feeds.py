import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.app_cache import bump_content_version
from cms.factories import NewsImageFactory
from newsroom.factories import PressReleasePageFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [item.findtext("title") for item in channel.findall("item")]


def atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_newsroom_feed_lists_live_public_articles_newest_first(client, newsroom_content):
    PageViewRestriction.objects.create(
        page=newsroom_content["report"], restriction_type="password", password="secret"
    )
    titles = rss_titles(client.get("/feeds/rss/"))
    assert titles == [newsroom_content["release"].title, newsroom_content["update"].title]


def test_rss_item_carries_link_date_teaser_and_categories(client, newsroom_content):
    release = newsroom_content["release"]
    channel = ET.fromstring(client.get("/feeds/rss/").content).find("channel")
    item = channel.find("item")
    assert item.findtext("link") == release.get_full_url()
    assert item.findtext("description") == release.teaser
    assert item.findtext("pubDate").startswith("Tue, 03 Mar 2026")
    categories = [category.text for category in item.findall("category")]
    assert categories == ["Press Release", "Detention", "Freedom of expression", "Borderland"]


def test_atom_feed_has_entries_with_links_and_updated_dates(client, newsroom_content):
    response = client.get("/feeds/atom/")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Newsdesk"
    entries = atom_entries(response)
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        newsroom_content["release"].title,
        newsroom_content["report"].title,
        newsroom_content["update"].title,
    ]
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        assert entry.findtext(f"{ATOM}updated")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/feeds/kind/report/rss/", ["report"]),
        ("/feeds/kind/campaign-update/rss/", ["update"]),
        ("/feeds/topic/freedom-of-expression/rss/", ["release", "update"]),
        ("/feeds/country/riverstate/rss/", ["report", "update"]),
        ("/feeds/campaign/free-the-riverside-five/rss/", ["update"]),
    ],
)
def test_each_kind_topic_country_and_campaign_has_a_feed(client, newsroom_content, path, expected):
    assert rss_titles(client.get(path)) == [newsroom_content[key].title for key in expected]
    atom_path = path.replace("/rss/", "/atom/")
    assert len(atom_entries(client.get(atom_path))) == len(expected)


def test_campaign_feed_includes_press_releases_tagged_with_the_campaign(
    client, newsroom, newsroom_content
):
    tagged = PressReleasePageFactory(
        parent=newsroom, title="Tagged with the campaign", campaign=newsroom_content["campaign"]
    )
    titles = rss_titles(client.get("/feeds/campaign/free-the-riverside-five/rss/"))
    assert titles[0] == tagged.title
    assert newsroom_content["update"].title in titles


def test_feed_accepts_the_listing_filters_and_names_them(client, newsroom_content):
    response = client.get("/feeds/rss/?kind=report&topic=detention")
    assert rss_titles(response) == [newsroom_content["report"].title]
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Newsdesk newsroom: Reports, Detention"
    assert channel.findtext("link").endswith("/newsroom/?kind=report&topic=detention")


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/rss/?topic=no-such-topic",
        "/feeds/atom/?year=last-year",
        "/feeds/kind/opinion/rss/",
        "/feeds/topic/no-such-topic/atom/",
        "/feeds/country/atlantis/rss/",
        "/feeds/campaign/no-such-campaign/rss/",
        "/feeds/colour/red/rss/",
    ],
)
def test_unknown_feed_filters_are_not_found(client, newsroom_content, path):
    assert client.get(path).status_code == 404


def test_unpublished_campaign_has_no_feed(client, newsroom_content):
    newsroom_content["campaign"].unpublish()
    assert client.get("/feeds/campaign/free-the-riverside-five/rss/").status_code == 404


def test_filtered_listing_links_to_the_feed_with_the_same_filters(client, newsroom_content):
    html = client.get("/newsroom/?topic=detention&kind=report").content.decode()
    assert 'href="/feeds/rss/?kind=report&amp;topic=detention"' in html
    assert 'href="/feeds/atom/?kind=report&amp;topic=detention"' in html
    assert 'rel="alternate" type="application/rss+xml" title="This selection (RSS)"' in html


@pytest.mark.parametrize("path", ["/feeds/rss/", "/feeds/atom/", "/feeds/topic/detention/rss/"])
def test_feeds_run_a_constant_number_of_queries(
    client, newsroom, newsroom_content, django_assert_num_queries, path
):
    client.get(path)  # warm the site-root cache, as any earlier request would
    bump_content_version()  # measured as after a publish: rendered, not read from the cache
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    # Counted now: each request resets the connection\'s query log.
    baseline = len(few.captured_queries)
    assert baseline > 0
    for number in range(12):
        PressReleasePageFactory(
            parent=newsroom,
            title=f"Extra release {number}",
            hero_image=NewsImageFactory(),
            topics=[newsroom_content["detention"]],
            countries=[newsroom_content["borderland"]],
        )
    with django_assert_num_queries(baseline):
        response = client.get(path)
    assert b"Extra release 11" in response.content


def test_feeds_send_plain_text_teasers_as_text_not_markup(client, newsroom_content):
    release = newsroom_content["release"]
    release.teaser = 'Detentions rose: a < b & <img src=x onerror="alert(1)">'
    release.save_revision().publish()
    bump_content_version()
    item = ET.fromstring(client.get("/feeds/rss/").content).find("channel").find("item")
    # The reader decodes the XML, then reads HTML: it must get escaped text back.
    assert item.findtext("description") == (
        "Detentions rose: a &lt; b &amp; &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    )
    entry = atom_entries(client.get("/feeds/atom/"))[0]
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text.startswith("Detentions rose: a &lt; b &amp; &lt;img")


@pytest.mark.parametrize("path", ["/feeds/rss/", "/feeds/topic/detention/atom/", "/sitemap.xml"])
def test_feeds_and_the_sitemap_are_kept_until_the_next_publish(
    client, newsroom, newsroom_content, path
):
    first = client.get(path)
    client.get(path)  # asked a second time: kept from now on
    with CaptureQueriesContext(connection) as again:
        served = client.get(path)
    assert served.content == first.content
    assert served["Content-Type"] == first["Content-Type"]
    assert not again.captured_queries
    PressReleasePageFactory(
        parent=newsroom, title="Detainees freed", topics=[newsroom_content["detention"]]
    )
    assert b"detainees-freed" in client.get(path).content
