"""campaigns/social/outbound.py: the workers never reach internal addresses (SSRF)."""

import pytest
from django.urls import reverse

from campaigns.social import services
from campaigns.social.models import CrossPost, SocialAccount
from campaigns.social.outbound import ForbiddenAddress, check_url

from .conftest import account_for, account_form

pytestmark = pytest.mark.django_db
Status = CrossPost.Status

INTERNAL = [
    "http://127.0.0.1:8000/hook",
    "http://localhost/hook",
    "http://[::1]/",
    "http://10.1.2.3/",
    "http://172.17.0.1:6379/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata service
    "http://100.100.100.200/",  # shared address space (one cloud's metadata)
    "http://[fd00:ec2::254]/",
    "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/",
]


@pytest.fixture
def nothing_internal_allowed(settings):
    settings.OUTBOUND_ALLOWED_NETWORKS = []


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_addresses_are_refused(nothing_internal_allowed, url):
    with pytest.raises(ForbiddenAddress, match="private or internal"):
        check_url(url)


@pytest.mark.parametrize("url", ["ftp://example.org/", "file:///etc/passwd", "gopher://x/"])
def test_only_http_addresses_are_accepted(url):
    with pytest.raises(ForbiddenAddress, match="https://"):
        check_url(url)


def test_public_addresses_and_listed_networks_pass(settings):
    check_url("https://93.184.215.14/hooks/1")
    settings.OUTBOUND_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    check_url("https://10.20.3.4/hooks/1")
    with pytest.raises(ForbiddenAddress):
        check_url("https://10.21.3.4/hooks/1")


def test_a_webhook_on_an_internal_address_is_refused_when_saved(
    admin_client, nothing_internal_allowed
):
    create = reverse("social_socialaccount_modeladmin_create")
    response = admin_client.post(create, account_form(webhook_url="http://127.0.0.1:6379/"))
    assert response.status_code == 200
    errors = response.context["form"].errors["webhook_url"]
    assert "private or internal network address" in errors[0]
    response = admin_client.post(
        create,
        account_form(
            network="mastodon",
            api_base_url="http://169.254.169.254/",
            secret="token",
        ),
    )
    assert response.status_code == 200
    assert "169.254.169.254" in response.context["form"].errors["api_base_url"][0]
    assert not SocialAccount.objects.exists()


def test_a_webhook_pointing_inside_is_refused_again_when_posting(
    press_release, network_servers, settings
):
    """Saved while allowed (or while DNS said otherwise): posting checks again, sends nothing."""
    server = network_servers["webhook"]
    account_for(server)
    press_release.save_revision().publish()
    record = CrossPost.objects.get(page=press_release)
    settings.OUTBOUND_ALLOWED_NETWORKS = []

    services.deliver(record.pk)

    record.refresh_from_db()
    assert record.status == Status.FAILED
    assert "private or internal network address (127.0.0.1)" in record.last_error
    assert server.requests == []


def test_mark_as_posted_refuses_a_javascript_link(admin_client, press_release, network_servers):
    record = CrossPost.objects.create(
        page=press_release,
        account=account_for(network_servers["webhook"]),
        status=Status.NEEDS_DECISION,
    )
    url = reverse("social_mark_cross_post_posted", args=[record.pk])
    admin_client.post(url, {"remote_url": "javascript:alert(document.cookie)"})
    record.refresh_from_db()
    assert record.status == Status.NEEDS_DECISION and record.remote_url == ""

    admin_client.post(url, {"remote_url": "https://chat.example.org/posts/1"})
    record.refresh_from_db()
    assert record.status == Status.POSTED
    assert record.remote_url == "https://chat.example.org/posts/1"


def test_a_stored_non_https_post_address_is_never_linked(
    admin_client, press_release, network_servers
):
    record = CrossPost.objects.create(
        page=press_release,
        account=account_for(network_servers["webhook"]),
        status=Status.POSTED,
        remote_url="javascript:alert(1)",
    )
    listing = admin_client.get(reverse("social_crosspost_modeladmin_index"))
    assert listing.status_code == 200
    assert "javascript:alert(1)" not in listing.content.decode()
    assert record.post_address == ""
