"""Benchmark of the mobile app's API: requests per second and latency (median, p95).

Builds a throwaway site (the demo content topped up with generated articles, plus one press
release with a long StreamField), serves it with gunicorn on 127.0.0.1 and measures three
requests at 1 and 16 concurrent clients:

- a page list (articles, newest first, 20 a page, every field),
- a page detail whose body has 200 blocks (paragraphs, quotes, images with renditions),
- a search with facets (/api/v2/search/).

With --sync it measures the mobile app's offline sync instead (docs/mobile-app.md): a full
sync of every article (pages?updated_since=0 then the changes feed), then 10 changes on the site
(4 new releases, 3 edits, an unpublish, a delete, a page made private) and an incremental sync,
printing requests, bytes and seconds of each.

Usage: uv run python bench/api.py [--articles 300] [--seconds 8] [--workers 2 --threads 8]
       bash tests/with_services.sh bash -c \
         'DATABASE_URL=$TEST_POSTGRES_URL uv run python bench/api.py --sync --articles 5000'
DATABASE_URL picks the database (default: a fresh SQLite file in a temporary directory).
"""

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCIES = (1, 16)
LONG_BODY_BLOCKS = 200


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="articles on the site")
    parser.add_argument("--seconds", type=float, default=8, help="duration of each run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--sync", action="store_true", help="measure the app's offline sync")
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(workdir):
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="false",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


LONG_ARTICLE_SCRIPT = f"""
import datetime
from cms.models import NewsImage, Spokesperson
from newsroom.models import NewsroomPage, PressReleasePage

newsroom = NewsroomPage.objects.live().first()
image = NewsImage.objects.first()
spokesperson = Spokesperson.objects.first()
body = []
for number in range({LONG_BODY_BLOCKS}):
    if number % 10 == 3 and image:
        body.append(("image", {{"image": image, "alt_text": "", "caption": f"Figure {{number}}"}}))
    elif number % 10 == 6:
        body.append(("quote", {{"quote": "We will not stop until every family is home.",
                               "spokesperson": spokesperson, "attribution": ""}}))
    else:
        body.append(("paragraph", f"<p>Paragraph {{number}}: the families evicted in March "
                                  "have still not been rehoused, the report finds.</p>"))
page = PressReleasePage(title="A very long press release", slug="bench-long-press-release",
                        publication_date=datetime.date.today(), teaser="Long body.",
                        hero_image=image, body=body)
newsroom.add_child(instance=page)
page.save_revision().publish()
# Renditions are made on first use; the benchmark measures serving, not image resizing.
from cms.api_representations import IMAGE_FILTERS
for each in NewsImage.objects.all():
    each.get_renditions(*IMAGE_FILTERS)
print(page.pk)
"""


def build_site(env, articles):
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo_content", "--extra-articles", str(articles))
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", LONG_ARTICLE_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(output.strip().splitlines()[-1])


TEN_CHANGES_SCRIPT = """
from wagtail.models import PageViewRestriction
from newsroom.factories import PressReleasePageFactory
from newsroom.models import ArticlePage, NewsroomPage

newsroom = NewsroomPage.objects.live().first()
for number in range(4):
    page = PressReleasePageFactory(parent=newsroom, title=f"Breaking {number}", live=False)
    page.save_revision().publish()
edited, unpublished, deleted, private = (
    list(ArticlePage.objects.live().order_by("-publication_date")[:3]),
    *ArticlePage.objects.live().order_by("publication_date")[:3],
)
for page in edited:
    page = page.specific
    page.teaser = "Updated: " + page.teaser
    page.save_revision().publish()
unpublished.unpublish()
deleted.delete()
PageViewRestriction.objects.create(page=private, restriction_type="login")
"""


class SyncingApp:
    """An app keeping every article offline, syncing as docs/mobile-app.md says."""

    def __init__(self, base):
        self.base = base
        self.http = httpx.Client(timeout=60)
        self.pages = {}
        self.cursor = "0"

    def get(self, path, params, tally):
        response = self.http.get(f"{self.base}{path}", params=params)
        response.raise_for_status()
        tally["requests"] += 1
        tally["bytes"] += len(response.content)
        return response.json()

    def sync(self):
        tally = {"requests": 0, "bytes": 0}
        started = time.perf_counter()
        position = self.cursor
        while True:
            data = self.get(
                "/pages/",
                {"type": "newsroom.ArticlePage", "updated_since": position, "limit": 50},
                tally,
            )
            self.pages.update({item["id"]: item for item in data["items"]})
            position = data["meta"]["next_cursor"]
            if data["meta"]["total_count"] <= len(data["items"]):
                break
        since = self.cursor
        while True:
            data = self.get("/changes/", {"since": since, "limit": 500}, tally)
            for item in data["items"]:
                self.pages.pop(item["id"], None)
            since = data["meta"]["next_cursor"]
            if data["meta"]["total_count"] <= len(data["items"]):
                break
        self.cursor = position
        tally["seconds"] = time.perf_counter() - started
        return tally


