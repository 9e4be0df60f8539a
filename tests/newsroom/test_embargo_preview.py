"""Embargoed preview links: journalists read a scheduled release before it goes live."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.embargo import create_preview_link
from newsroom.factories import PressReleasePageFactory
from newsroom.models import EmbargoPreviewLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(newsroom):
    page = PressReleasePageFactory(parent=newsroom, title="Embargoed findings", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()  # scheduled, not live
    page.refresh_from_db()
    assert not page.live
    return page


def test_editor_creates_a_link_and_a_journalist_reads_the_draft(client, scheduled, admin_user):
    client.force_login(admin_user)
    url = reverse("newsroom_preview_links", args=[scheduled.pk])
    response = client.post(url, {"note": "Wire desk", "hours": "24"})
    assert response.status_code == 302
    link = EmbargoPreviewLink.objects.get(page=scheduled)
    assert link.note == "Wire desk"
    assert link.token in client.get(url).content.decode()

    client.logout()
    assert client.get(scheduled.url).status_code == 404  # the page itself stays hidden
    response = client.get(reverse("embargoed_preview", args=[link.token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Embargoed findings" in html
    assert "Embargoed: not for publication" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"]


def test_expired_revoked_and_unknown_links_are_gone(client, scheduled, admin_user):
    expired = create_preview_link(scheduled, user=admin_user)
    EmbargoPreviewLink.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    revoked = create_preview_link(scheduled, user=admin_user)
    client.force_login(admin_user)
    client.post(reverse("newsroom_preview_links", args=[scheduled.pk]), {"revoke": revoked.pk})
    client.logout()
    for token in (expired.token, revoked.token, "not-a-token"):
        response = client.get(reverse("embargoed_preview", args=[token]))
        assert response.status_code == 410
        assert "Embargoed findings" not in response.content.decode()


def test_link_lifetime_is_bounded(scheduled, admin_user):
    with pytest.raises(ValueError):
        create_preview_link(scheduled, user=admin_user, lifetime=datetime.timedelta(days=90))


def test_people_who_cannot_edit_the_page_cannot_make_links(client, scheduled, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="pw")
    client.force_login(user)
    response = client.post(reverse("newsroom_preview_links", args=[scheduled.pk]), {"hours": "5"})
    assert response.status_code in (302, 403)
    assert not EmbargoPreviewLink.objects.exists()
