import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from campaigns.social.models import Network, SocialAccount
from cms.celery import app as celery_app
from newsroom.factories import PressReleasePageFactory

from .network_servers import FacebookServer, LinkedInServer, MastodonServer, WebhookServer, XServer


@pytest.fixture(autouse=True)
def fresh_cache():
    """Renditions and instance limits are cached: each test starts from its own media."""
    cache.clear()


@pytest.fixture
def network_servers():
    servers = {
        "mastodon": MastodonServer(hang_seconds=2.5).start(),
        "x": XServer(hang_seconds=2.5).start(),
        "facebook": FacebookServer(hang_seconds=2.5).start(),
        "linkedin": LinkedInServer(hang_seconds=2.5).start(),
        "webhook": WebhookServer(hang_seconds=2.5).start(),
    }
    yield servers
    for server in servers.values():
        server.stop()


def account_for(server, **fields):
    """A social account pointing at a local network server."""
    network = server.name
    values = {
        "network": network,
        "display_name": f"Newsdesk on {network}",
        "api_base_url": server.url,
        "account_ref": {
            Network.FACEBOOK: getattr(server, "page_id", ""),
            Network.LINKEDIN: "urn:li:organization:2414183",
        }.get(network, ""),
    }
    if network == Network.WEBHOOK:
        values["webhook_url"] = server.hook_url
    values.update(fields)
    account = SocialAccount(**values)
    if network != Network.WEBHOOK:
        account.set_credentials({"secret": server.token})
    account.save()
    return account


def account_form(**fields):
    """The admin's account form as posted, for a webhook unless fields say otherwise."""
    return {
        "network": "webhook",
        "display_name": "Team chat",
        "api_base_url": "",
        "account_ref": "",
        "webhook_url": "",
        "webhook_format": "slack",
        "secret": "",
        "enabled": "on",
        **fields,
    }


@pytest.fixture
def social_settings(settings):
    settings.SOCIAL_HTTP_TIMEOUT = 1.0
    settings.SOCIAL_RETRY_BASE_SECONDS = 0.2
    settings.SOCIAL_RETRY_MAX_SECONDS = 2.0
    settings.SOCIAL_CLAIM_LEASE_SECONDS = 60
    return settings


@pytest.fixture
def press_release(newsroom):
    return PressReleasePageFactory(
        parent=newsroom,
        title="Court orders release of detained journalists",
        teaser="The ruling ends eleven months of pre-trial detention for four reporters.",
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisProcess:
    """A Redis server of the test's own, so a test can stop and restart the broker."""

    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = workdir
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def broker(tmp_path):
    """A real Redis for the Celery worker tests, and the test process's Celery app pointed at it."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: run through tests/with_services.sh for worker tests")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (tests/with_services.sh installs it)")
    redis = RedisProcess(tmp_path).start()
    previous = celery_app.conf.broker_url
    _point_celery_at(redis.url)
    yield redis
    redis.stop()
    _point_celery_at(previous)


def _point_celery_at(url):
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {}
    # Drop every cached connection and producer pool, so the next send uses the new URL.
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class WorkerProcess:
    """`celery worker -B` in its own process group, on the test database and broker."""

    def __init__(self, env, logfile):
        self.env = env
        self.logfile = logfile
        self.process = None

    def start(self, **overrides):
        env = {**self.env, **{key: str(value) for key, value in overrides.items()}}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cms",
                "worker",
                "-B",
                "--concurrency",
                "3",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "-s",
                str(Path(self.logfile).with_suffix(".beat")),
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=open(self.logfile, "a"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self):
        """SIGKILL the whole worker (main process and pool), as a crash or OOM would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker(broker, transactional_db, tmp_path, media_root):
    """A real Celery worker (with beat, for the sweep) sharing the test database."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "the worker process can share the test database only on PostgreSQL "
            "(SQLite's test database lives in this process's memory)"
        )
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": broker.url,
        "TEST_MEDIA_ROOT": str(media_root),
        "SOCIAL_HTTP_TIMEOUT": "1",
        "SOCIAL_RETRY_BASE_SECONDS": "0.3",
        "SOCIAL_RETRY_MAX_SECONDS": "2",
        "SOCIAL_CLAIM_LEASE_SECONDS": "4",
        "SOCIAL_SWEEP_INTERVAL": "1",
        "SOCIAL_SWEEP_GRACE_SECONDS": "2",
        "CONN_MAX_AGE": "0",
    }
    process = WorkerProcess(env, tmp_path / "worker.log")
    yield process
    process.stop()


PDS_DIR = Path(__file__).parent / "pds"


def node_binary():
    """Node.js 20 from tests/social/pds/.node when install.sh put it there, else the system's."""
    bundled = PDS_DIR / ".node" / "node_modules" / ".bin" / "node"
    return str(bundled) if bundled.exists() else shutil.which("node")


class LocalPDS:
    """A Bluesky PDS and PLC directory run by tests/social/pds/serve.js on loopback."""

    def __init__(self, workdir):
        self.port = free_port()
        self.plc_port = free_port()
        self.workdir = workdir
        self.accounts = 0
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        env = {
            **os.environ,
            "PDS_PORT": str(self.port),
            "PLC_PORT": str(self.plc_port),
            "PDS_DATA_DIRECTORY": str(self.workdir),
        }
        self.process = subprocess.Popen(
            [node_binary(), "serve.js"],
            cwd=PDS_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=open(self.workdir / "pds.log", "w"),  # noqa: SIM115
            text=True,
        )
        line = self.process.stdout.readline()
        if line.strip() != "READY":
            self.stop()
            log = (self.workdir / "pds.log").read_text()[-2000:]
            raise RuntimeError(f"the PDS did not start: {log}")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(15)

    def create_account(self):
        import httpx

        self.accounts += 1
        handle = f"newsdesk{self.accounts}.test"
        response = httpx.post(
            f"{self.url}/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.org", "password": "main-pass-1"},
            timeout=30,
        )
        response.raise_for_status()
        self.sessions = getattr(self, "sessions", {})
        self.sessions[handle] = response.json()["accessJwt"]
        return handle

    def app_password(self, handle):
        import httpx

        response = httpx.post(
            f"{self.url}/xrpc/com.atproto.server.createAppPassword",
            json={"name": "newsdesk"},
            headers={"Authorization": f"Bearer {self.sessions[handle]}"},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()["password"]


@pytest.fixture(scope="session")
def pds(tmp_path_factory):
    if node_binary() is None:
        pytest.skip("Node.js is not installed: tests/social/pds/install.sh installs it")
    if not (PDS_DIR / "node_modules" / "@atproto" / "pds").exists():
        pytest.skip("the PDS is not installed: run bash tests/social/pds/install.sh")
    server = LocalPDS(tmp_path_factory.mktemp("pds")).start()
    yield server
    server.stop()
