"""Each page's HTML plus its CSS and JS stays under 100 KB compressed (images excluded)."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

BUDGET = 100 * 1024
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def compressed_weight(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content
    total = len(gzip.compress(html))
    assets = ASSET.findall(html.decode())
    assert assets, "the page links no stylesheet or script"
    for asset in assets:
        assert asset.startswith("/static/"), f"third-party asset {asset} on {url}"
        path = finders.find(asset.removeprefix("/static/"))
        with open(path, "rb") as file:
            total += len(gzip.compress(file.read()))
    return total


@pytest.mark.parametrize(
    "key", ["home", "newsroom", "release", "report", "campaigns", "campaign", "update", "search"]
)
def test_page_html_css_and_js_are_under_100_kb_compressed(client, newsroom_content, key):
    urls = {"home": "/", "newsroom": "/newsroom/", "campaigns": "/campaigns/"}
    urls["search"] = "/search/?q=Borderland"
    url = urls.get(key) or newsroom_content[key].url
    assert compressed_weight(client, url) < BUDGET
