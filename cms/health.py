"""Is each service the site depends on answering? Used by /healthz/ and container health checks.

The whole check answers within HEALTH_DEADLINE seconds: the services that can stall (cache,
broker, search engine) are asked side by side, and one that has not answered by then is reported
down, so a stalled Redis gives a 503 naming it, not a hung request. The deadline leaves room for
the one cache socket timeout (CACHE_SOCKET_TIMEOUT) a request may spend before the view runs, so
the whole answer still comes within two seconds.
"""

import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

HEALTH_DEADLINE = 1.0
# A worker is alive if it recorded a heartbeat within this many of its intervals.
MISSED_HEARTBEATS = 3


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    client = getattr(cache, "client", None)
    if client is not None and hasattr(client, "get_client"):
        # django-redis turns errors into misses: ask the server itself, to name the cause.
        client.get_client(write=True).ping()
    key = f"newsdesk:healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


def check_broker():
    from cms.celery import app

    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=1)


def check_search():
    from wagtail.search.backends import get_search_backend

    client = getattr(get_search_backend(), "es", None)
    # The database backend is healthy whenever the database is (checked on its own).
    if client is not None and not client.ping():
        raise RuntimeError("the search engine did not answer a ping")


def check_worker():
    from cms.models import WorkerHeartbeat

    window = settings.WORKER_HEARTBEAT_SECONDS * MISSED_HEARTBEATS
    since = timezone.now() - timedelta(seconds=window)
    if not WorkerHeartbeat.objects.filter(last_seen__gte=since).exists():
        raise RuntimeError(f"no Celery worker has reported in the last {window:.0f} s")


# Asked in the request's own thread (they use its database connection) ...
LOCAL_CHECKS = {"database": check_database, "worker": check_worker}
# ... and side by side in threads, each given until the deadline.
REMOTE_CHECKS = {"cache": check_cache, "broker": check_broker, "search": check_search}

_executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="healthz")


def _state(check):
    try:
        check()
    except Exception as error:
        return f"down: {type(error).__name__}: {error}".strip()
    return "ok"


def service_health(deadline=HEALTH_DEADLINE):
    """Each service's state: "ok", or "down: <cause>"."""
    started = time.monotonic()
    futures = {name: _executor.submit(_state, check) for name, check in REMOTE_CHECKS.items()}
    states = {"database": _state(check_database)}
    states["worker"] = (
        _state(check_worker) if states["database"] == "ok" else "unknown: the database is down"
    )
    wait(futures.values(), timeout=max(0.0, deadline - (time.monotonic() - started)))
    for name, future in futures.items():
        if future.done():
            states[name] = future.result()
        else:
            states[name] = f"down: no answer within {deadline:g} s"
    for name, state in states.items():
        if state != "ok":
            logger.warning("Health check failed for %s: %s", name, state)
    return {name: states[name] for name in ["database", "cache", "broker", "search", "worker"]}


def is_alive():
    """Liveness for the proxy and the container: this process answers and reaches the database.
    A cache, broker or worker outage costs speed or defers work: no reason to stop sending
    visitors here."""
    return _state(check_database) == "ok"
