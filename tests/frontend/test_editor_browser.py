"""An editor in a real browser: writes a press release with a quote and a photo, publishes it."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from cms.factories import NewsImageFactory, SpokespersonFactory

from .browser import (
    choose_image_then_insert_a_quote,
    enrol_second_factor,
    open_spokesperson_chooser,
    sign_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_publishes_a_press_release_with_a_quote_and_an_image(browser_page, newsroom):
    page = browser_page
    get_user_model().objects.create_superuser("editor", "editor@example.org", "correct-horse")
    NewsImageFactory(
        title="Vigil outside the ministry", photographer="Lea Brandt", agency="Newsdesk"
    )
    SpokespersonFactory(name="Samir Okafor", role="Head of Advocacy")

    sign_in(page, "editor", "correct-horse")
    # Administrators enrol a second factor before anything else opens.
    expect(page).to_have_url(re.compile(r"/admin/two-factor/setup/"))
    enrol_second_factor(page)
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"/admin/pages/add/newsroom/pressreleasepage/{newsroom.pk}/")
    page.fill("#id_title", "Ministry must free detained lawyers, says Newsdesk")
    page.fill("#id_teaser", "Three lawyers were arrested after defending protesters in court.")
    # Leaving the title fills the slug (Promote tab); publishing before it is filled is refused.
    expect(page.locator("#id_slug")).to_have_value(
        "ministry-must-free-detained-lawyers-says-newsdesk"
    )

    modal = choose_image_then_insert_a_quote(
        page,
        "Vigil outside the ministry",
        "Defending people in court is not a crime. The lawyers must be released today.",
    )
    open_spokesperson_chooser(page, modal, "link", "Samir Okafor")
    modal.get_by_role("link", name="Samir Okafor").click()
    expect(modal).to_be_hidden()

    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{newsroom.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("published")

    title = "Ministry must free detained lawyers, says Newsdesk"
    page.goto("/newsroom/")
    card = page.locator(".card", has_text=title)
    expect(card.locator(".kind")).to_have_text("Press Release")
    expect(card.locator(".card-credit")).to_have_text("Photo: Lea Brandt / Newsdesk")
    card.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".article-hero img")).to_have_attribute("srcset", re.compile("1200w"))
    expect(page.locator(".article-hero .credit")).to_contain_text("Photo: Lea Brandt / Newsdesk")
    expect(page.locator(".quote blockquote")).to_contain_text("Defending people in court")
    expect(page.locator(".quote .quote-name")).to_have_text("Samir Okafor")
    expect(page.locator(".quote .quote-role")).to_have_text("Head of Advocacy, Newsdesk")
