import json
import re
from html.parser import HTMLParser

import pytest
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from cms.factories import NewsImageFactory
from frontend.page_meta import json_ld, share_links


class HeadReader(HTMLParser):
    """Collects <meta>, <link rel=canonical> and JSON-LD from a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.canonical, self.json_ld, self._in_ld = {}, None, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_ld = False


def read_head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


def test_press_release_has_share_cards_with_a_card_sized_hero(client, newsroom_content):
    release = newsroom_content["release"]
    head = read_head(client, release.url)
    assert head.canonical == release.get_full_url()
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == release.title
    assert head.meta["og:url"] == release.get_full_url()
    assert head.meta["og:description"] == release.teaser
    assert re.match(r"http://localhost/media/images/.+\.fill-1200x630\.", head.meta["og:image"])
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:image"] == head.meta["og:image"]


def test_press_release_json_ld_is_a_news_article_with_publisher_and_credit(
    client, newsroom_content
):
    release = newsroom_content["release"]
    (data,) = read_head(client, release.url).json_ld
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == release.title
    assert data["datePublished"] == "2026-03-03"
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Newsdesk",
        "url": "http://localhost/",
    }
    assert data["image"]["creditText"] == "Ilse Marten / Newsdesk"
    assert data["image"]["width"] == 1200
    assert data["keywords"] == ["Detention", "Freedom of expression"]


def test_report_json_ld_is_a_report_with_its_number_and_pdf(client, newsroom_content):
    report = newsroom_content["report"]
    (data,) = read_head(client, report.url).json_ld
    assert data["@type"] == "Report"
    assert data["reportNumber"] == "ND 04/2026"
    assert data["associatedMedia"]["encodingFormat"] == "application/pdf"
    assert data["associatedMedia"]["contentUrl"].startswith("http://localhost/documents/")
    assert data["image"]["creditText"] == "Ana Ruiz / Newsdesk Images"


def test_campaign_update_without_image_is_a_news_article_with_a_summary_card(
    client, newsroom_content
):
    head = read_head(client, newsroom_content["update"].url)
    assert head.json_ld[0]["@type"] == "NewsArticle"
    assert "image" not in head.json_ld[0]
    assert head.meta["twitter:card"] == "summary"
    assert "og:image" not in head.meta


def test_filtered_listing_is_canonical_with_its_filters_and_page(client, newsroom_content):
    head = read_head(client, "/newsroom/?topic=detention&page=1")
    assert head.canonical == "http://localhost/newsroom/?topic=detention"
    assert head.meta["og:type"] == "website"


def test_json_ld_cannot_close_its_script_element(client, newsroom, newsroom_content):
    release = newsroom_content["release"]
    release.title = "Verdict </script><script>alert(1)</script> & more"
    release.save_revision().publish()
    html = client.get(release.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json.loads(json_ld({"t": release.title}))["t"] == release.title


def test_share_links_cover_the_networks_we_post_to_without_scripts(client, newsroom_content):
    release = newsroom_content["release"]
    links = dict((slug, href) for slug, _name, href in share_links("A title", "https://n.org/a/"))
    assert links == {
        "mastodon": "https://s2f.kytta.dev/?text=A+title+https%3A%2F%2Fn.org%2Fa%2F",
        "bluesky": "https://bsky.app/intent/compose?text=A+title+https%3A%2F%2Fn.org%2Fa%2F",
        "x": "https://x.com/intent/post?text=A+title&url=https%3A%2F%2Fn.org%2Fa%2F",
        "facebook": "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fn.org%2Fa%2F",
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fn.org%2Fa%2F",
        "email": "mailto:?subject=A%20title&body=A%20title%0A%0Ahttps%3A%2F%2Fn.org%2Fa%2F",
    }
    html = client.get(release.url).content.decode()
    for network in ("mastodon", "bluesky", "x", "facebook", "linkedin", "email"):
        assert f'class="share-{network}"' in html
    assert re.findall(r'<script[^>]+src="([^"]+)"', html) == ["/static/js/newsdesk.js"]


def test_images_are_responsive_renditions_with_width_and_height(client, newsroom_content):
    html = client.get("/newsroom/").content.decode()
    images = re.findall(r"<img [^>]+>", html)
    assert len(images) == 2
    for tag in images:
        assert re.search(r'srcset="[^"]+fill-480x270[^"]+ 480w, [^"]+fill-960x540[^"]+ 960w"', tag)
        assert 'width="480"' in tag and 'height="270"' in tag
        assert 'sizes="' in tag and 'loading="lazy"' in tag


@pytest.mark.parametrize("key", ["release", "report"])
def test_private_pages_are_not_served_to_visitors(client, newsroom_content, key):
    page = newsroom_content[key]
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    response = client.get(page.url)
    assert b"og:title" not in response.content


def test_cached_head_follows_a_republished_title_and_each_listing_filter(client, newsroom_content):
    release = newsroom_content["release"]
    assert read_head(client, release.url).json_ld[0]["headline"] == release.title
    release.title = "Detained reporters are free"
    release.save_revision().publish()
    head = read_head(client, release.url)
    assert head.json_ld[0]["headline"] == "Detained reporters are free"
    assert head.meta["og:title"] == "Detained reporters are free"

    assert read_head(client, "/newsroom/?topic=detention").canonical.endswith("?topic=detention")
    assert read_head(client, "/newsroom/").canonical == "http://localhost/newsroom/"


def test_a_hero_photo_whose_file_is_missing_leaves_the_page_up_without_a_share_image(
    client, newsroom_content
):
    release = newsroom_content["release"]
    # Wagtail keeps renditions in Django's cache by image id, which an earlier test's image may
    # have had: this image's rendition must be worked out from its (missing) file.
    get_image_model().get_rendition_model().cache_backend.clear()
    release.hero_image = NewsImageFactory(title="Lost photo")
    # Lost before the page is rendered (publishing renders and keeps its head).
    release.hero_image.file.storage.delete(release.hero_image.file.name)
    release.save_revision().publish()

    head = read_head(client, release.url)

    assert "og:image" not in head.meta
    assert head.meta["twitter:card"] == "summary"
    assert head.meta["og:title"] == release.title
