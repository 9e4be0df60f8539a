"""Search in a real browser: query, two facets, paging, keyboard access, accessibility."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from newsroom.factories import PressReleasePageFactory
from tests.frontend.browser import PHONE, assert_accessible, save_screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def search_page(browser_page, newsroom, newsroom_content):
    # Enough matching releases for more than one page of results.
    for number in range(30):
        PressReleasePageFactory(
            parent=newsroom,
            title=f"Borderland court hearing, day {number + 1}",
            teaser="Observers from Newsdesk followed the hearing in Borderland.",
            topics=[newsroom_content["detention"]],
            countries=[newsroom_content["borderland"]],
        )
    return browser_page


def apply_facet(page, name, value):
    """Tick a facet; the script applies it at once, a visitor without script presses the button."""
    page.locator(f".facets input[name='{name}'][value='{value}']").check()
    try:
        page.wait_for_url(re.compile(rf"[?&]{name}={value}"), timeout=3000)
    except PlaywrightTimeout:
        page.locator(".facets button[type=submit], .facets-submit").first.click()
        page.wait_for_url(re.compile(rf"[?&]{name}={value}"))


def test_visitor_searches_narrows_with_two_facets_and_pages(search_page):
    page = search_page
    page.goto("/")
    page.fill("#site-search-q", "Borderland")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Borderland"))
    results = page.locator(".results .result")
    expect(results.first).to_be_visible()
    expect(page.locator(".results mark").first).to_be_visible()
    assert_accessible(page)
    save_screenshots(page, "search")

    apply_facet(page, "kind", "press-release")
    apply_facet(page, "country", "borderland")
    assert "kind=press-release" in page.url and "country=borderland" in page.url
    expect(results.first).to_be_visible()
    expect(page.locator(".result .kind", has_text="Report")).to_have_count(0)
    assert_accessible(page)

    page.locator("a[rel=next]").first.click()
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    assert "kind=press-release" in page.url and "country=borderland" in page.url
    expect(results.first).to_be_visible()
    save_screenshots(page, "search-page-2")


def test_on_a_phone_the_search_box_is_wide_enough_to_read(search_page):
    page = search_page
    page.set_viewport_size(PHONE)
    page.goto("/search/?q=Borderland")

    box = page.locator("#search-q").bounding_box()
    assert box["width"] >= PHONE["width"] * 0.6
    assert box["x"] + box["width"] <= PHONE["width"]
    expect(page.locator(".search-form button", has_text="Search")).to_be_in_viewport()


def test_on_a_phone_the_facets_fold_above_the_results_until_opened(search_page):
    page = search_page
    page.set_viewport_size(PHONE)
    page.goto("/search/?q=Borderland")
    checkbox = page.locator(".facets input[name=country][value=borderland]")

    expect(checkbox).to_be_hidden()
    expect(page.locator(".results .result").first).to_be_in_viewport()

    page.locator(".facets > summary").click()
    expect(checkbox).to_be_visible()
    checkbox.check()
    page.wait_for_url(re.compile(r"[?&]country=borderland"))
    # With a filter on, the facets stay open to show what is chosen.
    expect(page.locator(".facets input[name=country][value=borderland]")).to_be_checked()
    expect(page.locator(".facets input[name=country][value=borderland]")).to_be_visible()


def test_keyboard_alone_reaches_the_search_box_and_the_facets(search_page):
    page = search_page
    page.goto("/search/?q=Borderland")
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                """() => {
                  const el = document.activeElement;
                  if (el.closest('.facets')) return 'facet';
                  return el.name === 'q' ? 'search' : el.tagName;
                }"""
            )
        )
        if {"search", "facet"} <= reached:
            break
    assert {"search", "facet"} <= reached


def test_header_search_suggests_pages_as_the_visitor_types(search_page, newsroom_content):
    page = search_page
    page.goto("/newsroom/")
    page.locator("#site-search-q").press_sequentially("Borderland", delay=30)
    suggestions = page.locator(".autocomplete-list [role=option]")
    expect(suggestions.first).to_be_visible()
    expect(page.locator("#site-search-q")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_be_visible()
    assert "/search/" not in page.url
