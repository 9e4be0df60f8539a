"""The production shape on loopback: gunicorn, a Celery worker and beat, and Varnish in front,
against the PostgreSQL test database and Redis that tests/with_services.sh started."""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.cache import cache
from wagtail.models import Page, Site

from campaigns.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CampaignUpdatePageFactory,
)
from cms.factories import HomePageFactory, TopicFactory
from cms.settings.base import redis_caches
from newsroom.factories import NewsroomPageFactory, PressReleasePageFactory

ROOT = Path(__file__).resolve().parent.parent.parent
VCL = ROOT / "deploy" / "varnish" / "newsdesk.vcl"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(url, timeout=60, process=None, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited early:\n{Path(log).read_text()[-3000:]}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def postgres_url_for(database):
    db = database
    return (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )


@dataclass
class Stack:
    gunicorn_url: str
    varnish_url: str
    varnish_purge_url: str
    workdir: Path
    secret_key: str

    def get(self, path, cookies=None, via="varnish", **kwargs):
        base = self.varnish_url if via == "varnish" else self.gunicorn_url
        headers = {"Host": "localhost", **kwargs.pop("headers", {})}
        return httpx.get(
            base + path, headers=headers, cookies=cookies, timeout=30, follow_redirects=False
        )


def skip_without_the_production_shape():
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the production shape runs on PostgreSQL: set DATABASE_URL to PostgreSQL")
    if not os.environ.get("REDIS_URL"):
        pytest.skip("the production shape needs Redis: run through tests/with_services.sh")
    if not shutil.which("varnishd"):
        pytest.skip("varnishd is not installed (tests/run_suite.sh installs Debian's varnish)")


@pytest.fixture(scope="session")
def production_stack(django_db_setup, django_db_blocker):
    """gunicorn (2 workers) + Celery worker + beat + varnishd, stopped after the session."""
    skip_without_the_production_shape()
    with running_stack(os.environ["REDIS_URL"]) as stack:
        yield stack


@contextmanager
def running_stack(redis_url):
    """gunicorn (2 workers), a Celery worker and beat, and varnishd in front, on free ports,
    against the test database and the Redis at `redis_url`."""
    database = django_settings.DATABASES["default"]
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-stack-"))
    os.chmod(workdir, 0o755)
    web_port, varnish_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SOCIAL_CREDENTIALS_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": postgres_url_for(database),
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "BASE_URL": "http://localhost",  # the Site record site_pages creates
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "VARNISH_URL": f"http://127.0.0.1:{varnish_port}",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "SCHEDULED_PUBLISHING_INTERVAL": "1",
        "PURGE_RETRY_INTERVAL": "1",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "0",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    (workdir / "default.vcl").write_text(
        "vcl 4.1;\n"
        f'backend default {{ .host = "127.0.0.1"; .port = "{web_port}"; }}\n'
        f'include "{VCL}";\n'
    )
    processes = []

    def start(name, command):
        log = workdir / f"{name}.log"
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(process)
        return process, log

    bin_dir = Path(sys.executable).parent
    try:
        web, web_log = start(
            "gunicorn",
            [bin_dir / "gunicorn", "--config", "deploy/gunicorn.conf.py", "cms.wsgi:application"],
        )
        start("worker", [bin_dir / "celery", "-A", "cms", "worker", "--pool=solo", "-l", "INFO"])
        start(
            "beat",
            [bin_dir / "celery", "-A", "cms", "beat", "-l", "INFO", "-s", workdir / "beat"],
        )
        # -F: foreground, so the process is ours to stop; -n: a private working directory.
        varnish, varnish_log = start(
            "varnishd",
            [
                "varnishd", "-F", "-n", str(workdir / "varnish"),
                "-a", f"127.0.0.1:{varnish_port}", "-f", str(workdir / "default.vcl"),
                "-s", "malloc,64m", "-T", "none",
                "-p", "ban_lurker_sleep=0.01",
            ],
        )  # fmt: skip
        wait_for_http(f"http://127.0.0.1:{web_port}/healthz/", process=web, log=web_log)
        wait_for_http(f"http://127.0.0.1:{varnish_port}/healthz/", process=varnish, log=varnish_log)
        yield Stack(
            gunicorn_url=f"http://127.0.0.1:{web_port}",
            varnish_url=f"http://127.0.0.1:{varnish_port}",
            varnish_purge_url=env["VARNISH_URL"],
            workdir=workdir,
            secret_key=env["SECRET_KEY"],
        )
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def stack(production_stack, settings, transactional_db):
    """The stack, with this test process purging the same Varnish and sharing the same Redis.

    Tests using it commit their writes (the servers must see them) and mark themselves
    django_db(transaction=True, serialized_rollback=True): the flush between tests then restores
    content types with their ids, which the running servers have cached.
    """
    return share_the_stack(production_stack, settings, os.environ["REDIS_URL"])


def share_the_stack(stack, settings, redis_url):
    """Point this test process at `stack`'s Varnish, Redis, media and secret key."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "cms.cache_purge.VarnishPurgeBackend",
            "LOCATION": stack.varnish_purge_url,
        }
    }
    settings.CACHES = redis_caches(redis_url)
    settings.MEDIA_ROOT = stack.workdir / "media"
    settings.SECRET_KEY = stack.secret_key  # sessions made here are valid there
    cache.clear()  # the servers' Redis: no site root paths or fragments from an earlier test
    # Each test starts with an empty cache.
    httpx.request("PURGE", stack.varnish_purge_url + "/*", headers={"Host": "localhost"})
    return stack


@pytest.fixture
def site_pages(stack):
    """A small site: home, newsroom, campaigns, two campaigns, a press release and an update."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="News"
    )
    newsroom = NewsroomPageFactory(parent=home)
    campaigns = CampaignIndexPageFactory(parent=home)
    campaign = CampaignPageFactory(parent=campaigns, title="Free the press", slug="free")
    other_campaign = CampaignPageFactory(parent=campaigns, title="Open courts", slug="courts")
    topic = TopicFactory(name="Press freedom")
    release = PressReleasePageFactory(
        parent=newsroom,
        title="Journalists released",
        slug="released",
        teaser="Three reporters are home.",
        campaign=campaign,
    )
    release.topics.set([topic])
    release.save_revision().publish()
    update = CampaignUpdatePageFactory(
        parent=campaign, title="Petition delivered", slug="petition", teaser="Signed by many."
    )
    return {
        "home": home,
        "newsroom": newsroom,
        "campaigns": campaigns,
        "campaign": campaign,
        "other_campaign": other_campaign,
        "release": release,
        "update": update,
        "topic": topic,
    }