def site_article_ids(base):
    ids, offset = set(), 0
    with httpx.Client(timeout=60) as http:
        while True:
            params = {"type": "newsroom.ArticlePage", "limit": 50, "offset": offset}
            data = http.get(f"{base}/pages/", params=params).json()
            ids |= {item["id"] for item in data["items"]}
            offset += 50
            if offset >= data["meta"]["total_count"]:
                return ids


def run_sync(env, base, articles):
    app = SyncingApp(base)
    full = app.sync()
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", TEN_CHANGES_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
    )
    incremental = app.sync()
    site = site_article_ids(base)
    print(f"{'sync':<26}{'requests':>9}{'KB':>10}{'seconds':>9}")
    for name, tally in (
        (f"full ({articles} articles)", full),
        ("incremental (10 changes)", incremental),
    ):
        print(
            f"{name:<26}{tally['requests']:>9}{tally['bytes'] / 1024:>10.1f}"
            f"{tally['seconds']:>9.2f}"
        )
    print(
        f"after the incremental sync: the app holds {len(app.pages)} articles, the site lists "
        f"{len(site)}; missing {len(site - app.pages.keys())}, "
        f"stale {len(app.pages.keys() - site)}"
    )


def start_server(env, port, workers, threads):
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v2/pages/?limit=1", timeout=5)
            return server
        except httpx.TransportError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def run_load(url, clients, seconds):
    """Each client sends requests back to back; returns (requests per second, latencies)."""
    latencies = []
    errors = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client_loop():
        with httpx.Client(timeout=30) as http:
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                response = http.get(url)
                elapsed = time.perf_counter() - started
                with lock:
                    if response.status_code == 200:
                        latencies.append(elapsed)
                    else:
                        errors.append(response.status_code)

    started = time.monotonic()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{url}: {len(errors)} failed requests, e.g. status {errors[0]}")
    return len(latencies) / (time.monotonic() - started), latencies


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        workdir = Path(tmp)
        env = site_environment(workdir)
        (workdir / "static").mkdir()
        print(f"Building the site ({args.articles} articles)...", flush=True)
        if args.sync:
            manage(env, "migrate", "--noinput", "-v", "0")
            subprocess.run(
                [sys.executable, "bench/content.py", "build", str(args.articles)],
                cwd=ROOT,
                env=env,
                check=True,
            )
        else:
            long_page_id = build_site(env, args.articles)
        port = free_port()
        server = start_server(env, port, args.workers, args.threads)
        base = f"http://127.0.0.1:{port}/api/v2"
        if args.sync:
            try:
                print(
                    f"Machine: {cpu_model()}, {os.cpu_count()} CPUs, database "
                    f"{env['DATABASE_URL'].split(':', 1)[0]}, gunicorn {args.workers} workers"
                )
                run_sync(env, base, args.articles)
            finally:
                server.terminate()
                server.wait(timeout=30)
            return
        scenarios = {
            "page list": f"{base}/pages/?type=newsroom.ArticlePage&fields=*&limit=20",
            f"detail ({LONG_BODY_BLOCKS} blocks)": f"{base}/pages/{long_page_id}/",
            "search + facets": f"{base}/search/?q=families&page_size=20",
        }
        try:
            print(
                f"Machine: {cpu_model()}, {os.cpu_count()} CPUs (clients run on them too), "
                f"Python {platform.python_version()}, database "
                f"{env['DATABASE_URL'].split(':', 1)[0]}, gunicorn {args.workers} workers "
                f"x {args.threads} threads, {args.seconds:g} s per run"
            )
            print(f"{'request':<22}{'clients':>8}{'req/s':>9}{'median ms':>11}{'p95 ms':>9}")
            for name, url in scenarios.items():
                run_load(url, 1, 1)  # warm up: workers load, caches fill
                for clients in CONCURRENCIES:
                    rate, latencies = run_load(url, clients, args.seconds)
                    print(
                        f"{name:<22}{clients:>8}{rate:>9.1f}"
                        f"{statistics.median(latencies) * 1000:>11.1f}"
                        f"{percentile(latencies, 0.95) * 1000:>9.1f}",
                        flush=True,
                    )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
