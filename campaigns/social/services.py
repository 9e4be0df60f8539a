"""Cross-posting: records created at publish, claimed and delivered by workers, swept when left.

Every function here runs without Celery; tasks.py only calls them and retries on their advice.
"""

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from cms.site_address import absolute_url

from . import clients, outbound
from . import status as status_for_people
from .credentials import CredentialsUnreadable
from .models import CrossPost, SocialAccount, is_https_address
from .rendering import fit_message

logger = logging.getLogger(__name__)
Status = CrossPost.Status
IMAGE_SPEC = "max-1200x1200|format-jpeg|jpegquality-80"


@dataclass
class DeliveryResult:
    status: str
    retry_in: float | None = None


# ---------------------------------------------------------------------------- at publish


def page_is_shareable(page):
    """Live, public and not opted out: an embargoed (scheduled) page is not live yet."""
    if not page.live or page.get_view_restrictions().exists():
        return False
    options = page.social_options.first()
    return not (options and options.opt_out)


def queue_cross_posts(page):
    """One record per target account that has none yet; tasks are enqueued after commit.

    Republishing or reverting finds the records already there and posts nothing again.
    """
    if not page_is_shareable(page):
        return []
    created = []
    with transaction.atomic():
        for account in SocialAccount.objects.targets_for(page):
            try:
                with transaction.atomic():
                    record, is_new = CrossPost.objects.get_or_create(page=page, account=account)
            except IntegrityError:
                continue  # a concurrent publish created it
            if is_new:
                created.append(record.pk)
        if created:
            transaction.on_commit(lambda: enqueue(created))
    return created


# The Celery task that delivers one record: tasks.py calls the functions here, so the app hands
# its task over from AppConfig.ready() instead of this module importing tasks.py back.
_delivery_task = None


def use_delivery_task(task):
    global _delivery_task
    _delivery_task = task


def enqueue(record_ids, countdown=None):
    """Hand records to the workers. A broker outage is logged, not raised: the sweep catches up."""
    deliver_cross_post = _delivery_task
    sent = []
    for record_id in record_ids:
        try:
            deliver_cross_post.apply_async((record_id,), countdown=countdown, retry=False)
            sent.append(record_id)
        except Exception as error:  # the broker's errors vary by transport
            logger.warning(
                "Cross-post %s not enqueued (%s: %s); the periodic sweep will send it",
                record_id,
                type(error).__name__,
                error,
            )
            break
    if sent:
        CrossPost.objects.filter(pk__in=sent).update(enqueued_at=timezone.now())
    return len(sent)


# ---------------------------------------------------------------------------- delivery


def claim(record_id):
    """Take the record for this worker, or None if it is not due or someone else holds it.

    Returns (record, uncertain): uncertain when an earlier attempt may have reached the network
    (a timeout, or a worker that died while sending).
    """
    now = timezone.now()
    record = CrossPost.objects.filter(pk=record_id).first()
    if record is None:
        return None
    lease = timedelta(seconds=settings.SOCIAL_CLAIM_LEASE_SECONDS)
    abandoned = record.status == Status.SENDING and record.claimed_at < now - lease
    due = record.status == Status.PENDING and record.next_attempt_at <= now
    if not (due or abandoned):
        return None
    changes = {"status": Status.SENDING, "claim_token": uuid.uuid4(), "claimed_at": now}
    if abandoned:
        changes["outcome_uncertain"] = True
    taken = CrossPost.objects.filter(
        pk=record.pk, status=record.status, claim_token=record.claim_token
    ).update(attempts=F("attempts") + 1, **changes)
    if not taken:
        return None
    record.refresh_from_db()
    return record, record.outcome_uncertain


def backoff_seconds(attempt):
    """Exponential backoff with jitter: half the interval fixed, half random."""
    interval = min(
        settings.SOCIAL_RETRY_MAX_SECONDS,
        settings.SOCIAL_RETRY_BASE_SECONDS * 2 ** max(0, attempt - 1),
    )
    return interval / 2 + random.uniform(0, interval / 2)


