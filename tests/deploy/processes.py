"""Servers started natively for the production-shape tests and the benchmarks (no Django here:
the bench/ scripts import it before any settings exist)."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent


def write_varnish_config(path, web_port):
    """The top VCL a deployment writes: its backend, the addresses allowed to purge (here the
    publishing processes' loopback), then the site's own rules."""
    path.write_text(
        "vcl 4.1;\n"
        f'backend default {{ .host = "127.0.0.1"; .port = "{web_port}"; }}\n'
        'acl purgers { "127.0.0.1"; }\n'
        f'include "{ROOT / "deploy" / "varnish" / "newsdesk.vcl"}";\n'
    )
    return path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of its own that a test may stop, restart or freeze. Its data outlives a
    restart, as docker-compose's Redis (appendonly) does."""

    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "yes", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            if self.answers():
                return self
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def answers(self):
        ping = ["redis-cli", "-p", str(self.port), "ping"]
        return subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def pause(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def running(self):
        return self.process is not None and self.process.poll() is None

    def restore(self):
        """Answering again, whatever a test did to it (stopped or frozen)."""
        if self.running():
            os.kill(self.process.pid, signal.SIGCONT)
        else:
            self.start()

    def kill(self):
        if self.running():
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.kill()
            self.process.wait()


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


class ProcessGroup:
    """Servers started in their own sessions, logging to workdir, all stopped together."""

    def __init__(self, workdir, env):
        self.workdir = workdir
        self.env = env
        self.processes = []

    def start(self, name, command):
        log = self.workdir / f"{name}.log"
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process, log

    def start_site(self, worker_options=("--concurrency=2",)):
        """gunicorn (deploy/gunicorn.conf.py), a Celery worker and beat, as production and
        demo/run_site.sh start them; returns once gunicorn answers, with its address."""
        web, web_log = self.start(
            "gunicorn",
            [BIN / "gunicorn", "--config", "deploy/gunicorn.conf.py", "cms.wsgi:application"],
        )
        self.start("worker", [BIN / "celery", "-A", "cms", "worker", "-l", "INFO", *worker_options])
        self.start(
            "beat",
            [BIN / "celery", "-A", "cms", "beat", "-l", "INFO", "-s", self.workdir / "beat"],
        )
        url = f"http://{self.env['GUNICORN_BIND']}"
        wait_for_http(f"{url}/healthz/", process=web, log=web_log)
        return url

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def server_env(workdir, web_port):
    """What gunicorn (2 workers), the Celery worker and beat need besides the settings."""
    return {
        "MEDIA_ROOT": str(workdir / "media"),
        # Scheduled publishing every second (every minute by default).
        "SCHEDULED_PUBLISHING_INTERVAL": "1",
        # Kept purges retried, and the worker's heartbeat recorded, every second too.
        "PURGE_RETRY_INTERVAL": "1",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "0",
    }


def production_env(workdir, web_port, varnish_port, database_url):
    """cms.settings.production on loopback, without TLS, purging the Varnish on varnish_port."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SOCIAL_CREDENTIALS_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "BASE_URL": "http://localhost",  # the Site record the tests create
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "VARNISH_URL": f"http://127.0.0.1:{varnish_port}",
        "STATIC_ROOT": str(workdir / "static"),
        **server_env(workdir, web_port),
    }


def embedded_env(database, web_port):
    """The embedded default, as `make run` has it: development settings, SQLite, no Redis, the
    filesystem broker in a folder next to the database."""
    return {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_DIR": str(database.parent / "celery"),
        **server_env(database.parent, web_port),
    }
