"""Publish-to-fresh across processes: an editor in a process of its own (tests/deploy/editor.py)
changes the content; every surface a visitor or the app reads is fetched from the servers until
each shows the change. Used by tests/deploy/test_freshness.py and bench/freshness.py."""

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

EDITOR = Path(__file__).resolve().parent / "editor.py"
# Requests to each surface per round, each on a connection of its own, so that every gunicorn
# worker answers some of them.
REQUESTS_PER_SURFACE = 3


class Editor:
    """The editor process: one JSON command in, one JSON answer out."""

    def __init__(self, env, cwd):
        self.process = subprocess.Popen(
            [sys.executable, str(EDITOR)],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the editor process exited (status {self.process.wait()})")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"the editor could not {command}: {answer['error']}")
        return answer

    def wait_for_log(self, page_id, action, timeout):
        """When the Celery worker logged `action` on the page (epoch seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            at = self(do="logged", id=page_id, action=action)["at"]
            if at is not None:
                return at
            time.sleep(0.1)
        raise AssertionError(f"{action} of page {page_id} did not happen within {timeout}s")

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@dataclass(frozen=True)
class Surface:
    name: str
    path: str

    def reflects(self, response, expect):
        """expect: ("shows", text) or ("lacks", text); a page that is gone may answer 404."""
        kind, text = expect
        if kind == "shows":
            return response.status_code == 200 and text in response.text
        return response.status_code in (200, 404) and text not in response.text


# The app's browsing of the pages API: one type in an order of page columns.
BROWSING = "type=newsroom.PressReleasePage&order=-title"


def article_surfaces(page_path, page_id, word):
    """Every surface that lists or shows an article found by `word`, with what shows it there
    ("title", or "url" for the sitemap)."""
    return [
        (Surface("page", page_path), "title"),
        (Surface("newsroom listing", "/newsroom/"), "title"),
        (Surface("home", "/"), "title"),
        (Surface("search page", f"/search/?q={word}"), "title"),
        (Surface("search API", f"/api/v2/search/?q={word}"), "title"),
        (Surface("pages API list", "/api/v2/pages/?type=newsroom.PressReleasePage"), "title"),
        # The app's browsing: ids ordered in each worker's memory, items from the stored rows.
        (Surface("pages API browsing", f"/api/v2/pages/?{BROWSING}"), "title"),
        (Surface("pages API detail", f"/api/v2/pages/{page_id}/"), "title"),
        (Surface("RSS feed", "/feeds/rss/"), "title"),
        (Surface("Atom feed", "/feeds/atom/"), "title"),
        (Surface("sitemap", "/sitemap.xml"), "url"),
    ]


def article_checks(kind, page_path, page_id, word, title):
    """(surface, expect) pairs: the article shows ("shows") or is gone ("lacks") everywhere."""
    return [
        (surface, (kind, title if shown_by == "title" else page_path))
        for surface, shown_by in article_surfaces(page_path, page_id, word)
    ]


class Visitor:
    """Fetches surfaces from one server (gunicorn or Varnish) with the site's host name."""

    def __init__(self, base_url, host="localhost"):
        self.base_url = base_url
        self.host = host
        self.pool = ThreadPoolExecutor(max_workers=8)

    def fetch(self, path):
        # A connection per request: gunicorn's workers take turns accepting them.
        return httpx.get(
            self.base_url + path, headers={"Host": self.host}, timeout=30, follow_redirects=False
        )

    def stale(self, checks):
        """The names of the checks some response does not reflect yet: checks are
        (surface, expect) pairs."""
        jobs = [
            (surface, expect, self.pool.submit(self.fetch, surface.path))
            for surface, expect in checks
            for _ in range(REQUESTS_PER_SURFACE)
        ]
        stale = set()
        for surface, expect, job in jobs:
            response = job.result()
            if not surface.reflects(response, expect):
                stale.add(f"{surface.name} {response.status_code} ({expect[0]} {expect[1]!r})")
        return sorted(stale)

    def seconds_to_fresh(self, checks, since, bound):
        """Seconds from `since` (epoch) until a whole round of requests reflected every check;
        fails if a round started later than `bound` seconds after `since` still did not."""
        while True:
            started = time.time()
            stale = self.stale(checks)
            if not stale:
                return max(0.0, started - since)
            if started - since > bound:
                raise AssertionError(
                    f"{bound}s after the change, {self.base_url} still served stale: "
                    + "; ".join(stale)
                )
            time.sleep(0.02)

    def close(self):
        self.pool.shutdown()
