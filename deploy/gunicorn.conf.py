"""Gunicorn in production: docker-compose, the production-shape tests and the benchmark use it."""

import ctypes
import os
import time

# Loopback unless the deployment says otherwise (docker-compose binds every interface of the
# web container, which only Varnish and the other containers can reach).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# WEB_CONCURRENCY (read by gunicorn itself) sets the number of workers; two per core is a start.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# The sync worker, except that on SIGTERM it serves the connections already queued for it
# instead of leaving them to be reset (cms/gunicorn_worker.py).
worker_class = "cms.gunicorn_worker.DrainingSyncWorker"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM: the request in hand, then the queue for at most GUNICORN_DRAIN_SECONDS; the master
# waits that long before it kills a worker (docker-compose's stop_grace_period is longer still).
graceful_timeout = timeout + int(float(os.environ.get("GUNICORN_DRAIN_SECONDS", "10")))
keepalive = 5
# Workers are not replaced after a number of requests: at 1,000-3,000 requests/s, 20,000 requests
# emptied each worker's memory (routed pages, kept answers, the facet table) every few seconds.
# Memory is bounded instead: a worker whose resident memory passes MAX_WORKER_RSS_MB (about twice
# what a busy worker holds) finishes the request and exits, and the master forks a fresh one.
max_requests = 0
MAX_WORKER_RSS_MB = int(os.environ.get("GUNICORN_MAX_WORKER_RSS_MB", "400"))
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_mb():
    """This process's resident memory in MB (None where /proc is not there)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE_BYTES / 2**20
    except (OSError, IndexError, ValueError):
        return None


def post_request(worker, req, environ, resp):
    trim_free_memory()
    rss = resident_mb()
    if rss is not None and rss > MAX_WORKER_RSS_MB:
        worker.log.warning(
            "Worker %s uses %.0f MB (limit %s MB): exits after this request", worker.pid, rss,
            MAX_WORKER_RSS_MB,
        )  # fmt: skip
        worker.alive = False


# glibc's malloc, tuned in the master so that every forked worker inherits it (elsewhere than
# glibc, on musl or macOS, none of this does anything).
_LIBC = ctypes.CDLL(None)
_M_MMAP_THRESHOLD = -3  # <malloc.h>
TRIM_SECONDS = 5.0
_trimmed_at = [0.0]


def fixed_mmap_threshold(threshold=128 * 1024):
    """Have blocks of `threshold` bytes and more get mappings of their own, returned to the system
    when freed, however many such blocks were freed before.

    By default the threshold rises to the size of each large block freed: after a worker made a
    photo's renditions (Pillow decodes the original and encodes each size in blocks of
    megabytes), the next such blocks came from the heap and stayed there. The first view of a
    press release whose photos had no renditions left a worker about 50 MB larger for good."""
    mallopt = getattr(_LIBC, "mallopt", None)
    return mallopt is not None and mallopt(_M_MMAP_THRESHOLD, threshold) == 1


def trim_free_memory():
    """At most every TRIM_SECONDS: give the heap's free pages back to the system. Answers of tens
    of kilobytes, freed between small blocks the worker keeps, leave pages no block uses;
    glibc returns only the heap's top by itself. The call takes well under a millisecond."""
    now = time.monotonic()
    if now - _trimmed_at[0] < TRIM_SECONDS:
        return
    _trimmed_at[0] = now
    malloc_trim = getattr(_LIBC, "malloc_trim", None)
    if malloc_trim is not None:
        malloc_trim(0)


fixed_mmap_threshold()

# Load the application once in the master: a recycled worker is a fork, ready at once. Without
# it each new worker imports Django and the site again (about 3 s), and requests queued meanwhile
# waited past clients' timeouts when both workers recycled close together under load.
# (Nothing opens a database or Redis connection while the application loads.)
preload_app = True
# Varnish sets X-Forwarded-For/-Proto: only the proxy's addresses (comma-separated addresses or
# networks) are believed, anyone else claiming HTTPS is served as plain HTTP. Django takes the
# scheme from gunicorn (cms/settings/production.py), never from the header itself.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") == "1" else None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

# Gunicorn's own logs as JSON lines, like Django's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
