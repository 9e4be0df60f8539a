"""A visitor in a real browser: reads the newsroom, filters, opens a release, downloads a report."""

import re

import pytest
from playwright.sync_api import expect

from tests.frontend.browser import SCREENSHOTS, assert_accessible, save_screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_reads_filters_opens_a_release_and_downloads_a_report(
    browser_page, newsroom_content
):
    page = browser_page
    release, report, update = (newsroom_content[k] for k in ("release", "report", "update"))

    page.goto("/newsroom/")
    cards = page.locator(".cards .card")
    expect(cards).to_have_count(3)
    expect(cards.first.locator(".kind")).to_have_text("Press Release")
    expect(cards.first.locator("time")).to_have_text("3 March 2026")
    expect(cards.first.locator(".card-credit")).to_contain_text("Photo: Ilse Marten / Newsdesk")
    expect(page.locator("img[srcset][width][height]").first).to_be_visible()
    assert_accessible(page)
    save_screenshots(page, "newsroom")

    page.select_option("#filter-topic", "detention")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"topic=detention"))
    expect(cards).to_have_count(2)
    expect(page.get_by_role("link", name=update.title)).to_have_count(0)
    expect(page.locator(".feed-links a", has_text="RSS")).to_have_attribute(
        "href", "/feeds/rss/?topic=detention"
    )
    assert_accessible(page)

    page.get_by_role("link", name=release.title).click()
    expect(page).to_have_url(re.compile(r"/newsroom/borderland-court-jails-student/$"))
    expect(page.locator("h1")).to_have_text(release.title)
    expect(page.locator(".article-header .kind")).to_have_text("Press Release")
    expect(page.locator(".article-hero .credit")).to_contain_text("Photo: Ilse Marten / Newsdesk")
    quote = page.locator(".quote")
    expect(quote.locator("blockquote")).to_contain_text("Jailing a student for a re-post")
    expect(quote.locator(".quote-name")).to_have_text("Mira Halvorsen")
    expect(page.locator(".share-links a")).to_have_count(6)
    assert_accessible(page)
    save_screenshots(page, "press-release")
    # Printed, a release keeps its text, quote and contacts, and drops navigation and sharing.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".share")).to_be_hidden()
    expect(page.locator(".quote")).to_be_visible()
    expect(page.locator(".press-contacts")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "press-release-print.png"), full_page=True)
    page.emulate_media(media="screen")

    page.goto(report.url)
    download_link = page.get_by_role("link", name="Download the report")
    expect(download_link).to_be_visible()
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert_accessible(page)
    save_screenshots(page, "report")


@pytest.mark.parametrize(
    ("name", "key"),
    [("home", None), ("campaign", "campaign"), ("campaign-update", "update")],
)
def test_other_page_types_are_accessible(browser_page, newsroom_content, name, key):
    page = browser_page
    page.goto(newsroom_content[key].url if key else "/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    save_screenshots(page, name)


def test_campaign_page_puts_status_and_call_to_action_on_top(browser_page, newsroom_content):
    page = browser_page
    page.goto(newsroom_content["campaign"].url)
    header = page.locator(".campaign-header")
    expect(header.locator(".status-badge")).to_have_text("Campaign · Active")
    expect(header.get_by_role("link", name="Sign the letter")).to_be_visible()
    action_box = header.get_by_role("link", name="Sign the letter").bounding_box()
    body_box = page.locator(".article-body").bounding_box()
    assert action_box["y"] < body_box["y"]


def test_campaign_index_is_accessible(browser_page, newsroom_content):
    page = browser_page
    page.goto("/campaigns/")
    expect(page.locator(".campaign-card")).to_have_count(1)
    assert_accessible(page)
    save_screenshots(page, "campaign-index")


def test_keyboard_reaches_the_site_search_and_the_listing_filters(browser_page, newsroom_content):
    page = browser_page
    page.goto("/newsroom/")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("document.activeElement.id || document.activeElement.textContent")
        )
    assert reached[0] == "Skip to content"
    assert "site-search-q" in reached
    assert "filter-topic" in reached
