"""Cross-post records as a person can act on them, and the press office told when one fails."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from cms.scheduling import in_site_time
from cms.site_address import absolute_url
from newsroom.editorial import PRESS_OFFICE

from .models import CrossPost

logger = logging.getLogger(__name__)
Status = CrossPost.Status
# A post still failing this long after it was first due is worth a person's attention.
ALERT_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class CrossPostState:
    label: str
    detail: str = ""
    link: str = ""
    retry_url: str = ""


def describe(record):
    """What the record's state means: queued, posting, posted, retrying at, failed."""
    retry_url = reverse("social_retry_cross_post", args=[record.pk])
    if record.status == Status.POSTED:
        return CrossPostState("Posted", link=record.post_address)
    if record.status == Status.SENDING:
        return CrossPostState("Posting…")
    if record.status == Status.PENDING and record.attempts == 0:
        return CrossPostState("Queued")
    if record.status == Status.PENDING:
        return CrossPostState(
            f"Retrying at {in_site_time(record.next_attempt_at)}",
            detail=f"Attempt {record.attempts} failed: {record.last_error}",
        )
    if record.status == Status.NEEDS_DECISION:
        return CrossPostState("Needs your decision", detail=record.last_error, retry_url=retry_url)
    if record.status == Status.SKIPPED:
        return CrossPostState("Skipped", detail=record.last_error, retry_url=retry_url)
    return CrossPostState("Failed", detail=record.last_error, retry_url=retry_url)


def press_office_addresses():
    return list(
        get_user_model()
        .objects.filter(groups__name=PRESS_OFFICE, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def social_tab_url(record):
    """The page's Social tab in the admin, on the site's one address."""
    return absolute_url(reverse("wagtailadmin_pages:edit", args=[record.page_id]) + "#tab-social")


def tell_press_office(record, reason, headline):
    addresses = press_office_addresses()
    if not addresses:
        logger.warning("No press office address to tell that cross-post %s %s", record.pk, headline)
        return
    send_mail(
        f"Cross-post {headline}: “{record.page}” on {record.account}",
        f"“{record.page}” could not be posted to {record.account}.\n\n"
        f"Reason: {reason}\nAttempts so far: {record.attempts}\n\n"
        "See its status on the page's Social tab, where it can be retried:\n"
        f"{social_tab_url(record)}",
        None,
        addresses,
        fail_silently=True,
    )


def failed_for_good(record, reason):
    tell_press_office(record, reason, "failed")


def still_failing(record, reason, now):
    """Called at each failed attempt that will be retried: tells the press office once, at
    the first attempt due after the post has been failing for an hour."""
    mark = record.created_at + ALERT_AFTER
    if record.next_attempt_at < mark <= now:
        tell_press_office(record, reason, "still failing after an hour")
