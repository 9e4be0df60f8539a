"""cms/app_cache.py: fragments computed once per content version, and never stale after a change."""

from django.core.cache import cache
from django.http import HttpResponse

from cms.app_cache import (
    CONTENT_VERSION_KEY,
    ContentVersionMiddleware,
    bump_content_version,
    content_version,
    remember,
    remember_locally,
)
from cms.factories import TopicFactory
from cms.models import Topic
from newsroom.factories import PressReleasePageFactory
from newsroom.listing import filter_options


def test_a_fragment_is_computed_once_per_content_version(db):
    cache.clear()
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert remember("fragment", compute) == 1
    assert remember("fragment", compute) == 1
    bump_content_version()
    assert remember("fragment", compute) == 2


def test_a_cache_server_that_restarts_empty_never_brings_back_an_old_version(db):
    cache.clear()
    assert remember("fragment", lambda: "before the restart") == "before the restart"
    cache.clear()  # Redis restarted empty; this process still holds its own copy
    assert remember("fragment", lambda: "after the restart") == "after the restart"


def test_a_publish_in_another_process_reaches_this_one(db):
    cache.clear()
    assert remember("fragment", lambda: "old") == "old"
    # Another worker bumps the version in the shared cache: this process's copy is not used.
    cache.set(CONTENT_VERSION_KEY, "set-by-another-worker")
    assert remember("fragment", lambda: "new") == "new"
    assert remember_locally("object", lambda: ["new"]) == ["new"]


def test_each_caller_gets_its_own_copy_of_an_object_kept_in_memory(db):
    first = remember_locally("object", lambda: Topic(name="Detention"))
    first.name = "Changed by one request"
    assert remember_locally("object", lambda: Topic(name="unused")).name == "Detention"


def test_a_request_reads_the_version_once_and_sees_its_own_publish(client, rf, db):
    seen = []

    def view(request):
        seen.append(content_version())
        cache.set(CONTENT_VERSION_KEY, "changed-by-another-worker-meanwhile")
        seen.append(content_version())  # one request renders from one version
        bump_content_version()
        seen.append(content_version())  # after its own publish, the new one
        return HttpResponse()

    ContentVersionMiddleware(view)(rf.get("/"))
    assert seen[0] == seen[1]
    assert seen[2] not in seen[:2]
    assert seen[2] == cache.get(CONTENT_VERSION_KEY)


def test_newsroom_filter_options_follow_a_publish(django_capture_on_commit_callbacks, newsroom):
    cache.clear()
    assert filter_options() == ([], [])
    topic = TopicFactory(name="Detention")
    release = PressReleasePageFactory(parent=newsroom, live=False)
    release.topics.set([topic])
    with django_capture_on_commit_callbacks(execute=True):
        release.save_revision().publish()
    assert filter_options()[0] == [topic]
