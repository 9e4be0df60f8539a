"""cms/resilient_cache.py: a Redis outage costs one short timeout now and then, logged once."""

import logging
import os
import socket
import time

import pytest
from django.core.cache import cache

from cms import resilient_cache
from cms.settings.base import redis_caches


@pytest.fixture
def stalled_redis(settings):
    """A server that accepts connections and never answers, as Redis does under SIGSTOP."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        yield


@pytest.fixture
def stopped_redis(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")


def test_a_stalled_server_costs_one_timeout_not_one_per_call(stalled_redis):
    started = time.monotonic()
    for number in range(20):
        assert cache.get(f"key-{number}", "missing") == "missing"
        cache.set(f"key-{number}", "value")
    # One 0.5 s timeout, then the server is left alone: not 40 timeouts (20 s).
    assert time.monotonic() - started < 1.5


def test_an_outage_is_logged_once_not_per_call(stopped_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="cms.resilient_cache"):
        for number in range(50):
            assert cache.get(f"key-{number}") is None
    reports = [r for r in caplog.records if r.name == "cms.resilient_cache"]
    assert len(reports) == 1
    assert "Cache server unavailable" in reports[0].getMessage()
    assert "Connection refused" in reports[0].getMessage()


def test_the_server_is_asked_again_after_a_pause_and_recovery_is_logged(settings, caplog):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs a Redis server: run through tests/with_services.sh")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{probe.getsockname()[1]}/0")
    assert cache.get("key") is None  # refused: the outage starts
    settings.CACHES = redis_caches(os.environ["REDIS_URL"])  # the server is back
    cache.set("key", "value")
    assert cache.get("key") is None  # within the pause nobody asks it

    time.sleep(resilient_cache.RETRY_AFTER + 0.1)
    with caplog.at_level(logging.WARNING, logger="cms.resilient_cache"):
        cache.set("key", "value")
        assert cache.get("key") == "value"
    assert not resilient_cache.is_down()
    assert "Cache server answering again" in caplog.text
