"""Second factors per group, through the real sign-in pages in Chromium."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.editorial import admin_group
from newsroom.editorial import PRESS_OFFICE, set_up_newsroom_roles

from .browser import assert_accessible, enrol_second_factor, sign_in, totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_out(page):
    page.context.clear_cookies()


def test_the_press_office_signs_in_with_a_second_factor_and_writers_with_a_password(
    browser_page, newsroom
):
    page = browser_page
    set_up_newsroom_roles(newsroom)
    users = get_user_model().objects
    officer = users.create_user("press", password="press-office-pw-1")
    officer.groups.add(Group.objects.get(name=PRESS_OFFICE))
    writer = users.create_user("writer", password="writer-pw-1")
    writer.groups.add(admin_group("Campaign writers"))

    # A writer's group does not require it: the password opens the dashboard.
    sign_in(page, "writer", "writer-pw-1")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    sign_out(page)

    # The press office must enrol, and nothing else opens until it has.
    sign_in(page, "press", "press-office-pw-1")
    expect(page).to_have_url(re.compile(r"/admin/two-factor/setup/"))
    page.goto("/admin/pages/")
    expect(page).to_have_url(re.compile(r"/admin/two-factor/setup/"))
    secret, recovery_codes = enrol_second_factor(page)
    assert len(recovery_codes) == 10
    expect(page).to_have_url(re.compile(r"/admin/pages/"))
    sign_out(page)

    # Next time: the password, then the app's code (a fresh one: used codes never work twice).
    sign_in(page, "press", "press-office-pw-1")
    expect(page).to_have_url(re.compile(r"/admin/two-factor/verify/"))
    time.sleep(30 - time.time() % 30 + 0.5)
    page.fill("#id_code", totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    sign_out(page)

    # A lost phone: a recovery code signs in once.
    sign_in(page, "press", "press-office-pw-1")
    page.fill("#id_code", recovery_codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def add_virtual_authenticator(page):
    """Chromium's virtual authenticator: a platform passkey with user verification (as a
    fingerprint reader would give), for this page's browser tab."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return devtools


def click_once_shown(page, on, button):
    """On the page at `on`, checked with axe-core, click the button the passkey script shows
    (only where the browser supports WebAuthn)."""
    expect(page).to_have_url(re.compile(on))
    control = page.get_by_role("button", name=button, exact=True)
    expect(control).to_be_visible()
    assert_accessible(page)
    control.click()


def test_an_editor_signs_in_with_a_passkey_instead_of_a_code(
    browser_page, newsroom, live_server, settings
):
    page = browser_page
    # Browsers allow passkeys on http only for localhost: the site's address is the live server's.
    assert live_server.url.startswith("http://localhost:")
    settings.BASE_URL = live_server.url
    add_virtual_authenticator(page)
    set_up_newsroom_roles(newsroom)
    officer = get_user_model().objects.create_user("press", password="press-office-pw-1")
    officer.groups.add(Group.objects.get(name=PRESS_OFFICE))

    # First sign-in: a passkey instead of an app, then the recovery codes.
    sign_in(page, "press", "press-office-pw-1")
    click_once_shown(page, on=r"/admin/two-factor/setup/", button="Create a passkey")
    expect(page.locator(".recovery-codes code")).to_have_count(10)
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # The two-factor page lists it.
    page.goto("/admin/two-factor/")
    expect(page.locator("table[data-passkeys] tbody tr")).to_have_count(1)
    expect(page.get_by_role("button", name="Add a passkey")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # Next time: the password, then the passkey.
    sign_in(page, "press", "press-office-pw-1")
    click_once_shown(page, on=r"/admin/two-factor/verify/", button="Sign in with your passkey")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Nothing the page sent may still be in flight when the test's settings and database go.
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
