"""deploy/gunicorn.conf.py bounds a worker's memory rather than its number of requests: a worker
whose resident memory passes GUNICORN_MAX_WORKER_RSS_MB answers its request, then exits, and the
master starts a fresh one; visitors see no error."""

import time
from pathlib import Path

import httpx

from tests.deploy.processes import BIN, ProcessGroup, embedded_env, free_port, wait_for_http


def workers_of(master_pid):
    """The process ids of a gunicorn master's workers, read from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == master_pid:
                found.add(int(entry.name))
    return found


def wait_for_workers(master_pid, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = workers_of(master_pid)
        if workers:
            return workers
        time.sleep(0.05)
    raise AssertionError("gunicorn has no worker")


def serve(tmp_path, **settings):
    port = free_port()
    env = {**embedded_env(tmp_path / "db.sqlite3", port), "WEB_CONCURRENCY": "1", **settings}
    group = ProcessGroup(tmp_path, env)
    command = [BIN / "gunicorn", "--config", "deploy/gunicorn.conf.py", "cms.wsgi:application"]
    master, log = group.start("gunicorn", command)
    url = f"http://127.0.0.1:{port}"
    wait_for_http(url + "/healthz/", process=master, log=log)
    return group, master, url


def test_a_worker_over_the_memory_limit_is_replaced_after_its_request(tmp_path):
    group, master, url = serve(tmp_path, GUNICORN_MAX_WORKER_RSS_MB="1")
    try:
        seen = set()
        for _ in range(3):
            (worker,) = wait_for_workers(master.pid)
            seen.add(worker)
            response = httpx.get(url + "/healthz/", timeout=30)
            assert response.status_code in (200, 503)  # answered (healthy or not)
            deadline = time.monotonic() + 30
            while worker in workers_of(master.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert worker not in workers_of(master.pid), "the worker over its limit exited"
        assert len(seen) == 3
        log = (tmp_path / "gunicorn.log").read_text()
        assert "exits after this request" in log
    finally:
        group.stop()


def test_a_worker_under_the_limit_lives_on(tmp_path):
    group, master, url = serve(tmp_path)
    try:
        (worker,) = wait_for_workers(master.pid)
        with httpx.Client(timeout=30) as client:
            for _ in range(100):
                client.get(url + "/healthz/")
        assert workers_of(master.pid) == {worker}
    finally:
        group.stop()
