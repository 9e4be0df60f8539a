"""cms/site_address.py: the site served on another port names that port in every absolute URL,
whatever Host header the request came with."""

import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

import httpx
import pytest

from cms.site_address import sync_site_record
from tests.cms.test_settings import ROOT

# Absolute URLs in HTML, XML and JSON (JSON escapes "/" as "\/" nowhere here).
ABSOLUTE_URL = re.compile(r"""https?://[^\s"'<>\\]+""")
OUR_HOSTS = {"localhost", "127.0.0.1", "testserver"}


def own_urls(text):
    """The absolute URLs in `text` that point at this site under any of its names."""
    return [url for url in ABSOLUTE_URL.findall(text) if urlsplit(url).hostname in OUR_HOSTS]


@pytest.fixture
def site_on_another_port(live_server, settings):
    """The site served by a real server on a free port, BASE_URL set to it."""
    base = live_server.url  # http://localhost:<port>
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = base
    return base


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_absolute_url_names_the_port_the_site_runs_on(site_on_another_port, newsdesk):
    base = site_on_another_port
    assert urlsplit(base).port not in (80, 8000)
    sync_site_record()  # what `migrate` does after BASE_URL changes
    release = newsdesk.release
    pages = {
        "page": release.url,
        "home": "/",
        "newsroom": "/newsroom/",
        "sitemap": "/sitemap.xml",
        "rss": "/feeds/rss/",
        "atom": "/feeds/atom/",
        "robots": "/robots.txt",
        "api detail": f"/api/v2/pages/{release.pk}/",
        "api list": "/api/v2/pages/?type=newsroom.PressReleasePage&fields=hero_image",
        "search api": "/api/v2/search/?q=floods",
    }
    seen = {}
    # Visitors and proxies reach the server under other names too: the links stay the same.
    for host in [urlsplit(base).netloc, f"127.0.0.1:{urlsplit(base).port}"]:
        for name, path in pages.items():
            response = httpx.get(base + path, headers={"Host": host}, timeout=30)
            assert response.status_code == 200, (name, host)
            urls = own_urls(response.text)
            wrong = [url for url in urls if not url.startswith(base + "/")]
            assert not wrong, (name, host, wrong)
            seen[name] = urls

    page = httpx.get(base + release.url, timeout=30).text
    assert f'<link rel="canonical" href="{base}{release.url}"' in page
    assert re.search(rf'property="og:url" content="{re.escape(base + release.url)}"', page)
    assert re.search(rf'property="og:image" content="{re.escape(base)}/media/images/', page)
    assert f'"url":"{base}{release.url}"' in page  # JSON-LD
    assert f"{base}{release.url}" in seen["sitemap"]
    assert f"{base}{release.url}" in seen["rss"]
    assert f"{base}/sitemap.xml" in seen["robots"]
    detail = httpx.get(base + pages["api detail"], timeout=30).json()
    assert detail["meta"]["html_url"] == base + release.url
    assert detail["hero_image"]["small"]["url"].startswith(f"{base}/media/images/")


def test_base_url_sets_the_admin_and_api_addresses():
    """Setting BASE_URL is enough: emails (admin) and the API take it from there."""
    environment = {**os.environ, "BASE_URL": "http://127.0.0.1:8110/"}
    environment["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.BASE_URL, s.WAGTAILADMIN_BASE_URL, s.WAGTAILAPI_BASE_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.split() == ["http://127.0.0.1:8110"] * 3, result.stderr
