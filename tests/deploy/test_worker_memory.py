"""deploy/gunicorn.conf.py bounds a worker's memory rather than its number of requests: a worker
whose resident memory passes GUNICORN_MAX_WORKER_RSS_MB answers its request, then exits, and the
master starts a fresh one; visitors see no error."""

import subprocess
import sys
import time
from pathlib import Path

import httpx

from cms.factories import jpeg_bytes
from tests.deploy.processes import (
    BIN,
    ROOT,
    ProcessGroup,
    embedded_env,
    free_port,
    wait_for_http,
)


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


# What a worker does for a page whose photos have no renditions yet: each photo decoded, then
# resized and encoded as WebP and JPEG in the widths the pages and the API ask for. Prints how
# much resident memory the process kept afterwards, in MB.
RENDITIONS = r"""
import gc, io, runpy, sys
from pathlib import Path
from PIL import Image

def resident_mb():
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20

if sys.argv[2] == "gunicorn":
    runpy.run_path("deploy/gunicorn.conf.py")
photos = [path.read_bytes() for path in sorted(Path(sys.argv[1]).glob("*.jpg"))]
gc.collect()
before = resident_mb()
made = []
for data in photos:
    for kind in ("WEBP", "JPEG"):
        for width in (1600, 1200, 800, 400):
            image = Image.open(io.BytesIO(data))
            image.load()
            out = io.BytesIO()
            image.resize((width, width * 9 // 16)).save(out, kind, quality=80)
            made.append((out.getvalue()[:64], [str(n) for n in range(300)]))
            del image
gc.collect()
print(resident_mb() - before)
"""


def test_making_renditions_leaves_a_worker_with_the_config_smaller(tmp_path):
    """deploy/gunicorn.conf.py fixes glibc's mmap threshold: the megabytes Pillow takes for a
    photo go back to the system when it is done, instead of staying in the worker's heap."""
    for seed in range(6):
        (tmp_path / f"{seed}.jpg").write_bytes(jpeg_bytes(seed=seed))

    def kept_mb(mode):
        result = subprocess.run(
            [sys.executable, "-c", RENDITIONS, str(tmp_path), mode], cwd=ROOT,
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        return float(result.stdout)

    plain, configured = kept_mb("plain"), kept_mb("gunicorn")
    assert configured <= plain - 5, (plain, configured)


# Answers of about 40 KB freed between small blocks a worker keeps (a kept page's headers, a
# routed page's fields): the heap keeps the free pages between them until they are trimmed.
FREED_BETWEEN_KEPT = r"""
import gc, runpy, sys
from pathlib import Path

def resident_mb():
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20

config = runpy.run_path("deploy/gunicorn.conf.py")
answers = [(bytes(40_000 + n), bytes(600 + n % 7)) for n in range(1000)]
kept = [small for _, small in answers]
del answers
gc.collect()
before = resident_mb()
if sys.argv[1] == "after a request":
    config["post_request"](None, None, None, None)
print(before - resident_mb())
"""


def test_after_a_request_the_config_gives_free_heap_pages_back(tmp_path):
    def returned_mb(when):
        result = subprocess.run(
            [sys.executable, "-c", FREED_BETWEEN_KEPT, when], cwd=ROOT,
            env={"GUNICORN_MAX_WORKER_RSS_MB": "100000", "PATH": "/usr/bin:/bin"},
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        return float(result.stdout)

    assert returned_mb("idle") < 5
    assert returned_mb("after a request") > 20  # of the 40 MB freed
