"""The production shape on loopback: gunicorn, a Celery worker and beat, and Varnish in front,
against the PostgreSQL test database that tests/with_services.sh started, on a Redis of its own."""

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from wagtail.models import Page, Site

from campaigns.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CampaignUpdatePageFactory,
)
from cms.factories import HomePageFactory, TopicFactory
from cms.settings.base import redis_caches
from newsroom.factories import NewsroomPageFactory, PressReleasePageFactory
from tests.deploy.processes import (
    ROOT,
    ProcessGroup,
    RedisServer,
    free_port,
    production_env,
    wait_for_http,
    write_varnish_config,
)


def postgres_url_for(database):
    db = database
    return (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )


@pytest.fixture
def sqlite_copy(request):
    """The migrated test database copied to a file of its own (in a folder of its own), for
    processes started with the embedded default's settings. On the SQLite lane only."""
    if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the embedded default runs on SQLite: the SQLite lane runs this test")
    request.getfixturevalue("transactional_db")
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-embedded-"))
    database = workdir / "db.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(database)
    connection.connection.backup(copy)
    copy.close()
    yield database
    shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class Stack:
    gunicorn_url: str
    varnish_url: str
    varnish_purge_url: str
    workdir: Path
    secret_key: str
    env: dict

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


@pytest.fixture(scope="package")
def stack_redis(tmp_path_factory):
    """The stack's own Redis (cache and broker), which the outage tests stop and freeze."""
    skip_without_the_production_shape()
    server = RedisServer(tmp_path_factory.mktemp("stack-redis")).start()
    yield server
    server.kill()


# Package scope: its worker and beat share the test database, so they must be gone before the
# tests of other folders write cross-posts or pages their sweeps would pick up. It is the only
# stack on the test database while it runs: a second one's beat would send (and delete) the
# purges kept by this one's outage.
@pytest.fixture(scope="package")
def production_stack(django_db_setup, django_db_blocker, stack_redis):
    """gunicorn (2 workers) + Celery worker + beat + varnishd, stopped after tests/deploy."""
    with running_stack(stack_redis.url) as stack:
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
        **production_env(workdir, web_port, varnish_port, postgres_url_for(database)),
        "REDIS_URL": redis_url,
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # As a deployment sets it: only the publishing processes' address may purge.
    write_varnish_config(workdir / "default.vcl", web_port)
    processes = ProcessGroup(workdir, env)
    start = processes.start
    try:
        gunicorn_url = processes.start_site(worker_options=("--pool=solo",))
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
        wait_for_http(f"http://127.0.0.1:{varnish_port}/healthz/", process=varnish, log=varnish_log)
        yield Stack(
            gunicorn_url=gunicorn_url,
            varnish_url=f"http://127.0.0.1:{varnish_port}",
            varnish_purge_url=env["VARNISH_URL"],
            workdir=workdir,
            secret_key=env["SECRET_KEY"],
            env=env,
        )
    finally:
        processes.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def stack(production_stack, settings, transactional_db):
    """The stack, with this test process purging the same Varnish and sharing the same Redis.

    Tests using it commit their writes (the servers must see them) and mark themselves
    django_db(transaction=True, serialized_rollback=True): the flush between tests then restores
    content types with their ids, which the running servers have cached.
    """
    return share_the_stack(production_stack, settings)


def share_the_stack(stack, settings):
    """Point this test process at `stack`'s Varnish, Redis, media and secret key."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "cms.cache_purge.VarnishPurgeBackend",
            "LOCATION": stack.varnish_purge_url,
        }
    }
    settings.CACHES = redis_caches(stack.env["REDIS_URL"])
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
