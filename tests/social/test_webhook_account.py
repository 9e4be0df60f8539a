"""A chat webhook's account: the address is an ordinary field shown back, the signing secret is
encrypted and never shown, and posts go to the address."""

import hashlib
import hmac
import importlib

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.urls import reverse

from campaigns.social import services
from campaigns.social.models import CrossPost, SocialAccount

from .conftest import account_for, account_form

pytestmark = pytest.mark.django_db
PUBLIC_HOOK = "https://93.184.215.14/services/T1/B2/abc"


def webhook_form(**fields):
    return account_form(**{"webhook_url": PUBLIC_HOOK, **fields})


def test_the_address_is_shown_back_and_the_signing_secret_never_is(admin_client):
    create = reverse("social_socialaccount_modeladmin_create")
    assert admin_client.post(create, webhook_form(secret="signing-key-42")).status_code == 302
    account = SocialAccount.objects.get()
    assert account.webhook_url == PUBLIC_HOOK
    assert account.credentials == {"secret": "signing-key-42"}

    edit_url = reverse("social_socialaccount_modeladmin_edit", args=[account.pk])
    edit = admin_client.get(edit_url).content.decode()
    assert f'value="{PUBLIC_HOOK}"' in edit
    assert "signing-key-42" not in edit
    assert account.credentials_encrypted not in edit

    # Saving with the secret left empty changes the address and keeps the secret.
    moved = "https://93.184.215.14/services/T1/B2/def"
    assert admin_client.post(edit_url, webhook_form(webhook_url=moved)).status_code == 302
    account.refresh_from_db()
    assert account.webhook_url == moved
    assert account.credentials == {"secret": "signing-key-42"}


def test_a_webhook_needs_an_address_but_no_secret(admin_client):
    create = reverse("social_socialaccount_modeladmin_create")
    response = admin_client.post(create, webhook_form(webhook_url=""))
    assert response.status_code == 200
    assert "webhook's full address" in response.context["form"].errors["webhook_url"][0]
    assert "secret" not in response.context["form"].errors

    assert admin_client.post(create, webhook_form()).status_code == 302
    assert not SocialAccount.objects.get().has_credentials


def test_a_private_webhook_address_is_refused_on_the_address_field(admin_client, settings):
    settings.OUTBOUND_ALLOWED_NETWORKS = []
    create = reverse("social_socialaccount_modeladmin_create")
    response = admin_client.post(create, webhook_form(webhook_url="http://10.1.2.3/hook"))
    assert response.status_code == 200
    errors = response.context["form"].errors["webhook_url"]
    assert "private or internal network address (10.1.2.3)" in errors[0]
    assert not SocialAccount.objects.exists()

    settings.OUTBOUND_ALLOWED_NETWORKS = ["10.1.0.0/16"]
    assert (
        admin_client.post(create, webhook_form(webhook_url="http://10.1.2.3/hook")).status_code
        == 302
    )


def test_a_post_goes_to_the_address_signed_with_the_secret(press_release, network_servers):
    server = network_servers["webhook"]
    account = account_for(server)
    account.set_credentials({"secret": "signing-key-42"})
    account.save()
    press_release.save_revision().publish()

    services.deliver(CrossPost.objects.get().pk)

    assert CrossPost.objects.get().status == CrossPost.Status.POSTED
    assert server.requests == [("POST", server.secret_path)]
    post = server.posts[0]
    assert press_release.get_full_url() in post["payload"]["text"]
    expected = hmac.new(b"signing-key-42", post["raw"], hashlib.sha256).hexdigest()
    assert post["signature"] == f"sha256={expected}"


def test_without_a_secret_a_post_is_sent_unsigned(press_release, network_servers):
    server = network_servers["webhook"]
    account_for(server)
    press_release.save_revision().publish()
    services.deliver(CrossPost.objects.get().pk)
    assert len(server.posts) == 1
    assert server.posts[0]["signature"] is None


def test_a_webhook_without_an_address_asks_for_one_until_it_is_entered(
    admin_client, press_release, network_servers
):
    server = network_servers["webhook"]
    account = account_for(server, webhook_url="")
    press_release.save_revision().publish()
    services.deliver(CrossPost.objects.get().pk)

    account.refresh_from_db()
    assert account.needs_reauthorisation
    assert "no address" in account.reauthorisation_reason
    assert server.requests == []

    edit_url = reverse("social_socialaccount_modeladmin_edit", args=[account.pk])
    admin_client.post(edit_url, webhook_form(api_base_url=server.url, webhook_url=server.hook_url))
    account.refresh_from_db()
    assert account.webhook_url == server.hook_url
    assert not account.needs_reauthorisation


migration = importlib.import_module("campaigns.social.migrations.0003_webhook_address")


def test_the_migration_moves_a_stored_address_into_the_field_and_back():
    old = SocialAccount(network="webhook", display_name="Chat")
    old.set_credentials({"secret": "https://hooks.example.org/services/T/B/x"})
    old.save()
    mastodon = SocialAccount(network="mastodon", display_name="Toots")
    mastodon.set_credentials({"secret": "https://looks-like-a-url-but-is-a-token"})
    mastodon.save()

    migration.move_addresses_out_of_credentials(apps, None)

    old.refresh_from_db()
    assert old.webhook_url == "https://hooks.example.org/services/T/B/x"
    assert not old.has_credentials
    mastodon.refresh_from_db()
    assert mastodon.credentials == {"secret": "https://looks-like-a-url-but-is-a-token"}
    assert mastodon.webhook_url == ""

    migration.move_addresses_back(apps, None)
    old.refresh_from_db()
    assert old.credentials == {"secret": "https://hooks.example.org/services/T/B/x"}


def test_the_migration_leaves_unreadable_credentials_untouched(settings):
    account = SocialAccount(network="webhook", display_name="Chat")
    account.set_credentials({"secret": "https://hooks.example.org/services/T/B/x"})
    account.save()
    stored = account.credentials_encrypted
    settings.SOCIAL_CREDENTIALS_KEY = Fernet.generate_key().decode()

    migration.move_addresses_out_of_credentials(apps, None)

    account.refresh_from_db()
    assert account.credentials_encrypted == stored
    assert account.webhook_url == ""
