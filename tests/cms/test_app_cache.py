"""cms/app_cache.py: fragments computed once per content version, and never stale after a change."""

from django.core.cache import cache

from cms.app_cache import bump_content_version, content_version, remember
from cms.factories import TopicFactory
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


def test_the_version_survives_being_evicted(db):
    cache.clear()
    bump_content_version()  # nothing stored yet: starts a fresh version
    assert content_version() == 2


def test_newsroom_filter_options_follow_a_publish(django_capture_on_commit_callbacks, newsroom):
    cache.clear()
    assert filter_options() == ([], [])
    topic = TopicFactory(name="Detention")
    release = PressReleasePageFactory(parent=newsroom, live=False)
    release.topics.set([topic])
    with django_capture_on_commit_callbacks(execute=True):
        release.save_revision().publish()
    assert filter_options()[0] == [topic]
