"""Gunicorn in production: docker-compose, the production-shape tests and the benchmark use it."""

import os

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
    rss = resident_mb()
    if rss is not None and rss > MAX_WORKER_RSS_MB:
        worker.log.warning(
            "Worker %s uses %.0f MB (limit %s MB): exits after this request", worker.pid, rss,
            MAX_WORKER_RSS_MB,
        )  # fmt: skip
        worker.alive = False


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
