"""The press officer's desk in a real browser, as a person clicks: every step checks what the
person sees. Screenshots of the steps illustrate docs/editors-guide.md (see `screenshot`)."""

import datetime
import os
import re
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.factories import CampaignPageFactory
from campaigns.social import services
from campaigns.social.models import CrossPost
from campaigns.teams import create_campaign_team
from cms.factories import NewsImageFactory, TopicFactory
from newsroom.editorial import PRESS_OFFICE
from newsroom.models import PressReleasePage
from tests.frontend.browser import (
    SCREENSHOTS,
    choose_image_then_insert_a_quote,
    enrol_second_factor,
    open_spokesperson_chooser,
)
from tests.social.conftest import account_for
from tests.social.network_servers import FacebookServer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# `UPDATE_EDITORS_GUIDE=1` writes the guide's pictures; otherwise they are test artefacts.
GUIDE_IMAGES = Path(settings.BASE_DIR) / "docs" / "images"


def screenshot(page, name):
    folder = GUIDE_IMAGES if os.environ.get("UPDATE_EDITORS_GUIDE") else SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def person(django_user_model, username, group_name):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", "correct-horse"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/(two-factor/setup/)?$"))
    if "/two-factor/setup/" in page.url:
        # The press office signs in with a second factor: enrolled at the first sign-in.
        enrol_second_factor(page)
    expect(page).to_have_url(re.compile(r"/admin/$"))


def publish(page):
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()


def leave(page):
    """Let the editor's background saves finish before the test's database goes away: a late
    autosave would otherwise write into the next test's database."""
    page.wait_for_timeout(1200)
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")


@pytest.fixture
def desk(newsroom, campaign_index, django_user_model):
    campaign = CampaignPageFactory(parent=campaign_index, title="Free the Riverside Five")
    call_command("setup_editorial_roles")
    return {
        "newsroom": newsroom,
        "campaign": campaign,
        "press_officer": person(django_user_model, "press-officer", PRESS_OFFICE),
        "lead": person(
            django_user_model, "campaign-lead", create_campaign_team(campaign).leads.name
        ),
    }


def test_press_officer_writes_publishes_schedules_and_meets_the_report_error(browser_page, desk):
    page, newsroom = browser_page, desk["newsroom"]
    NewsImageFactory(
        title="Vigil outside the ministry",
        description="Candles held up outside the ministry at night",
        photographer="Lea Brandt",
        agency="Newsdesk",
    )
    for name in ("Torture prevention", "Courts and trials", "Elections"):
        TopicFactory(name=name)
    sign_in(page, "press-officer")

    # A press release: photo, a quote from a spokesperson created on the spot, two topics.
    page.goto(f"/admin/pages/add/newsroom/pressreleasepage/{newsroom.pk}/")
    expect(
        page.get_by_role("tabpanel", name="Content").get_by_text("Publishing schedule")
    ).to_be_visible()
    page.fill("#id_title", "Ministry must free detained lawyers")
    modal = choose_image_then_insert_a_quote(
        page, "Vigil outside the ministry", "Defending people in court is not a crime."
    )
    open_spokesperson_chooser(page, modal, "tab", "Add spokesperson")
    modal.get_by_role("tab", name="Add spokesperson").click()
    modal.get_by_label("Name").fill("Amara Osei")
    modal.get_by_label("Role").fill("Legal Director")
    screenshot(page, "editor-add-spokesperson")
    modal.get_by_role("button", name="Add spokesperson").click()
    expect(modal).to_be_hidden()
    expect(page.locator("[data-chooser-title]", has_text="Amara Osei")).to_be_visible()

    page.get_by_label("Filter topics").fill("tort")
    expect(page.get_by_label("Elections")).to_be_hidden()
    page.get_by_label("Torture prevention").check()
    page.get_by_label("Filter topics").fill("")
    page.get_by_label("Courts and trials").check()
    expect(page.get_by_label("Torture prevention")).to_be_checked()
    screenshot(page, "editor-topics")

    # The last keystroke, then Publish while autosave is still saving the draft.
    page.locator("#id_teaser").press_sequentially("Three lawyers were arrested.", delay=5)
    page.wait_for_timeout(550)
    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")
    expect(page.locator(".messages")).not_to_contain_text("already in use")
    rows = page.locator("table.listing tbody tr", has_text="Ministry must free detained lawyers")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("live")
    expect(rows.first).not_to_contain_text("draft")  # no older autosave left on top
    release = PressReleasePage.objects.get()  # one page: no second one, no stray draft
    # Whichever reached the server first, autosave's draft or the Publish, it is one live page
    # whose latest revision is what was published.
    assert release.live and not release.has_unpublished_changes

    page.goto("/newsroom/")
    card = page.locator(".card", has_text="Ministry must free detained lawyers")
    expect(card.locator(".card-credit")).to_have_text("Photo: Lea Brandt / Newsdesk")
    card.get_by_role("link", name="Ministry must free detained lawyers").click()
    expect(page.locator(".quote .quote-name")).to_have_text("Amara Osei")
    expect(page.locator("body")).to_contain_text("Torture prevention")
    expect(page.locator("body")).to_contain_text("Courts and trials")

    # A second release, scheduled to go live within the next minute.
    london = ZoneInfo(settings.TIME_ZONE)
    go_live = (timezone.now() + datetime.timedelta(seconds=65)).astimezone(london)
    go_live = go_live.replace(second=0, microsecond=0)
    page.goto(f"/admin/pages/add/newsroom/pressreleasepage/{newsroom.pk}/")
    page.fill("#id_title", "Verdict expected in lawyers' trial")
    page.fill("#id_teaser", "The court sits on Monday.")
    page.fill("#id_go_live_at", go_live.strftime("%Y-%m-%d %H:%M"))
    page.keyboard.press("Escape")
    screenshot(page, "editor-schedule")
    publish(page)
    when = f"{go_live:%A} {go_live.day} {go_live:%B %Y at %H:%M} ({settings.TIME_ZONE})"
    expect(page.locator(".messages")).to_contain_text(f"will go live on {when}")
    row = page.locator("table.listing tbody tr", has_text="Verdict expected")
    expect(row).to_contain_text(f"Scheduled for {go_live.day} {go_live:%b %Y, %H:%M}")
    screenshot(page, "editor-scheduled-listing")
    assert page.request.get("/newsroom/").text().count("Verdict expected") == 0
    time.sleep(max(0, (go_live - timezone.now()).total_seconds()) + 1)
    call_command("publish_scheduled")  # what the scheduler runs every minute
    page.goto("/newsroom/")
    expect(page.locator(".card", has_text="Verdict expected in lawyers' trial")).to_be_visible()

    # A report without its PDF is refused with a clear error; nothing is lost.
    page.goto(f"/admin/pages/add/newsroom/reportpage/{newsroom.pk}/")
    page.fill("#id_title", "Lawyers behind bars")
    page.fill("#id_teaser", "Our report on the arrests of defence lawyers.")
    publish(page)
    expect(page.locator("body")).to_contain_text("A report cannot be published without its PDF")
    expect(page.locator("#id_teaser")).to_have_value(
        "Our report on the arrests of defence lawyers."
    )
    screenshot(page, "editor-report-needs-pdf")
    leave(page)


