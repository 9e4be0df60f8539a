"""The Redis cache, made to fail soft: an outage costs speed, never an error.

django-redis (with IGNORE_EXCEPTIONS, see cms/settings/base.py) turns a failed call into a miss
for reads and a no-op for writes, so Wagtail's own cache calls (site root paths, renditions) and
ours fall back to the database. The client class here adds two things django-redis lacks:

- after a failure, this process leaves Redis alone for RETRY_AFTER seconds (one call then tries
  again), so a stalled server (SIGSTOP, a full network queue) costs one short socket timeout every
  few seconds instead of one per cache call;
- the outage is logged when it starts, then at most once a minute with the number of failed or
  skipped calls, and once when Redis answers again: never once per call.
"""

import logging
import threading
import time

import redis

logger = logging.getLogger(__name__)

RETRY_AFTER = 2.0
LOG_EVERY = 60.0


class _Outage:
    """This process's view of the cache server: answering, or down since when."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since = None  # monotonic time of the first failure of the current outage
        self.retry_at = 0.0
        self.failed_calls = 0
        self.logged_at = 0.0
        self.last_failure = None  # monotonic time of the latest failure, outage over or not


_outage = _Outage()


def last_failure():
    """Monotonic time of this process's latest failed cache call (None: never failed)."""
    return _outage.last_failure


def is_down():
    return _outage.down_since is not None


def forget_outage():
    """Start again as if the cache server had always answered (tests provoke outages)."""
    global _outage
    _outage = _Outage()


def _failed(error):
    now = time.monotonic()
    with _outage.lock:
        _outage.last_failure = now
        _outage.retry_at = now + RETRY_AFTER
        _outage.failed_calls += 1
        starting = _outage.down_since is None
        if starting:
            _outage.down_since = now
        due = starting or now - _outage.logged_at >= LOG_EVERY
        if due:
            _outage.logged_at = now
            calls, _outage.failed_calls = _outage.failed_calls, 0
    if due:
        logger.warning(
            "Cache server unavailable (%s: %s); serving from the database. "
            "%d cache calls failed or skipped since the last report",
            type(error).__name__,
            error,
            calls,
        )


def _recovered():
    with _outage.lock:
        if _outage.down_since is None:
            return
        seconds = time.monotonic() - _outage.down_since
        _outage.down_since = None
        _outage.failed_calls = 0
    logger.warning("Cache server answering again after %.1f s", seconds)


class FailFastRedis(redis.Redis):
    """redis-py's client, skipping the server for a moment after a connection failure."""

    def execute_command(self, *args, **options):
        if _outage.down_since is not None and time.monotonic() < _outage.retry_at:
            with _outage.lock:
                _outage.failed_calls += 1
            raise redis.ConnectionError("the cache server is down: not asked again yet")
        try:
            result = super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            _failed(error)
            raise
        if _outage.down_since is not None:
            _recovered()
        return result
