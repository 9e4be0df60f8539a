"""Redis stopped, then stalled (SIGSTOP), under the production shape: pages, the API, the admin
and /healthz/ keep answering in time, publishing works, and an unpublish made during the outage
reaches Varnish and every worker once Redis is back. The package's stack runs on a Redis of its
own, which these tests stop and freeze."""

import time

import pytest
from wagtail.models import Page

from cms import resilient_cache
from cms.models import PendingPurge
from tests.deploy.conftest import share_the_stack
from tests.deploy.test_varnish import editor_cookies, retitle, wait_until

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What a visitor or an editor may wait during an outage, and /healthz/'s promise.
SLOW_BUT_ANSWERING = 2.0


@pytest.fixture
def stack(production_stack, stack_redis, settings, transactional_db):
    """The package's stack, whose Redis these tests stop and freeze: answering again after."""
    yield share_the_stack(production_stack, settings)
    stack_redis.restore()
    resilient_cache.forget_outage()
    assert wait_until(lambda: healthy(production_stack), timeout=30)


def timed_get(stack, path, **kwargs):
    started = time.monotonic()
    response = stack.get(path, **kwargs)
    return response, time.monotonic() - started


def assert_everything_answers(stack, site_pages, cookies):
    release, newsroom = site_pages["release"], site_pages["newsroom"]
    checks = [
        ("page", "/newsroom/released/", {}),
        ("listing", "/newsroom/", {}),
        ("home", "/", {}),
        ("api list", "/api/v2/pages/?type=newsroom.PressReleasePage", {}),
        ("api detail", f"/api/v2/pages/{release.pk}/", {}),
        ("search api", "/api/v2/search/?q=journalists", {}),
        ("admin", "/admin/", {"cookies": cookies}),
        ("admin explorer", f"/admin/pages/{newsroom.pk}/", {"cookies": cookies}),
    ]
    for name, path, kwargs in checks:
        response, seconds = timed_get(stack, path, via="gunicorn", **kwargs)
        assert response.status_code == 200, (name, response.status_code)
        assert seconds < SLOW_BUT_ANSWERING, (name, seconds)


def assert_health_names_the_cache(stack):
    response, seconds = timed_get(stack, "/healthz/", via="gunicorn")
    assert response.status_code == 503
    assert seconds < SLOW_BUT_ANSWERING
    services = response.json()["services"]
    assert services["cache"].startswith("down:"), services
    assert services["broker"].startswith("down:"), services
    assert services["database"] == "ok"


def healthy(stack):
    return stack.get("/healthz/", via="gunicorn").status_code == 200


def withdrawn_everywhere(stack):
    """The release is gone from Varnish, from each gunicorn worker, from the listing, and no
    purge is still owed."""
    pages = [stack.get("/newsroom/released/", via=via) for via in ["varnish", "gunicorn"] * 3]
    listings = [stack.get("/newsroom/", via=via) for via in ["varnish", "gunicorn"] * 3]
    return (
        all(page.status_code == 404 for page in pages)
        and not any("Journalists released" in listing.text for listing in listings)
        and not PendingPurge.objects.exists()
    )


def warm(stack):
    """Every worker and Varnish hold the page and the listing for the current content version."""
    for _ in range(4):
        assert stack.get("/newsroom/released/", via="gunicorn").status_code == 200
        assert "Journalists released" in stack.get("/newsroom/", via="gunicorn").text
    assert stack.get("/newsroom/released/").status_code == 200
    assert "Journalists released" in stack.get("/newsroom/").text


def test_with_redis_stopped_the_site_answers_and_a_withdrawal_holds_after_the_restart(
    stack, site_pages, stack_redis
):
    cookies = editor_cookies()
    assert wait_until(lambda: healthy(stack), timeout=30)
    assert_everything_answers(stack, site_pages, cookies)
    warm(stack)

    stack_redis.stop()
    assert_everything_answers(stack, site_pages, cookies)
    assert_health_names_the_cache(stack)
    Page.objects.get(pk=site_pages["release"].pk).specific.unpublish()
    assert stack.get("/newsroom/released/").status_code == 404
    assert PendingPurge.objects.filter(new_content_version=True).exists()

    # Redis comes back with its data: the content version from before the outage included.
    stack_redis.start()
    assert wait_until(lambda: withdrawn_everywhere(stack), timeout=60)
    assert wait_until(lambda: healthy(stack), timeout=30)
    time.sleep(2)  # and it stays withdrawn
    assert withdrawn_everywhere(stack)


def test_with_redis_stalled_the_site_answers_and_a_publish_shows_after(
    stack, site_pages, stack_redis
):
    cookies = editor_cookies()
    assert wait_until(lambda: healthy(stack), timeout=30)
    warm(stack)

    stack_redis.pause()
    assert_everything_answers(stack, site_pages, cookies)
    assert_health_names_the_cache(stack)
    retitle(site_pages["release"], "Journalists released on bail")
    assert "Journalists released on bail" in stack.get("/newsroom/released/").text
    assert "Journalists released on bail" in stack.get("/newsroom/", via="gunicorn").text

    stack_redis.restore()

    def fresh_everywhere():
        return (
            all(
                "Journalists released on bail" in stack.get(path, via=via).text
                for path in ["/newsroom/released/", "/newsroom/"]
                for via in ["varnish", "gunicorn", "gunicorn"]
            )
            and not PendingPurge.objects.exists()
        )

    assert wait_until(fresh_everywhere, timeout=60)
    assert wait_until(lambda: healthy(stack), timeout=30)
