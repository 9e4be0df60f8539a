"""What the browser tests check on every page: accessibility with axe-core, and screenshots."""

import base64
import re
from pathlib import Path

from django.conf import settings
from django_otp.oath import totp
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def assert_accessible(page):
    """axe-core finds no serious or critical WCAG 2.1 A/AA violation on the current page."""
    # Evaluated through the DevTools protocol: the page's CSP forbids inline <script> tags.
    page.evaluate(AXE_SCRIPT.read_text() + "\n;undefined")
    results = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not problems, f"{page.url}: " + "; ".join(problems)


def save_screenshots(page, name):
    """Full-page screenshots at phone and desktop widths, kept as test artefacts; at each width
    the page must fit the screen (nothing makes it scroll sideways)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], (
            f"{page.url} is {width}px wide on a {viewport['width']}px {label} screen"
        )
    page.set_viewport_size(DESKTOP)


def search_page_missing(page):
    response = page.request.get("/search/")
    return response.status == 404


def sign_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()


def totp_code(secret):
    """The six digits an authenticator app shows now for this base32 secret."""
    return f"{totp(base64.b32decode(secret), step=30, t0=0, digits=6):06d}"


def enrol_second_factor(page):
    """On the set-up page: reads the key as a person would type it into an app, enters the
    app's code, and returns the key and the recovery codes shown."""
    secret = page.locator("[data-totp-secret]").inner_text()
    page.fill("#id_code", totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.locator(".recovery-codes code").first.wait_for()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    page.get_by_role("link", name="Continue").click()
    return secret, codes


def open_chooser(page, button, ready, attempts=3):
    """Click a chooser's button until its modal shows `ready`: on a loaded machine the admin's
    scripts may not have bound a button of a block just inserted when it is first clicked."""
    for attempt in range(attempts):
        button.click()
        try:
            ready.wait_for(state="visible", timeout=10_000)
            return
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise


def choose_image_then_insert_a_quote(page, image_title, quote):
    """In a new article's editor: its hero image chosen, then a quote block with `quote`; returns
    the chooser modal's locator."""
    modal = page.locator(".modal-dialog")
    open_chooser(
        page,
        page.get_by_role("button", name="Choose an image"),
        modal.get_by_role("link", name=image_title),
    )
    modal.get_by_role("link", name=image_title).click()
    expect(modal).to_be_hidden()
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Quote").click()
    page.locator("textarea[name='body-0-value-quote']").fill(quote)
    return modal


def open_spokesperson_chooser(page, modal, ready_role, ready_name):
    open_chooser(
        page,
        page.locator("#body-0-value-spokesperson-chooser").get_by_role(
            "button", name="Choose spokesperson"
        ),
        modal.get_by_role(ready_role, name=ready_name),
    )
