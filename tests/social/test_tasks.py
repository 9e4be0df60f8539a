"""Delivery through a real Celery worker on a real Redis, with the faults production meets."""

import time

import pytest
from django.db import close_old_connections

from campaigns.social.models import CrossPost
from newsroom.factories import PressReleasePageFactory

from .conftest import account_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
Status = CrossPost.Status
SETTLED = {Status.POSTED, Status.FAILED, Status.NEEDS_DECISION, Status.SKIPPED}


def publish_pages(newsroom, count):
    pages = []
    for number in range(count):
        page = PressReleasePageFactory(parent=newsroom, title=f"Release number {number}")
        page.save_revision().publish()
        pages.append(page)
    return pages


def wait_until_settled(expected, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        close_old_connections()
        records = list(CrossPost.objects.all())
        if len(records) == expected and all(r.status in SETTLED for r in records):
            return records
        time.sleep(0.25)
    statuses = sorted((r.pk, r.status, r.last_error) for r in CrossPost.objects.all())
    raise AssertionError(f"cross-posts not settled in {timeout}s: {statuses}")


def assert_exactly_once(servers, pages, text_of):
    for name, server in servers.items():
        for page in pages:
            matching = [post for post in server.posts if page.get_full_url() in text_of(name, post)]
            assert len(matching) == 1, f"{name}: {len(matching)} posts for {page.title}"


def post_text(name, post):
    return {
        "facebook": lambda: post["message"],
        "linkedin": lambda: post["commentary"],
        "webhook": lambda: post["payload"]["text"],
    }.get(name, lambda: post["text"])()


def test_a_real_worker_posts_each_publication_once_through_429_storms_and_errors(
    worker, newsroom, network_servers
):
    for server in network_servers.values():
        server.inject("429", "429", "5xx", "429", "5xx", "429")
        server.fault_rates = {"429": 0.15, "5xx": 0.1}
        account_for(server)
    worker.start()
    pages = publish_pages(newsroom, 4)
    records = wait_until_settled(expected=4 * 5)
    assert {r.status for r in records} == {Status.POSTED}
    assert_exactly_once(network_servers, pages, post_text)
    assert max(r.attempts for r in records) > 1


def test_timeouts_after_accepting_never_post_twice(worker, newsroom, network_servers):
    checked = {k: v for k, v in network_servers.items() if k != "webhook"}
    for server in checked.values():
        server.inject("timeout", "timeout")
        account_for(server)
    worker.start()
    pages = publish_pages(newsroom, 2)
    records = wait_until_settled(expected=2 * 4)
    assert {r.status for r in records} == {Status.POSTED}
    assert_exactly_once(checked, pages, post_text)


def test_a_worker_killed_while_posting_is_recovered_by_the_sweep_without_duplicates(
    worker, newsroom, network_servers
):
    chosen = {k: network_servers[k] for k in ("mastodon", "x", "facebook")}
    for server in chosen.values():
        server.hang_seconds = 8
        server.inject("timeout")  # accepted, then the answer is held back
        account_for(server)
    # A patient worker: it is still waiting for the answers when it is killed.
    worker.start(SOCIAL_HTTP_TIMEOUT=30)
    pages = publish_pages(newsroom, 1)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(s.posts for s in chosen.values()):
        time.sleep(0.1)
    assert all(s.posts for s in chosen.values()), "the networks never received the posts"
    worker.kill()
    close_old_connections()
    assert set(CrossPost.objects.values_list("status", flat=True)) == {Status.SENDING}

    worker.start()
    records = wait_until_settled(expected=3)
    assert {r.status for r in records} == {Status.POSTED}
    assert_exactly_once(chosen, pages, post_text)


def test_publishing_succeeds_while_redis_is_down_and_the_sweep_posts_later(
    worker, broker, newsroom, network_servers
):
    server = network_servers["mastodon"]
    account_for(server)
    account_for(network_servers["x"])
    broker.stop()
    pages = publish_pages(newsroom, 2)  # must not raise
    close_old_connections()
    assert CrossPost.objects.filter(status=Status.PENDING).count() == 4
    broker.start()
    worker.start()
    records = wait_until_settled(expected=4)
    assert {r.status for r in records} == {Status.POSTED}
    assert_exactly_once({"mastodon": server, "x": network_servers["x"]}, pages, post_text)
