"""The application cache for expensive fragments, and the content version they are kept for.

Keys carry the content version, which every publish, unpublish, move or settings change replaces
with a new one, so a cached fragment is never older than the published content. A version is a
random token, not a counter, so that a store that restarts empty can never bring back a version
a process still holds entries for.

The version is shared by every process (web workers, the Celery worker, commands), in every
configuration: its home is a one-row table in the database (`ContentVersion`), the one store all
of them always share. With a shared cache (Redis), each request reads a copy kept there, and
each process compares that copy with the database at least every RECHECK_SECONDS, in case a
change could not reach the cache (it was down when the change was committed). With the embedded
default (no Redis: Django's cache is each process's own memory) each request reads the row. A
cache that fails or stalls sends the process to the database for BYPASS_SECONDS: slower, never
stale. See docs/freshness.md.

A change starts a new version when its transaction commits (`bump_content_version`); until then,
the changing thread works under a private version of its own, so its own reads never come from
the old content's entries and nothing it computes from uncommitted rows reaches other processes.

Each process also keeps what it computed or fetched for the current version in its own memory
(`remember_locally` for objects that only make sense in one process: the site, a routed page),
so a hot page costs one version read per request, made once by ContentVersionMiddleware.

Whole answers to visitors' questions (a search, an API request) are kept too, but only in the
process's memory, bounded in bytes (`remember_answer`), and only once a question comes a second
time: their number is whatever visitors type, which must not fill the Redis server the Celery
broker shares, nor push the popular answers out of the process. A few large structures read by
every request of a kind (the search's facet table) are built once per version and process
(`keep_for_version`).
"""

import contextvars
import copy
import hashlib
import logging
import secrets
import threading
import time

from cachetools import LRUCache
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction

logger = logging.getLogger(__name__)

CONTENT_VERSION_KEY = "newsdesk:content-version"
FRAGMENT_TIMEOUT = 60 * 60
# Entries a process keeps in its own memory before starting afresh (one version's worth).
LOCAL_ENTRIES = 2000
# Bytes of whole answers a process keeps, least recently used first out; larger ones are not kept.
ANSWER_MEMORY_BYTES = 8 * 1024 * 1024
ANSWER_MAX_BYTES = 512 * 1024
# Questions asked once for the current version that a process remembers (by digest): an answer
# is kept when its question comes a second time.
ANSWER_CANDIDATES = 4096
# How often (seconds) a process compares the shared cache's copy of the version with the database.
RECHECK_SECONDS = 0.5
# A version read from the shared cache that fails or takes longer than SLOW_CACHE_SECONDS sends
# this process to the database for BYPASS_SECONDS.
SLOW_CACHE_SECONDS = 0.2
BYPASS_SECONDS = 5.0

# The version read at the start of the current request (None outside requests).
_request_version = contextvars.ContextVar("newsdesk_content_version", default=None)
# A change this thread made in a transaction not yet committed: (outermost atomic block, token).
_uncommitted = contextvars.ContextVar("newsdesk_uncommitted_change", default=None)
_local = {}
# The content version the kept answers belong to, and the answers: {key: (bytes, value)}.
_answers_version = [None]
_answers = LRUCache(maxsize=ANSWER_MEMORY_BYTES, getsizeof=lambda entry: entry[0])
# Digests of the questions asked once, not yet kept. A stream of questions nobody repeats (a
# crawler, the app's varied lists, new search words) then neither pushes the popular answers
# out nor leaves the worker's memory fragmented by answers made, kept and dropped.
_asked_once = LRUCache(maxsize=ANSWER_CANDIDATES)
# Threaded servers (runserver, gunicorn's gthread workers) share them between threads.
_answers_lock = threading.Lock()
# {name: (content version, value)} of keep_for_version(), and the lock its builds take turns on.
_kept = {}
_kept_lock = threading.Lock()
# When this process last compared the cache's copy with the database, and until when it
# leaves a failing cache alone.
_shared_state = {"checked_at": 0.0, "bypass_until": 0.0}


class _Request:
    """The version a request renders from, read once when it starts."""

    __slots__ = ("version",)

    def __init__(self):
        self.version = None


def _new_version():
    return secrets.token_hex(8)


def _digest(name):
    """A short, safe key for a name that may hold whatever a visitor typed (a path, a query)."""
    return hashlib.blake2b(name.encode(), digest_size=16).hexdigest()


def _table():
    from cms.models.content_version import ContentVersion

    return connection.ops.quote_name(ContentVersion._meta.db_table)


