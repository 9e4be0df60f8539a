"""The application cache (Redis, or local memory without REDIS_URL) for expensive fragments.

Keys carry the content version, which every publish, unpublish, move or settings change bumps,
so a cached fragment is never older than the published content. A cache outage only costs speed.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

CONTENT_VERSION_KEY = "newsdesk:content-version"
FRAGMENT_TIMEOUT = 60 * 60


def content_version():
    """A number that changes whenever published content changes."""
    try:
        return cache.get_or_set(CONTENT_VERSION_KEY, 1, timeout=None)
    except Exception:
        logger.warning("Cache unavailable while reading the content version", exc_info=True)
        return None


def bump_content_version():
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # never set, or evicted: any new value invalidates the old keys
        cache.set(CONTENT_VERSION_KEY, 2, timeout=None)
    except Exception:  # publishing must not fail because the cache server is down
        logger.warning("Cache unavailable while bumping the content version", exc_info=True)


def bump_content_version_on_change():
    """Bump now, so reads inside the changing transaction see it, and again after the commit,
    so nothing another request rendered from the old data in between is kept."""
    from django.db import transaction

    bump_content_version()
    transaction.on_commit(bump_content_version)


def remember(name, compute, timeout=FRAGMENT_TIMEOUT):
    """compute()'s result for the current content version, computed at most once per version."""
    version = content_version()
    if version is None:
        return compute()
    key = f"newsdesk:{name}:v{version}"
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable while reading %s", key, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception:
            logger.warning("Cache unavailable while storing %s", key, exc_info=True)
    return value
