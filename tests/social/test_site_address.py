"""Cross-posts and the press office's emails name the site's one address (cms/site_address.py),
even when the site runs on a port of its own: a posted link or image on another host is dead."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from campaigns.social import services
from campaigns.social.models import CrossPost
from cms.factories import NewsImageFactory
from cms.site_address import sync_site_record
from newsroom.editorial import PRESS_OFFICE
from tests.cms.test_site_address import own_urls

from .conftest import account_for

pytestmark = pytest.mark.django_db
Status = CrossPost.Status
BASE = "http://127.0.0.1:8110"


@pytest.fixture
def site_on_port_8110(settings, home):
    """BASE_URL on a port of its own, as `make run PORT=8110` sets it, and the Site following."""
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = BASE
    sync_site_record()  # what `migrate` does after BASE_URL changes
    return BASE


def deliver_all():
    for record in CrossPost.objects.all():
        services.deliver(record.pk)
    return CrossPost.objects.all()


def test_every_network_gets_the_link_and_image_on_the_site_address(
    site_on_port_8110, press_release, network_servers, media_root
):
    press_release.hero_image = NewsImageFactory(description="Four reporters outside the court")
    press_release.save()
    for server in network_servers.values():
        account_for(server)
    press_release.save_revision().publish()
    assert {record.status for record in deliver_all()} == {Status.POSTED}

    link = f"{BASE}{press_release.url}"
    for name, server in network_servers.items():
        # The webhook receiver keeps the raw body it was sent as bytes, beside the parsed payload.
        sent = json.dumps(server.posts, ensure_ascii=False, default=lambda raw: raw.decode())
        urls = own_urls(sent)
        assert link in urls, name
        assert all(url.startswith(BASE + "/") for url in urls), (name, urls)

    # The chat card shows the photo from the site: its URL names a rendition that exists.
    image_url = network_servers["webhook"].posts[0]["payload"]["blocks"][1]["image_url"]
    assert image_url.startswith(f"{BASE}/media/images/")
    assert (Path(media_root) / urlsplit(image_url).path.removeprefix("/media/")).is_file()


def test_the_press_office_email_links_the_social_tab_on_the_site_address(
    site_on_port_8110, press_release, network_servers, settings, django_user_model
):
    officer = django_user_model.objects.create_user("press", "press@example.org", "pw")
    officer.groups.add(Group.objects.get_or_create(name=PRESS_OFFICE)[0])
    settings.SOCIAL_MAX_ATTEMPTS = 1
    account_for(network_servers["mastodon"])
    press_release.save_revision().publish()
    network_servers["mastodon"].inject("5xx")
    mail.outbox.clear()
    assert [record.status for record in deliver_all()] == [Status.FAILED]

    [message] = mail.outbox
    urls = own_urls(message.body)
    assert urls == [f"{BASE}/admin/pages/{press_release.pk}/edit/#tab-social"]