def _database_version():
    """The version in the database, made on first use; None if the database cannot tell."""
    from cms.models.content_version import ContentVersion

    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {_table()} WHERE id = 1")
            row = cursor.fetchone()
        if row is not None:
            return row[0]
        return ContentVersion.objects.get_or_create(pk=1, defaults={"token": _new_version()})[
            0
        ].token
    except Exception:
        logger.warning("Could not read the content version from the database", exc_info=True)
        return None


def _write_database_version(token):
    from cms.models.content_version import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(token=token):
        ContentVersion.objects.update_or_create(pk=1, defaults={"token": token})


def _cache_is_shared():
    """Whether Django's cache is one every process sees (Redis), not this process's memory."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def _cache_failed(action, error=None):
    """Leave the cache alone for a while: the database answers instead (logged once per lapse)."""
    now = time.monotonic()
    if now >= _shared_state["bypass_until"]:
        logger.warning(
            "Cache %s; the content version comes from the database for %.0f s: %s",
            action,
            BYPASS_SECONDS,
            error or "too slow",
        )
    _shared_state["bypass_until"] = now + BYPASS_SECONDS
    _shared_state["checked_at"] = 0.0  # compare with the database as soon as it answers again


def _cache_usable():
    return _cache_is_shared() and time.monotonic() >= _shared_state["bypass_until"]


def _forget_site_root_paths():
    """Wagtail keeps the sites' root paths (what every page URL is built from) in Django's cache
    for an hour, and clears them only in the process that changed a site or its root page."""
    from wagtail.models import Site

    try:
        Site.clear_site_root_paths_cache()
    except Exception as error:
        _cache_failed("unavailable", error)


def _shared_version():
    """The current version as every process sees it (None: the stores cannot tell, so don't
    cache)."""
    token = _read_shared_version()
    if token is not None and token != _shared_state.get("seen"):
        # Without a shared cache, Wagtail's copy of the root paths is this process's own: drop
        # it with every new version, so a change made elsewhere (a new slug for the home page,
        # another root page for the site) reaches the page URLs this process builds.
        if "seen" in _shared_state and not _cache_is_shared():
            _forget_site_root_paths()
        _shared_state["seen"] = token
    return token


def _read_shared_version():
    if not _cache_usable():
        return _database_version()
    started = time.monotonic()
    try:
        token = cache.get(CONTENT_VERSION_KEY)
    except Exception as error:
        _cache_failed("unavailable", error)
        return _database_version()
    now = time.monotonic()
    if now - started > SLOW_CACHE_SECONDS:
        _cache_failed("slow")
        return _database_version()
    if token is None:
        # Not there (a restarted cache, or a wrapper that answers nothing on errors): the
        # database's, copied unless a newer one arrived first.
        _shared_state["checked_at"] = now
        token = _database_version()
        if token is not None:
            try:
                cache.add(CONTENT_VERSION_KEY, token, timeout=None)
            except Exception as error:
                _cache_failed("unavailable", error)
        return token
    if now - _shared_state["checked_at"] >= RECHECK_SECONDS:
        _shared_state["checked_at"] = now
        stored = _database_version()
        if stored is not None and stored != token:
            # The cache missed a change (it was down then): the database's is right. Removing
            # the copy is always safe: the next reader copies the database's again.
            try:
                cache.delete(CONTENT_VERSION_KEY)
            except Exception as error:
                _cache_failed("unavailable", error)
            # Wagtail's clearing of the root paths may have been lost the same way.
            _forget_site_root_paths()
            return stored
    return token


def _uncommitted_token():
    """This thread's private version while its change is not committed yet (None otherwise)."""
    pending = _uncommitted.get()
    if pending is None:
        return None
    block, token = pending
    if connection.in_atomic_block and connection.atomic_blocks[0] is block:
        return token
    _uncommitted.set(None)  # committed (and published), or rolled back: the old one holds
    return None


def content_version():
    """A token that changes whenever published content changes (None: don't cache)."""
    private = _uncommitted_token()
    if private is not None:
        return private
    request = _request_version.get()
    if request is None:
        return _shared_version()
    if request.version is None:
        request.version = _shared_version()
    return request.version


def _version_to_keep_for():
    """The version answers are kept for, or None to work every answer out (APP_CACHES off: how
    the benchmark measures what a first visitor after a publish waits for)."""
    if not getattr(settings, "APP_CACHES", True):
        return None
    return content_version()


