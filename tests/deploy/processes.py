"""Servers started natively for the production-shape tests and the benchmarks (no Django here:
the bench/ scripts import it before any settings exist)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent


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
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "0",
    }
