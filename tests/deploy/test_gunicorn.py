"""deploy/gunicorn.conf.py with cms.settings.production: headers, static files and logs."""

import json
import re

import httpx
import pytest

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_pages_carry_the_security_headers(stack, site_pages):
    response = stack.get(
        "/newsroom/released/", via="gunicorn", headers={"X-Forwarded-Proto": "https"}
    )
    assert response.status_code == 200
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "upgrade-insecure-requests" not in headers["Content-Security-Policy"]  # no TLS here


def test_static_files_are_compressed_and_cached_for_a_year(stack, site_pages):
    page = stack.get("/", via="gunicorn").text
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), "hashed file name"
    for encoding in ("br", "gzip"):
        response = httpx.get(stack.gunicorn_url + stylesheet, headers={"Accept-Encoding": encoding})
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == encoding
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=315360000" in response.headers["Cache-Control"]


def test_logs_are_json_lines(stack, site_pages):
    lines = (stack.workdir / "gunicorn.log").read_text().splitlines()
    assert lines, "gunicorn logged its start"
    for line in lines:
        record = json.loads(line)
        assert {"time", "level", "logger", "message"} <= record.keys()


def test_only_the_proxy_may_claim_https(stack, site_pages):
    claimed = {"Host": "localhost", "X-Forwarded-Proto": "https"}
    url = stack.gunicorn_url + "/newsroom/released/"
    # From the proxy's address (loopback here, as FORWARDED_ALLOW_IPS says): served as HTTPS.
    trusted = httpx.get(url, headers=claimed)
    assert trusted.headers["Strict-Transport-Security"]
    # From anywhere else the header is ignored: the request is plain HTTP.
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2")) as outsider:
        untrusted = outsider.get(url, headers=claimed)
    assert untrusted.status_code == 200
    assert "Strict-Transport-Security" not in untrusted.headers
