"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server."""

import mimetypes
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from tests.frontend.browser import AXE_SCRIPT, CHROMIUM, CHROMIUM_ARGS, DESKTOP


class OneRequestAtATime(WSGIServer):
    """The live server without a thread per request.

    The in-memory SQLite test database is one connection, shared by the live server's threads:
    two browser requests at once (the publish and a request the editor's scripts make) can
    collide on it ("cannot start a transaction within a transaction").
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    LiveServerThread.server_class = OneRequestAtATime


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium: run `make test`")
    if not AXE_SCRIPT.exists():
        pytest.skip("axe-core is not installed in node_modules/: run `make test` (npm ci)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        # Playwright's event loop gives this thread fresh Django connection objects: hand them
        # the serialized test data, so serialized_rollback restores Wagtail's base rows.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def serve_media(route):
    """The test settings serve no media (DEBUG is off): answer image requests from MEDIA_ROOT."""
    from urllib.parse import unquote, urlparse

    relative = unquote(urlparse(route.request.url).path).removeprefix(settings.MEDIA_URL)
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if not path.is_file() or Path(settings.MEDIA_ROOT).resolve() not in path.parents:
        route.fulfill(status=404, body="not found")
        return
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": content_type})


@pytest.fixture
def browser_page(chromium, live_server, site):
    # Page URLs are built from the Wagtail site: point it at the live server.
    host, port = live_server.url.removeprefix("http://").split(":")
    site.hostname, site.port = host, int(port)
    site.save()
    context = chromium.new_context(
        viewport=DESKTOP, base_url=live_server.url, accept_downloads=True
    )
    context.route("**/media/**", serve_media)
    page = context.new_page()
    yield page
    context.close()
