"""Bluesky against a real PDS (@atproto/pds with its own PLC directory, on 127.0.0.1)."""

from datetime import timedelta

import grapheme
import httpx
import pytest
from django.utils import timezone

from campaigns.social import services
from campaigns.social.models import CrossPost, SocialAccount
from cms.factories import NewsImageFactory

pytestmark = pytest.mark.django_db
Status = CrossPost.Status


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def bluesky_account(pds):
    handle = pds.create_account()
    account = SocialAccount(
        network="bluesky", display_name="@newsdesk", api_base_url=pds.url, account_ref=handle
    )
    account.set_credentials({"secret": pds.app_password(handle)})
    account.save()
    return account


def read_posts(pds, handle):
    response = httpx.get(
        f"{pds.url}/xrpc/com.atproto.repo.listRecords",
        params={"repo": handle, "collection": "app.bsky.feed.post"},
    )
    response.raise_for_status()
    return response.json()["records"]


def test_post_reads_back_with_link_facet_at_byte_offsets_and_a_card_with_thumbnail(
    pds, bluesky_account, press_release
):
    press_release.title = "Défenseurs des droits: libérés ✊🏽"
    press_release.hero_image = NewsImageFactory(description="Released reporters")
    press_release.teaser = "Après onze mois — enfin. " * 30
    press_release.save()
    publish(press_release)
    record = CrossPost.objects.get()
    services.deliver(record.pk)
    record.refresh_from_db()
    assert record.status == Status.POSTED, record.last_error

    [stored] = read_posts(pds, bluesky_account.account_ref)
    assert stored["uri"] == record.remote_id
    post = stored["value"]
    link = press_release.get_full_url()
    assert grapheme.length(post["text"]) <= 300
    assert post["text"].startswith("Défenseurs des droits: libérés ✊🏽")
    assert post["text"].endswith(link)
    [facet] = post["facets"]
    start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
    assert post["text"].encode()[start:end].decode() == link
    assert facet["features"][0]["uri"] == link
    card = post["embed"]["external"]
    assert card["uri"] == link and card["title"] == press_release.title
    assert card["thumb"]["mimeType"] == "image/jpeg" and card["thumb"]["size"] > 1000
    assert record.remote_url.startswith("https://bsky.app/profile/did:plc:")


def test_a_worker_lost_after_sending_finds_the_post_instead_of_posting_twice(
    pds, bluesky_account, press_release, settings
):
    publish(press_release)
    record = CrossPost.objects.get()
    services.deliver(record.pk)
    # The worker died after the PDS stored the post and before the outcome was written.
    CrossPost.objects.filter(pk=record.pk).update(
        status=Status.SENDING,
        remote_id="",
        claimed_at=timezone.now() - timedelta(seconds=settings.SOCIAL_CLAIM_LEASE_SECONDS + 1),
    )
    services.deliver(record.pk)
    record.refresh_from_db()
    assert record.status == Status.POSTED
    assert record.remote_id.startswith("at://")
    assert len(read_posts(pds, bluesky_account.account_ref)) == 1


def test_a_wrong_app_password_marks_the_account_for_reauthorisation(
    pds, bluesky_account, press_release
):
    bluesky_account.set_credentials({"secret": "wrong-password"})
    bluesky_account.save()
    publish(press_release)
    record = CrossPost.objects.get()
    services.deliver(record.pk)
    record.refresh_from_db()
    bluesky_account.refresh_from_db()
    assert record.status == Status.FAILED
    assert "Bluesky refused the login" in record.last_error
    assert "wrong-password" not in record.last_error
    assert bluesky_account.needs_reauthorisation
