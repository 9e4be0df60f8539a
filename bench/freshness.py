"""Publish-to-fresh across processes, in the production shape on loopback (see bench/load.sh,
which provides PostgreSQL and Redis): gunicorn (2 workers), a Celery worker and beat, Varnish in
front. An editor in a process of its own publishes a new title 20 times; after each commit every
surface (page, listing, home, search page and API, pages API list and detail, feeds, sitemap) is
fetched, by several requests each so that both workers answer, until all show the new title.
Prints p95 and max of the seconds from the commit, straight from gunicorn and through Varnish.
Targets: under 1 s from gunicorn, under 2 s through Varnish.

    bash bench/load.sh                      (after the load test)
    bash tests/with_services.sh uv run python bench/freshness.py
"""

import math
import os
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.deploy.freshness import Editor, Visitor, article_checks  # noqa: E402
from tests.deploy.processes import (  # noqa: E402
    ProcessGroup,
    free_port,
    production_env,
    wait_for_http,
    write_varnish_config,
)

PUBLISHES = int(os.environ.get("BENCH_PUBLISHES", "20"))
TARGETS = {"gunicorn": 1.0, "varnish": 2.0}
# A publish not fresh after this long is reported as a failure rather than waited for.
GIVE_UP = 30.0


def scratch_database(server_url):
    """A database of its own on the benchmark's PostgreSQL server, made afresh."""
    name = "newsdesk_freshness"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    return urllib.parse.urlparse(server_url)._replace(path=f"/{name}").geturl()


def p95(values):
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def main():
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-freshness-"))
    os.chmod(workdir, 0o755)
    web_port, varnish_port = free_port(), free_port()
    database_url = scratch_database(os.environ["TEST_POSTGRES_URL"])
    env = {**production_env(workdir, web_port, varnish_port, database_url), "LOG_LEVEL": "WARNING"}
    print("Preparing: migrations and static files", flush=True)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    write_varnish_config(workdir / "default.vcl", web_port)
    processes = ProcessGroup(workdir, env)
    editor = None
    try:
        gunicorn_url = processes.start_site()
        varnish, varnish_log = processes.start(
            "varnishd",
            [
                "varnishd", "-F", "-n", str(workdir / "varnish"),
                "-a", f"127.0.0.1:{varnish_port}", "-f", str(workdir / "default.vcl"),
                "-s", "malloc,64m", "-T", "none",
            ],
        )  # fmt: skip
        wait_for_http(f"http://127.0.0.1:{varnish_port}/healthz/", process=varnish, log=varnish_log)
        editor = Editor(env, ROOT)
        standing = editor(do="setup", hostname="localhost")["standing"]
        visitors = {
            "gunicorn": Visitor(gunicorn_url),
            "varnish": Visitor(f"http://127.0.0.1:{varnish_port}"),
        }
        seconds = {name: [] for name in visitors}
        failures = {name: 0 for name in visitors}

        def checks(title):
            return article_checks("shows", "/newsroom/released/", standing, "journalists", title)

        title = "Journalists released after appeal"
        print(f"{PUBLISHES} publishes; every surface fetched until it shows the new title\n")
        for number in range(1, PUBLISHES + 1):
            for visitor in visitors.values():  # every worker and Varnish keep the current one
                visitor.stale(checks(title))
            title = f"Journalists released after appeal, update {number}"
            committed = editor(do="retitle", id=standing, title=title)["committed"]

            def measure(name, visitor, title=title, committed=committed, number=number):
                try:
                    taken = visitor.seconds_to_fresh(checks(title), committed, GIVE_UP)
                except AssertionError as error:
                    failures[name] += 1
                    print(f"  publish {number} via {name}: {error}", flush=True)
                else:
                    seconds[name].append(taken)

            threads = [
                threading.Thread(target=measure, args=(name, visitor))
                for name, visitor in visitors.items()
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"Machine: {os.cpu_count()} cores; load average after measuring: {load}\n")
        print(f"{'served by':<11}{'p95 s':>8}{'max s':>8}{'target s':>10}{'not fresh':>11}")
        for name, values in seconds.items():
            worst = max(values) if values else float("nan")
            typical = p95(values) if values else float("nan")
            print(
                f"{name:<11}{typical:>8.2f}{worst:>8.2f}{TARGETS[name]:>10.1f}{failures[name]:>11}"
            )
        for visitor in visitors.values():
            visitor.close()
    finally:
        if editor is not None:
            editor.close()
        processes.stop()


if __name__ == "__main__":
    main()