@pytest.mark.parametrize("who", ["campaign-lead", "press-officer"])
def test_campaign_lead_and_press_office_each_post_a_campaign_update(browser_page, desk, who):
    page, campaign = browser_page, desk["campaign"]
    sign_in(page, who)
    page.goto(f"/admin/pages/add/campaigns/campaignupdatepage/{campaign.pk}/")
    title = f"Day 100 of detention ({who})"
    page.fill("#id_title", title)
    page.fill("#id_teaser", "One hundred days without trial.")
    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")
    page.goto(campaign.url)
    expect(page.locator("body")).to_contain_text(title)
    leave(page)


def test_a_cross_post_to_a_receiver_that_is_down_retries_then_posts(browser_page, desk):
    page, newsroom = browser_page, desk["newsroom"]
    server = FacebookServer().start()  # its posts have https addresses, linked in the admin
    try:
        account_for(server)
        sign_in(page, "press-officer")
        page.goto(f"/admin/pages/add/newsroom/pressreleasepage/{newsroom.pk}/")
        page.fill("#id_title", "Lawyers released")
        page.fill("#id_teaser", "The three lawyers are free.")
        publish(page)
        expect(page.locator(".messages")).to_contain_text("published")
        record = CrossPost.objects.get()

        def open_social_tab():
            page.goto(f"/admin/pages/{record.page_id}/edit/")
            page.get_by_role("tab", name="Social").click()

        open_social_tab()
        expect(page.locator("[data-cross-post-state]")).to_have_text("Queued")

        server.inject("5xx")  # the receiver is down: the worker's first attempt fails
        CrossPost.objects.filter(pk=record.pk).update(next_attempt_at=timezone.now())
        services.deliver(record.pk)
        open_social_tab()
        expect(page.locator("[data-cross-post-state]")).to_contain_text("Retrying at ")
        expect(page.locator("[data-cross-post]")).to_contain_text("Attempt 1 failed")
        screenshot(page, "editor-cross-post-retrying")

        CrossPost.objects.filter(pk=record.pk).update(next_attempt_at=timezone.now())
        services.deliver(record.pk)  # the retry, once the receiver is back
        open_social_tab()
        state = page.locator("[data-cross-post-state]")
        expect(state).to_have_text("Posted: view post")
        expect(state.get_by_role("link")).to_have_attribute(
            "href", CrossPost.objects.get().remote_url
        )
        assert len(server.posts) == 1
        leave(page)
    finally:
        server.stop()
