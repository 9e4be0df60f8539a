"""Is each service the site depends on answering? Used by /healthz/ and container health checks."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"newsdesk:healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


def check_broker():
    from cms.celery import app

    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=2)


def check_search():
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is None:  # the database backend: healthy whenever the database is
        check_database()
    elif not client.ping():
        raise RuntimeError("the search engine did not answer a ping")


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "search": check_search,
}


def service_health():
    """Each service's state: "ok", or "down: <cause>"."""
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            logger.warning("Health check failed for %s: %s", name, error)
            states[name] = f"down: {type(error).__name__}: {error}".strip()
        else:
            states[name] = "ok"
    return states
