"""Cross-posting benchmark: publish pages against the local network servers with injected faults.

    bash tests/with_services.sh bash -c \
        'DATABASE_URL=$TEST_POSTGRES_URL uv run python bench/crosspost.py --pages 500'

Needs PostgreSQL (DATABASE_URL, migrated here: use a throwaway database) and Redis (REDIS_URL).
Prints time from publish to posted (median, p95), throughput, duplicates and lost posts.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORKER_SETTINGS = {
    "SOCIAL_HTTP_TIMEOUT": "1",
    "SOCIAL_RETRY_BASE_SECONDS": "0.5",
    "SOCIAL_RETRY_MAX_SECONDS": "5",
    "SOCIAL_CLAIM_LEASE_SECONDS": "10",
    "SOCIAL_SWEEP_INTERVAL": "2",
    "SOCIAL_SWEEP_GRACE_SECONDS": "5",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=4, help="Celery worker processes")
    parser.add_argument("--rate-429", type=float, default=0.05)
    parser.add_argument("--rate-5xx", type=float, default=0.05)
    parser.add_argument("--rate-timeout", type=float, default=0.03, help="accepted, answer late")
    parser.add_argument("--deadline", type=float, default=900, help="seconds to wait for posts")
    return parser.parse_args()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    args = parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit(
            "The benchmark needs PostgreSQL and Redis: run it through tests/with_services.sh with "
            "DATABASE_URL=$TEST_POSTGRES_URL (see the module docstring)."
        )
    os.environ.update(WORKER_SETTINGS)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    media = tempfile.mkdtemp(prefix="newsdesk-bench-media-")
    os.environ["TEST_MEDIA_ROOT"] = media

    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count
    from wagtail.models import Page, Site

    from campaigns.social.models import CrossPost
    from cms.factories import HomePageFactory
    from newsroom.factories import NewsroomPageFactory, PressReleasePageFactory
    from tests.social.conftest import account_for
    from tests.social.network_servers import FacebookServer, MastodonServer, XServer

    call_command("migrate", verbosity=0)
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    newsroom = NewsroomPageFactory(parent=home)

    rates = {"429": args.rate_429, "5xx": args.rate_5xx, "timeout": args.rate_timeout}
    servers = {
        "mastodon": MastodonServer(hang_seconds=1.5, reset_seconds=1),
        "x": XServer(hang_seconds=1.5, reset_seconds=1),
        "facebook": FacebookServer(hang_seconds=1.5, reset_seconds=1),
    }
    for server in servers.values():
        server.fault_rates = rates
        server.start()
        account_for(server)

    log = Path(media) / "worker.log"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "-B",
            "--loglevel",
            "WARNING",
            "--concurrency",
            str(args.concurrency),
            "--without-gossip",
            "--without-mingle",
            "-s",
            str(Path(media) / "beat-schedule"),
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        started = time.monotonic()
        for number in range(args.pages):
            page = PressReleasePageFactory(parent=newsroom, title=f"Benchmark release {number}")
            page.save_revision().publish()
        publishing = time.monotonic() - started
        expected = args.pages * len(servers)
        deadline = time.monotonic() + args.deadline
        Status = CrossPost.Status
        settled = {Status.POSTED, Status.FAILED, Status.NEEDS_DECISION}
        while time.monotonic() < deadline:
            if CrossPost.objects.filter(status__in=settled).count() >= expected:
                break
            time.sleep(1)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        for server in servers.values():
            server.stop()

    records = list(CrossPost.objects.select_related("page"))
    posted = [r for r in records if r.status == CrossPost.Status.POSTED]
    latencies = [(r.posted_at - r.created_at).total_seconds() for r in posted]
    span = max(r.posted_at for r in posted) - min(r.created_at for r in records)
    by_link = {}
    for name, server in servers.items():
        for post in server.posts:
            text = post.get("text") or post.get("message") or ""
            link = text.rsplit("\n\n", 1)[-1]
            by_link[(name, link)] = by_link.get((name, link), 0) + 1
    duplicates = sum(count - 1 for count in by_link.values() if count > 1)
    page_links = {r.page.get_full_url() for r in records}
    missing = sum(1 for name in servers for link in page_links if (name, link) not in by_link)
    attempts = CrossPost.objects.aggregate(total=Count("pk"))["total"]
    requests = sum(len(server.requests) for server in servers.values())
    faults = requests - sum(len(server.posts) for server in servers.values())

    print(
        f"pages published        {args.pages} in {publishing:.1f}s "
        f"({args.pages / publishing:.1f} pages/s, 3 accounts each)"
    )
    print(
        f"fault rates            429 {args.rate_429:.0%}, 5xx {args.rate_5xx:.0%}, "
        f"timeout after accept {args.rate_timeout:.0%}; {faults} requests refused or retried"
    )
    print(
        f"cross-posts            {attempts} records, {len(posted)} posted, "
        f"{sum(r.attempts for r in records)} attempts"
    )
    print(
        f"publish -> posted      median {statistics.median(latencies):.2f}s, "
        f"p95 {percentile(latencies, 0.95):.2f}s, max {max(latencies):.2f}s"
    )
    print(
        f"throughput             {len(posted) / span.total_seconds():.1f} posts/s "
        f"with {args.concurrency} worker processes"
    )
    print(f"duplicates             {duplicates}")
    print(
        f"lost posts             {missing + len(records) - len(posted)} "
        f"({missing} missing on a network, {len(records) - len(posted)} not posted)"
    )
    return 0 if duplicates == 0 and missing == 0 and len(posted) == expected else 1


if __name__ == "__main__":
    sys.exit(main())
