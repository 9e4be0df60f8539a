"""Cross-post states a person can act on, and the press office told when a post keeps failing."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from campaigns.social import services
from campaigns.social.models import CrossPost
from campaigns.social.status import describe
from newsroom.editorial import PRESS_OFFICE

from .conftest import account_for

pytestmark = pytest.mark.django_db
Status = CrossPost.Status


@pytest.fixture
def press_officer(django_user_model):
    user = django_user_model.objects.create_user("press", "press@example.org", "pw")
    user.groups.add(Group.objects.get_or_create(name=PRESS_OFFICE)[0])
    return user


@pytest.fixture
def record(press_release, network_servers, settings):
    settings.TIME_ZONE = "Europe/London"
    account_for(network_servers["facebook"])
    press_release.save_revision().publish()
    return CrossPost.objects.get()


def test_queued_then_retrying_at_a_time_then_posted_with_its_link(record, network_servers):
    assert describe(record).label == "Queued"
    network_servers["facebook"].inject("5xx")
    services.deliver(record.pk)
    record.refresh_from_db()
    state = describe(record)
    assert state.label.startswith("Retrying at ") and state.label.endswith("(Europe/London)")
    assert state.detail.startswith("Attempt 1 failed: ")
    assert not state.retry_url

    record.next_attempt_at = timezone.now()
    record.save()
    services.deliver(record.pk)
    record.refresh_from_db()
    state = describe(record)
    assert state.label == "Posted" and state.link == record.remote_url != ""


def test_failed_for_good_says_why_offers_retry_and_emails_the_press_office(
    record, network_servers, settings, press_officer
):
    settings.SOCIAL_MAX_ATTEMPTS = 1
    network_servers["facebook"].inject("5xx")
    mail.outbox.clear()
    services.deliver(record.pk)
    record.refresh_from_db()
    state = describe(record)
    assert state.label == "Failed" and state.detail.startswith("Gave up after 1 attempts")
    assert state.retry_url.endswith(f"/social/cross-posts/{record.pk}/retry/")
    assert [message.to for message in mail.outbox] == [["press@example.org"]]
    assert "Cross-post failed" in mail.outbox[0].subject


def test_a_post_still_failing_after_an_hour_is_reported_once(
    record, network_servers, press_officer
):
    server = network_servers["facebook"]
    mail.outbox.clear()
    # First due 70 minutes ago; the last attempt was due before the hour was up.
    CrossPost.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timedelta(minutes=70),
        next_attempt_at=timezone.now() - timedelta(minutes=15),
        attempts=3,
    )
    server.inject("5xx", "5xx")
    services.deliver(record.pk)
    assert [message.subject for message in mail.outbox] == [
        f"Cross-post still failing after an hour: “{record.page}” on {record.account}"
    ]
    CrossPost.objects.filter(pk=record.pk).update(next_attempt_at=timezone.now())
    services.deliver(record.pk)
    assert len(mail.outbox) == 1
