"""What the browser tests check on every page: accessibility with axe-core, and screenshots."""

from pathlib import Path

from django.conf import settings

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
