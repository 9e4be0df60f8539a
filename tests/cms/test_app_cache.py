"""cms/app_cache.py: fragments computed once per content version, the version shared by every
process in every configuration, and never stale after a change."""

import os
import socket
import time

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

from cms import app_cache
from cms.app_cache import (
    CONTENT_VERSION_KEY,
    ContentVersionMiddleware,
    bump_content_version,
    content_version,
    remember,
    remember_locally,
)
from cms.factories import TopicFactory
from cms.models import ContentVersion, Topic
from newsroom.factories import PressReleasePageFactory
from newsroom.listing import filter_options


def another_process_publishes(cache_reached=True):
    """What a change committed by another process (a web worker, the Celery worker) leaves in
    the stores every process shares."""
    ContentVersion.objects.update_or_create(pk=1, defaults={"token": "from-another-process"})
    if cache_reached and app_cache._cache_is_shared():
        cache.set(CONTENT_VERSION_KEY, "from-another-process", timeout=None)


def test_a_fragment_is_computed_once_per_content_version(db):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert remember("fragment", compute) == 1
    assert remember("fragment", compute) == 1
    bump_content_version()
    assert remember("fragment", compute) == 2
    assert remember("fragment", compute) == 2


def test_an_answer_is_kept_from_the_second_time_its_question_is_asked(db):
    app_cache.forget_answers()
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    answers = [app_cache.remember_answer("question", compute, size=lambda v: 8) for _ in range(4)]
    assert answers == [1, 2, 2, 2]
    bump_content_version()
    answers = [app_cache.remember_answer("question", compute, size=lambda v: 8) for _ in range(3)]
    assert answers == [3, 4, 4]


def test_questions_asked_once_do_not_push_a_popular_answer_out(db):
    app_cache.forget_answers()
    popular = []

    def compute_popular():
        popular.append(1)
        return "popular"

    for _ in range(2):
        app_cache.remember_answer("popular", compute_popular, size=lambda v: 1024)
    # Far more one-off questions than the kept answers' bytes could hold.
    for number in range(2 * app_cache.ANSWER_MEMORY_BYTES // (512 * 1024)):
        app_cache.remember_answer(f"once {number}", lambda: "x", size=lambda v: 512 * 1024)

    assert app_cache.remember_answer("popular", compute_popular, size=lambda v: 1024) == "popular"
    assert len(popular) == 2  # worked out twice, then kept through the one-off questions


def test_with_app_caches_off_every_answer_is_worked_out(db, settings):
    settings.APP_CACHES = False
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert [remember("fragment", compute) for _ in range(2)] == [1, 2]
    assert [remember_locally("local", compute) for _ in range(2)] == [3, 4]
    assert [app_cache.remember_answer("answer", compute, size=lambda v: 8) for _ in range(2)] == [
        5,
        6,
    ]
    assert [app_cache.keep_for_version("table", compute) for _ in range(2)] == [7, 8]


def test_without_a_shared_cache_a_change_in_another_process_reaches_this_one(db):
    # The embedded default: Django's cache is this process's memory; the database is shared.
    assert not app_cache._cache_is_shared()
    assert remember("fragment", lambda: "old") == "old"
    assert remember_locally("object", lambda: ["old"]) == ["old"]
    another_process_publishes()
    assert remember("fragment", lambda: "new") == "new"
    assert remember_locally("object", lambda: ["new"]) == ["new"]


def test_each_caller_gets_its_own_copy_of_an_object_kept_in_memory(db):
    first = remember_locally("object", lambda: Topic(name="Detention"))
    first.name = "Changed by one request"
    assert remember_locally("object", lambda: Topic(name="unused")).name == "Detention"


def test_a_request_reads_the_version_once_and_sees_its_own_publish(rf, db):
    seen = []

    def view(request):
        seen.append(content_version())
        another_process_publishes()
        seen.append(content_version())  # one request renders from one version
        bump_content_version()
        seen.append(content_version())  # after its own change, another one
        return HttpResponse()

    ContentVersionMiddleware(view)(rf.get("/"))
    assert seen[0] == seen[1]
    assert seen[2] not in seen[:2]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_is_shared_when_it_commits_and_private_until_then():
    before = content_version()
    with transaction.atomic():
        bump_content_version()
        during = content_version()
        # What the changing transaction works out is kept under its own version only.
        assert during != before
        assert ContentVersion.objects.get(pk=1).token == before
    after = content_version()
    assert after not in (before, during)
    assert ContentVersion.objects.get(pk=1).token == after


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_change_leaves_the_version_as_it_was():
    before = content_version()
    assert remember("fragment", lambda: "kept") == "kept"
    with pytest.raises(RuntimeError), transaction.atomic():
        bump_content_version()
        assert remember("fragment", lambda: "uncommitted") == "uncommitted"
        raise RuntimeError("the change failed")
    assert content_version() == before
    assert remember("fragment", lambda: "unused") == "kept"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_made_in_a_background_task_reaches_a_request(rf):
    versions = []

    def view(request):
        versions.append(content_version())
        return HttpResponse()

    ContentVersionMiddleware(view)(rf.get("/"))
    with transaction.atomic():  # as the Celery worker's scheduled publishing does
        TopicFactory(name="Detention")
    ContentVersionMiddleware(view)(rf.get("/"))
    assert versions[0] != versions[1]


def test_newsroom_filter_options_follow_a_publish(django_capture_on_commit_callbacks, newsroom):
    assert filter_options() == ([], [])
    topic = TopicFactory(name="Detention")
    release = PressReleasePageFactory(parent=newsroom, live=False)
    release.topics.set([topic])
    with django_capture_on_commit_callbacks(execute=True):
        release.save_revision().publish()
    assert filter_options()[0] == [topic]


# With Redis: each request reads the version there; the database stays the one every process
# falls back to.


@pytest.fixture
def redis_cache(settings):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: run through tests/with_services.sh")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "newsdesk-test-app-cache",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    cache.clear()
    yield
    cache.clear()


def redis_at(settings, port):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }


