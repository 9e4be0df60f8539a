"""SIGTERM to gunicorn under load (deploy/gunicorn.conf.py, cms.settings.production): every
request sent before the signal is answered, none is reset or refused (cms/gunicorn_worker.py)."""

import http.client
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from tests.deploy.conftest import postgres_url_for
from tests.deploy.processes import BIN, ProcessGroup, free_port, production_env, wait_for_http

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CLIENTS = 16
# Bounds of the load, whatever happens: it stops by itself.
MAX_LOAD_SECONDS = 120
MAX_REQUESTS_PER_CLIENT = 2000


@dataclass
class Attempt:
    sent: float  # when the request was written (or the connection failed)
    status: int | None = None
    error: str | None = None
    answered: float | None = None


@pytest.fixture
def database_url(request):
    """The test database, as the server process reaches it (a file copy on the SQLite lane)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        return postgres_url_for(database)
    return f"sqlite:///{request.getfixturevalue('sqlite_copy')}"


@pytest.fixture
def gunicorn(database_url):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("production settings need Redis: run through tests/with_services.sh")
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-shutdown-"))
    port = free_port()
    env = {
        **production_env(workdir, port, free_port(), database_url),
        "REDIS_URL": os.environ["REDIS_URL"],
    }
    processes = ProcessGroup(workdir, env)
    process, log = processes.start(
        "gunicorn",
        [BIN / "gunicorn", "--config", "deploy/gunicorn.conf.py", "cms.wsgi:application"],
    )
    wait_for_http(f"http://127.0.0.1:{port}/healthz/live/", process=process, log=log)
    try:
        yield process, port, log
    finally:
        processes.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def client_loop(port, attempts, stop):
    """One client: a request on a new connection after another (the sync worker never keeps
    a connection open), recording each one's fate."""
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if stop.is_set():
            return
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        attempt = None
        try:
            connection.request("GET", "/api/v2/pages/", headers={"Host": "localhost"})
            attempt = Attempt(sent=time.monotonic())
            response = connection.getresponse()
            response.read()
            attempt.status, attempt.answered = response.status, time.monotonic()
        except (OSError, http.client.HTTPException) as error:
            attempt = attempt or Attempt(sent=time.monotonic())
            attempt.error = type(error).__name__
            if isinstance(error, ConnectionRefusedError):
                time.sleep(0.05)  # the server is gone: no need to hammer the port
        finally:
            connection.close()
            if attempt is not None:
                attempts.append(attempt)


def test_sigterm_under_load_answers_every_request_sent_before_it(gunicorn):
    process, port, log = gunicorn
    stop = threading.Event()
    attempts_by_client = [[] for _ in range(CLIENTS)]
    clients = [
        threading.Thread(target=client_loop, args=(port, attempts, stop), daemon=True)
        for attempts in attempts_by_client
    ]
    for client in clients:
        client.start()

    # Load first, so that connections are queued for the workers when the signal comes.
    deadline = time.monotonic() + MAX_LOAD_SECONDS
    while sum(len(a) for a in attempts_by_client) < 300 and time.monotonic() < deadline:
        time.sleep(0.05)
    signalled = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        exit_code = process.wait(timeout=MAX_LOAD_SECONDS)
    except subprocess.TimeoutExpired:
        exit_code = None
    stop.set()
    for client in clients:
        client.join(timeout=MAX_LOAD_SECONDS)

    attempts = [attempt for client_attempts in attempts_by_client for attempt in client_attempts]
    before = [attempt for attempt in attempts if attempt.sent < signalled]
    failed = [attempt for attempt in before if attempt.status != 200]
    assert len(before) >= 300, "the load did not start"
    assert not failed, (
        f"{len(failed)} of {len(before)} requests sent before SIGTERM were not answered 200: "
        + ", ".join(sorted({str(attempt.error or attempt.status) for attempt in failed}))
    )
    in_flight = [attempt for attempt in before if attempt.answered > signalled]
    assert in_flight, "no request was waiting when the signal came: the test proved nothing"
    assert exit_code == 0, log.read_text()[-3000:]