def compose(record, page, rules):
    """The post for this record's network, its text fixed at the first attempt."""
    options = page.social_options.first()
    link = page.get_full_url()
    image = (options.image if options else None) or page.hero_image
    image_bytes, image_url, image_alt = None, "", ""
    if image is not None:
        try:
            rendition = image.get_rendition(IMAGE_SPEC)
            with rendition.file.open("rb") as handle:
                image_bytes = handle.read()
        except (OSError, ValueError) as error:
            # A missing image file must not hold the publication back: post without it.
            logger.warning("Cross-post %s goes without its image: %s", record.pk, error)
        else:
            image_url = absolute_url(rendition.url)
            image_alt = (options.image_alt if options else "") or image.default_alt_text
    text = record.message
    if not text:
        custom = {message.network: message.text for message in page.social_messages.all()}
        body = (
            custom.get(record.account.network)
            or (options.message if options else "")
            or f"{page.title}\n\n{page.teaser}"
        )
        text = fit_message(body, link, rules)
    return clients.OutgoingPost(
        text=text,
        link=link,
        title=page.title,
        description=page.teaser,
        image=image_bytes,
        image_alt=image_alt,
        image_url=image_url,
        created_at=record.created_at,
        key_uuid=record.idempotency_key,
    )


def _finish(record, **changes):
    """Write the outcome, only while this worker still holds the claim."""
    changes.setdefault("claim_token", None)
    written = CrossPost.objects.filter(pk=record.pk, claim_token=record.claim_token).update(
        updated_at=timezone.now(), **changes
    )
    if not written:
        logger.warning("Cross-post %s was taken over before its outcome was written", record.pk)
    return written


def _posted(record, published, note=""):
    _finish(
        record,
        status=Status.POSTED,
        remote_id=published.remote_id,
        # Kept as answered; the admin links to it only when it is https (CrossPost.post_address).
        remote_url=published.url,
        posted_at=timezone.now(),
        outcome_uncertain=False,
        last_error=note,
    )
    logger.info("Cross-post %s posted to %s as %s", record.pk, record.account, published.remote_id)
    return DeliveryResult(Status.POSTED)


def _stop(record, status, reason):
    if _finish(record, status=status, last_error=reason) and status == Status.FAILED:
        status_for_people.failed_for_good(record, reason)
    logger.warning("Cross-post %s %s: %s", record.pk, status, reason)
    return DeliveryResult(status)


def _later(record, reason, delay=None, uncertain=None):
    if record.attempts >= settings.SOCIAL_MAX_ATTEMPTS:
        # If a request may have landed, only an editor can tell whether to post again.
        give_up = (
            Status.NEEDS_DECISION if (uncertain or record.outcome_uncertain) else Status.FAILED
        )
        return _stop(record, give_up, f"Gave up after {record.attempts} attempts: {reason}")
    wait = max(delay or 0, backoff_seconds(record.attempts))
    changes = {
        "status": Status.PENDING,
        "last_error": reason,
        "next_attempt_at": timezone.now() + timedelta(seconds=wait),
    }
    if uncertain is not None:
        changes["outcome_uncertain"] = uncertain
    if _finish(record, **changes):
        status_for_people.still_failing(record, reason, timezone.now())
    logger.info("Cross-post %s will retry in %.0fs: %s", record.pk, wait, reason)
    return DeliveryResult(Status.PENDING, retry_in=wait)


