"""The application cache (Redis, or local memory without REDIS_URL) for expensive fragments.

Keys carry the content version, which every publish, unpublish, move or settings change bumps,
so a cached fragment is never older than the published content. A cache outage only costs speed.

Each process also keeps what it computed or fetched for the current version in its own memory
(`remember_locally` for objects that only make sense in one process: the site, a routed page),
so a hot page costs one cache read per request: the version, read once by
ContentVersionMiddleware. A version is a random token, not a counter, so that a cache server that
restarts empty can never bring back a version a process still holds entries for.

Whole answers to visitors' questions (a search, an API request) are kept too, but only in the
process's memory, bounded in bytes (`remember_answer`): their number is whatever visitors type,
which must not fill the Redis server the Celery broker shares. A few large structures read by
every request of a kind (the search's facet table) are built once per version and process
(`keep_for_version`).
"""

import contextvars
import copy
import hashlib
import logging
import secrets
import threading

from cachetools import LRUCache
from django.core.cache import cache

logger = logging.getLogger(__name__)

CONTENT_VERSION_KEY = "newsdesk:content-version"
FRAGMENT_TIMEOUT = 60 * 60
# Entries a process keeps in its own memory before starting afresh (one version's worth).
LOCAL_ENTRIES = 2000
# Bytes of whole answers a process keeps, least recently used first out; larger ones are not kept.
ANSWER_MEMORY_BYTES = 16 * 1024 * 1024
ANSWER_MAX_BYTES = 512 * 1024

# The version read at the start of the current request (None outside requests, or after a bump).
_request_version = contextvars.ContextVar("newsdesk_content_version", default=None)
_local = {}
# The content version the kept answers belong to, and the answers: {key: (bytes, value)}.
_answers_version = [None]
_answers = LRUCache(maxsize=ANSWER_MEMORY_BYTES, getsizeof=lambda entry: entry[0])
# Threaded servers (runserver, gunicorn's gthread workers) share them between threads.
_answers_lock = threading.Lock()
# {name: (content version, value)} of keep_for_version(), and the lock its builds take turns on.
_kept = {}
_kept_lock = threading.Lock()


def _new_version():
    return secrets.token_hex(8)


def _digest(name):
    """A short, safe key for a name that may hold whatever a visitor typed (a path, a query)."""
    return hashlib.blake2b(name.encode(), digest_size=16).hexdigest()


def content_version():
    """A token that changes whenever published content changes (None if the cache is down)."""
    version = _request_version.get()
    if version is not None:
        return version
    try:
        return cache.get_or_set(CONTENT_VERSION_KEY, _new_version, timeout=None)
    except Exception:
        logger.warning("Cache unavailable while reading the content version", exc_info=True)
        return None


def bump_content_version():
    _request_version.set(None)  # this request reads the new version from now on
    try:
        cache.set(CONTENT_VERSION_KEY, _new_version(), timeout=None)
    except Exception:  # publishing must not fail because the cache server is down
        logger.warning("Cache unavailable while bumping the content version", exc_info=True)


def forget_local():
    """Drop what this process keeps in memory (tests start each case from nothing)."""
    _local.clear()
    _kept.clear()
    forget_answers()
    _request_version.set(None)


def forget_answers():
    """Drop the whole answers this process keeps: the next asker has them worked out afresh."""
    with _answers_lock:
        _answers.clear()
        _answers_version[0] = None


class ContentVersionMiddleware:
    """Reads the content version once per request, for every fragment the request uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set(None)
        try:
            _request_version.set(content_version())
            return self.get_response(request)
        finally:
            _request_version.reset(token)


def _local_get(key):
    return _local.get(key, _local)


def _local_set(key, value):
    if len(_local) >= LOCAL_ENTRIES:
        _local.clear()
    _local[key] = value


def remember_locally(name, compute):
    """compute()'s result for the current version, kept in this process's memory only.

    For model instances: each call gets its own shallow copy, so that what one request sets on
    it never reaches the next.
    """
    version = content_version()
    if version is None:
        return compute()
    key = f"{name}:v{version}"
    value = _local_get(key)
    if value is _local:
        value = compute()
        _local_set(key, value)
    return copy.copy(value)


def bump_content_version_on_change():
    """Bump now, so reads inside the changing transaction see it, and again after the commit,
    so nothing another request rendered from the old data in between is kept."""
    from django.db import transaction

    bump_content_version()
    transaction.on_commit(bump_content_version)


def remember(name, compute, timeout=FRAGMENT_TIMEOUT):
    """compute()'s result for the current content version, computed at most once per version.

    `name` may be anything (visitors' paths and queries): the key holds a digest of it."""
    version = content_version()
    if version is None:
        return compute()
    key = f"newsdesk:{_digest(name)}:v{version}"
    value = _local_get(key)
    if value is not _local:
        return value
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
    _local_set(key, value)
    return value


def remember_answer(name, compute, size):
    """compute()'s result for the current content version, kept in this process's memory only,
    among the most recently used answers. `size(value)` is its size in bytes, or None for a
    value not to keep (an error, an answer that depends on who asks)."""
    version = content_version()
    if version is None:
        return compute()
    with _answers_lock:
        if _answers_version[0] != version:
            _answers.clear()  # all of them answered for older content
            _answers_version[0] = version
        entry = _answers.get(_digest(name))
    if entry is not None:
        return entry[1]
    value = compute()
    nbytes = size(value)
    if nbytes is not None and nbytes <= ANSWER_MAX_BYTES:
        with _answers_lock:
            # Not if newer content arrived while it was worked out.
            if _answers_version[0] == version:
                _answers[_digest(name)] = (nbytes, value)
    return value


def keep_for_version(name, build):
    """build()'s result for the current content version, kept in this process's memory: one
    value per name, built once per version. Threads asking while it is being built wait for it
    rather than build it again. Without a version (the cache is down) it is built every time."""
    version = content_version()
    if version is None:
        return build()
    kept = _kept.get(name)
    if kept is not None and kept[0] == version:
        return kept[1]
    with _kept_lock:
        kept = _kept.get(name)
        if kept is not None and kept[0] == version:
            return kept[1]
        value = build()
        _kept[name] = (version, value)
    return value
