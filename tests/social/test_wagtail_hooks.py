"""The editors' side: accounts and cross-post records in the admin, and the page's Social tab."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from campaigns.social.models import CrossPost, SocialAccount
from newsroom.factories import PressReleasePageFactory, ReportPageFactory

from .conftest import account_for

pytestmark = pytest.mark.django_db
Status = CrossPost.Status


def test_adding_an_account_stores_the_token_encrypted_and_never_shows_it(admin_client):
    response = admin_client.post(
        reverse("social_socialaccount_modeladmin_create"),
        {
            "network": "mastodon",
            "display_name": "@newsdesk@example.social",
            "api_base_url": "https://example.social",
            "account_ref": "",
            "webhook_format": "slack",
            "secret": "super-secret-token",
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    account = SocialAccount.objects.get()
    assert account.credentials == {"secret": "super-secret-token"}
    assert "super-secret-token" not in account.credentials_encrypted

    edit = admin_client.get(reverse("social_socialaccount_modeladmin_edit", args=[account.pk]))
    listing = admin_client.get(reverse("social_socialaccount_modeladmin_index"))
    for page in (edit, listing):
        assert page.status_code == 200
        assert "super-secret-token" not in page.content.decode()
        assert account.credentials_encrypted not in page.content.decode()


def test_the_account_form_explains_what_each_network_needs(admin_client):
    response = admin_client.post(
        reverse("social_socialaccount_modeladmin_create"),
        {
            "network": "linkedin",
            "display_name": "Newsdesk",
            "account_ref": "12345",
            "webhook_format": "slack",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "urn:li:organization:" in errors["account_ref"][0]
    assert "access token" in errors["secret"][0]
    assert not SocialAccount.objects.exists()


def test_editing_without_a_new_token_keeps_the_old_one(admin_client, network_servers):
    account = account_for(network_servers["x"])
    account.needs_reauthorisation = True
    account.save()
    response = admin_client.post(
        reverse("social_socialaccount_modeladmin_edit", args=[account.pk]),
        {
            "network": "x",
            "display_name": "Renamed",
            "api_base_url": account.api_base_url,
            "webhook_format": "slack",
            "secret": "",
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.display_name == "Renamed"
    assert account.credentials == {"secret": "valid-token"}
    assert account.needs_reauthorisation  # only a new token clears it


def make_record(page, account, **fields):
    return CrossPost.objects.create(page=page, account=account, **fields)


def test_records_listing_filters_by_status_and_network(
    admin_client, press_release, network_servers
):
    x = account_for(network_servers["x"])
    mastodon = account_for(network_servers["mastodon"])
    make_record(press_release, x, status=Status.FAILED, last_error="X refused the access token")
    make_record(press_release, mastodon, status=Status.POSTED, remote_url="https://m.example/@n/1")
    index = reverse("social_crosspost_modeladmin_index")

    everything = admin_client.get(index).content.decode()
    assert "X refused the access token" in everything
    assert "https://m.example/@n/1" in everything

    failed = admin_client.get(index, {"status__exact": "failed"}).content.decode()
    assert "X refused the access token" in failed and "https://m.example/@n/1" not in failed
    only_mastodon = admin_client.get(
        index, {"account__network__exact": "mastodon"}
    ).content.decode()
    assert "https://m.example/@n/1" in only_mastodon
    assert "X refused the access token" not in only_mastodon


def test_an_editor_retries_a_failed_record(admin_client, press_release, network_servers):
    record = make_record(
        press_release, account_for(network_servers["x"]), status=Status.FAILED, attempts=10
    )
    url = reverse("social_retry_cross_post", args=[record.pk])
    assert url in admin_client.get(reverse("social_crosspost_modeladmin_index")).content.decode()
    assert admin_client.get(url).status_code == 200  # asks first
    record.refresh_from_db()
    assert record.status == Status.FAILED
    response = admin_client.post(url)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Status.PENDING and record.attempts == 0


def test_an_editor_records_a_decision_that_the_post_arrived(
    admin_client, press_release, network_servers
):
    record = make_record(
        press_release, account_for(network_servers["webhook"]), status=Status.NEEDS_DECISION
    )
    admin_client.post(reverse("social_mark_cross_post_posted", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == Status.POSTED


def test_an_editor_reshares_a_live_page(admin_client, press_release, network_servers):
    account = account_for(network_servers["x"])
    record = make_record(press_release, account, status=Status.POSTED, remote_id="1")
    url = reverse("social_reshare_page", args=[press_release.pk])
    confirmation = admin_client.get(url).content.decode()
    assert str(account) in confirmation
    admin_client.post(url)
    record.refresh_from_db()
    assert record.status == Status.PENDING and record.remote_id == ""


@pytest.mark.parametrize("kind", ["press_release", "report", "campaign_update"])
def test_every_article_editor_has_a_social_tab_with_the_cross_post_status(
    admin_client, kind, newsroom, campaign_index, network_servers
):
    make_page = {
        "press_release": lambda: PressReleasePageFactory(parent=newsroom),
        "report": lambda: ReportPageFactory(parent=newsroom),
        "campaign_update": lambda: CampaignUpdatePageFactory(
            parent=CampaignPageFactory(parent=campaign_index)
        ),
    }[kind]
    page = make_page()
    make_record(
        page,
        account_for(network_servers["mastodon"]),
        status=Status.FAILED,
        last_error="Mastodon rejected the post: 422",
    )
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'id="tab-label-social"' in html
    assert "Sharing options" in html
    assert "Messages for one network" in html
    assert "data-cross-post-status" in html and "Mastodon rejected the post: 422" in html
    assert reverse("social_reshare_page", args=[page.pk]) in html


def test_the_social_tab_saves_options_and_messages_with_the_page(admin_client, press_release):
    edit_url = reverse("wagtailadmin_pages:edit", args=[press_release.pk])
    data = nested_form_data(
        {
            "title": press_release.title,
            "slug": press_release.slug,
            "publication_date": "2026-11-25",
            "teaser": press_release.teaser,
            "body": streamfield([]),
            "dateline": "GENEVA",
            "social_options": inline_formset(
                [{"opt_out": "on", "message": "Read it", "image": "", "image_alt": ""}]
            ),
            "social_messages": inline_formset([{"network": "bluesky", "text": "Bluesky text"}]),
        }
    )
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302
    press_release.refresh_from_db()
    draft = press_release.get_latest_revision_as_object()
    assert draft.social_options.get().opt_out
    assert draft.social_messages.get().text == "Bluesky text"