def deliver(record_id):
    """Claim the record and post it once; the result says whether and when to try again."""
    claimed = claim(record_id)
    if claimed is None:
        return DeliveryResult("not-due")
    record, uncertain = claimed
    account = record.account
    page = record.page.specific
    if not account.enabled:
        return _stop(record, Status.SKIPPED, "The account was disabled before posting.")
    if account.needs_reauthorisation:
        return _stop(record, Status.FAILED, "The account needs re-authorisation.")
    if not page_is_shareable(page):
        return _stop(record, Status.SKIPPED, "The page is no longer live, public and shared.")
    try:
        # Checked again now: the host names may resolve elsewhere than when they were saved.
        outbound.check_account(account)
    except outbound.ForbiddenAddress as refusal:
        return _stop(record, Status.FAILED, str(refusal))
    except CredentialsUnreadable as outcome:
        return _stop(record, Status.FAILED, str(outcome))
    client = None
    try:
        client = clients.client_for(account, timeout=settings.SOCIAL_HTTP_TIMEOUT)
        post = compose(record, page, client.rules())
        if not record.message:
            CrossPost.objects.filter(pk=record.pk).update(message=post.text)
        if uncertain:
            if not getattr(client, "checks_unknown_outcomes", True):
                return _stop(
                    record,
                    Status.NEEDS_DECISION,
                    "The network may have received this post but cannot be asked: "
                    "check it, then mark it posted or retry.",
                )
            found = client.resolve_uncertain(post, str(record.idempotency_key))
            if found is not None:
                return _posted(record, found, "Confirmed after an unanswered attempt.")
        published = client.publish(post, str(record.idempotency_key), uncertain=uncertain)
    except clients.AlreadyPublished as outcome:
        return _posted(record, clients.PublishedPost(remote_id=""), str(outcome))
    except clients.OutcomeUnknown as outcome:
        if client is not None and not getattr(client, "checks_unknown_outcomes", True):
            return _stop(
                record,
                Status.NEEDS_DECISION,
                f"{outcome}; it cannot be asked whether the post arrived: "
                "check it, then mark it posted or retry.",
            )
        return _later(record, str(outcome), uncertain=True)
    except clients.RateLimited as outcome:
        return _later(record, str(outcome), delay=outcome.retry_after)
    except clients.TransientError as outcome:
        return _later(record, str(outcome))
    except clients.AuthorisationError as outcome:
        SocialAccount.objects.filter(pk=account.pk).update(
            needs_reauthorisation=True, reauthorisation_reason=str(outcome)[:300]
        )
        return _stop(record, Status.FAILED, str(outcome))
    except clients.PermanentError as outcome:
        return _stop(record, Status.FAILED, str(outcome))
    except CredentialsUnreadable as outcome:
        return _stop(record, Status.FAILED, str(outcome))
    except Exception as error:
        # Unexpected: it may have happened after sending, so the next attempt checks first.
        logger.exception("Cross-post %s failed unexpectedly", record.pk)
        return _later(record, f"Unexpected error: {type(error).__name__}", uncertain=True)
    return _posted(record, published)


# ---------------------------------------------------------------------------- sweep and editors


def sweep():
    """Re-enqueue records whose task was lost: the broker was down, or a worker died."""
    now = timezone.now()
    grace = timedelta(seconds=settings.SOCIAL_SWEEP_GRACE_SECONDS)
    lease = timedelta(seconds=settings.SOCIAL_CLAIM_LEASE_SECONDS)
    # A record still queued behind a backlog was enqueued recently: leave it for a while.
    not_recently_enqueued = Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=now - grace)
    due = (
        CrossPost.objects.filter(
            Q(status=Status.PENDING, next_attempt_at__lte=now - grace)
            | Q(status=Status.SENDING, claimed_at__lt=now - lease)
        )
        .filter(not_recently_enqueued)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[: settings.SOCIAL_SWEEP_BATCH]
    )
    return enqueue(list(due))


def retry(record):
    """An editor's retry of a failed record (or one awaiting a decision): post it again."""
    if record.status not in (Status.FAILED, Status.NEEDS_DECISION, Status.SKIPPED):
        return False
    CrossPost.objects.filter(pk=record.pk, status=record.status).update(
        status=Status.PENDING,
        attempts=0,
        outcome_uncertain=False,
        next_attempt_at=timezone.now(),
        claim_token=None,
        last_error="",
    )
    transaction.on_commit(lambda: enqueue([record.pk]))
    return True


def mark_posted(record, remote_url=""):
    """An editor's decision that a record awaiting one did reach the network."""
    if remote_url and not is_https_address(remote_url):
        raise ValueError("A post's address must start with https://.")
    return bool(
        CrossPost.objects.filter(pk=record.pk, status=Status.NEEDS_DECISION).update(
            status=Status.POSTED,
            remote_url=remote_url,
            posted_at=timezone.now(),
            outcome_uncertain=False,
            last_error="Marked as posted by an editor.",
        )
    )


def reshare(page):
    """Post a live page again on every target account, as a new post."""
    page = page.specific
    if not page_is_shareable(page):
        return []
    ids = []
    with transaction.atomic():
        for account in SocialAccount.objects.targets_for(page):
            record, _ = CrossPost.objects.select_for_update().get_or_create(
                page=page, account=account
            )
            if record.status == Status.SENDING:
                continue  # a worker is posting it right now
            CrossPost.objects.filter(pk=record.pk).update(
                status=Status.PENDING,
                idempotency_key=uuid.uuid4(),
                created_at=timezone.now(),
                next_attempt_at=timezone.now(),
                message="",
                attempts=0,
                outcome_uncertain=False,
                claim_token=None,
                last_error="",
                remote_id="",
                remote_url="",
                posted_at=None,
            )
            ids.append(record.pk)
        transaction.on_commit(lambda: enqueue(ids))
    return ids