def start_shared_version():
    """Start a new version for every process now (the change is committed)."""
    token = _new_version()
    try:
        _write_database_version(token)
    except Exception:
        # The database is down: the change could not have been committed either.
        logger.exception("Could not store a new content version in the database")
        return
    if _cache_is_shared():
        started = time.monotonic()
        try:
            cache.set(CONTENT_VERSION_KEY, token, timeout=None)
        except Exception as error:  # other processes find it in the database within a recheck
            _cache_failed("unavailable", error)
        else:
            if time.monotonic() - started > SLOW_CACHE_SECONDS:
                _cache_failed("slow")
    _uncommitted.set(None)
    request = _request_version.get()
    if request is not None:
        request.version = token  # this request renders the rest from the new content


def bump_content_version():
    """Content changed: a new version for every process once the change is committed, and
    until then a private one for this thread, so that its own response already shows it."""
    if connection.in_atomic_block:
        _uncommitted.set((connection.atomic_blocks[0], "u" + _new_version()))
    # Runs at once outside a transaction. Each bump registers its own callback, so one in a
    # rolled-back savepoint can't leave a later change in the same transaction without one.
    transaction.on_commit(start_shared_version)


# The name the signal handlers use.
bump_content_version_on_change = bump_content_version


def forget_local():
    """Drop what this process keeps in memory (tests start each case from nothing)."""
    _local.clear()
    _kept.clear()
    forget_answers()
    _request_version.set(None)
    _uncommitted.set(None)
    _shared_state.update(checked_at=0.0, bypass_until=0.0)
    _shared_state.pop("seen", None)


def forget_answers():
    """Drop the whole answers this process keeps: the next asker has them worked out afresh."""
    with _answers_lock:
        _answers.clear()
        _asked_once.clear()
        _answers_version[0] = None


class ContentVersionMiddleware:
    """Reads the content version once per request, for every fragment the request uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set(_Request())
        try:
            content_version()
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
    version = _version_to_keep_for()
    if version is None:
        return compute()
    key = f"{name}:v{version}"
    value = _local_get(key)
    if value is _local:
        value = compute()
        _local_set(key, value)
    return copy.copy(value)


def remember(name, compute, timeout=FRAGMENT_TIMEOUT):
    """compute()'s result for the current content version, computed at most once per version.

    `name` may be anything (visitors' paths and queries): the key holds a digest of it."""
    version = _version_to_keep_for()
    if version is None:
        return compute()
    key = f"newsdesk:{_digest(name)}:v{version}"
    value = _local_get(key)
    if value is not _local:
        return value
    if not _cache_usable():  # this process's memory only, or a shared cache that is failing
        value = compute()
        _local_set(key, value)
        return value
    try:
        value = cache.get(key)
    except Exception as error:
        _cache_failed("unavailable", error)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception as error:
            _cache_failed("unavailable", error)
    _local_set(key, value)
    return value


def remember_answer(name, compute, size):
    """compute()'s result for the current content version, kept in this process's memory only,
    among the most recently used answers, from the second time its question is asked.
    `size(value)` is its size in bytes, or None for a value not to keep (an error, an answer
    that depends on who asks)."""
    version = _version_to_keep_for()
    if version is None:
        return compute()
    with _answers_lock:
        if _answers_version[0] != version:
            _answers.clear()  # all of them answered for older content
            _asked_once.clear()
            _answers_version[0] = version
        entry = _answers.get(_digest(name))
    if entry is not None:
        return entry[1]
    value = compute()
    _keep_answer(version, name, value, size(value))
    return value


def keep_answer(name, value, nbytes):
    """Keep `value`, just worked out by this request after remember_answer found nothing, as
    remember_answer would have kept it."""
    version = _version_to_keep_for()
    if version is not None:
        _keep_answer(version, name, value, nbytes)


def _keep_answer(version, name, value, nbytes):
    """Keep the answer if its question was asked before for this version; otherwise note it."""
    if nbytes is None or nbytes > ANSWER_MAX_BYTES:
        return
    digest = _digest(name)
    with _answers_lock:
        # Not if newer content arrived while it was worked out.
        if _answers_version[0] != version:
            return
        if _asked_once.pop(digest, None) is None:
            _asked_once[digest] = True
        else:
            _answers[digest] = (nbytes, value)


def keep_for_version(name, build):
    """build()'s result for the current content version, kept in this process's memory: one
    value per name, built once per version. Threads asking while it is being built wait for it
    rather than build it again. Without a version (the cache is down) it is built every time."""
    version = _version_to_keep_for()
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
