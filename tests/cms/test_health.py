"""cms/health.py and the /healthz/ view: which service is down, and a 503 when one is."""

import socket

import pytest

from cms.celery import app as celery_app


def closed_port():
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def everything_up(settings, db):
    # Whatever broker the environment configures (Redis, or the embedded filesystem one).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_healthy_when_every_service_answers(client, everything_up):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "services": {"database": "ok", "cache": "ok", "broker": "ok", "search": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_cache_outage_is_named_and_returns_503(client, everything_up, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    response = client.get("/healthz/")
    assert response.status_code == 503
    services = response.json()["services"]
    assert services["cache"].startswith("down: ConnectionError")
    assert services["database"] == "ok"


def test_a_broker_outage_is_named_and_returns_503(client, everything_up, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "broker_url", f"redis://127.0.0.1:{closed_port()}/0")
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["services"]["broker"].startswith("down:")
    assert body["services"]["cache"] == "ok"


def test_a_search_engine_outage_is_named_and_returns_503(client, everything_up, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [f"http://127.0.0.1:{closed_port()}"],
            "TIMEOUT": 1,
        }
    }
    response = client.get("/healthz/")
    assert response.status_code == 503
    services = response.json()["services"]
    assert services["search"].startswith("down:")
    assert services["database"] == "ok"


def test_only_reads_are_allowed(client, everything_up):
    assert client.post("/healthz/").status_code == 405