def test_with_redis_a_change_in_another_process_reaches_this_one(db, redis_cache):
    assert app_cache._cache_is_shared()
    assert remember("fragment", lambda: "old") == "old"
    another_process_publishes()
    assert remember("fragment", lambda: "new") == "new"


def test_with_redis_a_change_is_copied_there_when_committed(db, redis_cache):
    with transaction.atomic():
        TopicFactory(name="Detention")
    # The test's own transaction is not committed: run what the commit would.
    app_cache.start_shared_version()
    assert cache.get(CONTENT_VERSION_KEY) == ContentVersion.objects.get(pk=1).token


def test_with_redis_a_change_it_missed_is_found_in_the_database_soon(db, redis_cache):
    assert remember("fragment", lambda: "old") == "old"
    # Redis was unreachable when the change was committed: only the database has it.
    ContentVersion.objects.filter(pk=1).update(token="missed-by-redis")
    time.sleep(app_cache.RECHECK_SECONDS)
    assert content_version() == "missed-by-redis"
    assert remember("fragment", lambda: "new") == "new"
    # The stale copy is gone from Redis; the next reader copies the database's there.
    assert content_version() == "missed-by-redis"
    assert cache.get(CONTENT_VERSION_KEY) == "missed-by-redis"


def test_with_redis_restarted_empty_the_version_is_the_database_s(db, redis_cache):
    version = content_version()
    cache.clear()  # Redis restarted empty; the content did not change
    assert content_version() == version == ContentVersion.objects.get(pk=1).token


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_with_redis_down_the_version_comes_from_the_database(db, settings):
    redis_at(settings, free_port())  # nothing listens there
    version = content_version()
    assert version == ContentVersion.objects.get(pk=1).token
    assert remember("fragment", lambda: "old") == "old"
    another_process_publishes(cache_reached=False)
    assert remember("fragment", lambda: "new") == "new"
    bump_content_version()
    app_cache.start_shared_version()  # a publish succeeds, and reaches the database
    assert content_version() not in (version, "from-another-process")


def test_with_redis_stalled_one_slow_read_then_the_database_answers(db, settings):
    with socket.socket() as stalled:  # accepts connections and never answers
        stalled.bind(("127.0.0.1", 0))
        stalled.listen(16)
        redis_at(settings, stalled.getsockname()[1])
        started = time.monotonic()
        first = content_version()
        first_read = time.monotonic() - started
        started = time.monotonic()
        for _ in range(20):
            assert content_version() == first == ContentVersion.objects.get(pk=1).token
        later_reads = time.monotonic() - started
    assert first_read < 1.5
    assert later_reads < 0.5  # the stalled server is left alone for a while
