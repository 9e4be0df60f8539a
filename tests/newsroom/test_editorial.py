"""The press office reviews every press release and report before it is published."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.factories import DocumentFactory
from cms.site_address import sync_site_record
from newsroom.editorial import set_up_newsroom_roles
from newsroom.factories import PressReleasePageFactory
from newsroom.models import PressReleasePage, ReportPage
from tests.cms.test_site_address import own_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(newsroom):
    return set_up_newsroom_roles(newsroom)


@pytest.fixture
def author(django_user_model, roles):
    user = django_user_model.objects.create_user("author", "author@example.org", "pw")
    user.groups.add(roles.authors)
    return user


@pytest.fixture
def press_officer(django_user_model, roles):
    user = django_user_model.objects.create_user("press", "press@example.org", "pw")
    user.groups.add(roles.press_office)
    return user


def release_form(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "publication_date": datetime.date(2026, 6, 1).isoformat(),
            "teaser": "A teaser.",
            "body": streamfield([]),
            # The Social tab's inline forms, left empty.
            "social_options": inline_formset([]),
            "social_messages": inline_formset([]),
            "dateline": "LONDON",
            **extra,
        }
    )


def add_url(newsroom, model="pressreleasepage"):
    return reverse("wagtailadmin_pages:add", args=["newsroom", model, newsroom.pk])


def test_author_cannot_publish_without_review(client, newsroom, author):
    client.force_login(author)
    client.post(add_url(newsroom), release_form("Unreviewed", **{"action-publish": "publish"}))
    assert not PressReleasePage.objects.get(slug="unreviewed").live


@pytest.mark.parametrize("model", ["pressreleasepage", "reportpage"])
def test_press_office_is_notified_approves_and_the_page_goes_live(
    client, newsroom, author, press_officer, model
):
    client.force_login(author)
    mail.outbox.clear()
    data = release_form("For review", **{"action-submit": "submit"})
    if model == "reportpage":
        # A report goes to review with its PDF: without it, it cannot be published.
        pdf = DocumentFactory(title="The report")
        data.update(nested_form_data({"key_findings": streamfield([]), "report_pdf": pdf.pk}))
    response = client.post(add_url(newsroom, model), data)
    assert response.status_code == 302
    page = (PressReleasePage if model == "pressreleasepage" else ReportPage).objects.get(
        slug="for-review"
    )
    assert not page.live
    assert "press@example.org" in {to for message in mail.outbox for to in message.to}

    state = WorkflowState.objects.get(object_id=str(page.pk))
    client.force_login(press_officer)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    page.refresh_from_db()
    assert page.live


def test_setup_command_is_idempotent(newsroom, campaign_index):
    call_command("setup_editorial_roles")
    call_command("setup_editorial_roles")
    roles = set_up_newsroom_roles(newsroom)
    assert roles.press_office.page_permissions.filter(page=newsroom).count() == 5


def test_schedule_fields_name_the_editors_time_zone(client, newsroom, admin_user, settings):
    page = PressReleasePageFactory(parent=newsroom)
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert f"Times are in {settings.TIME_ZONE}." in html
    assert "Embargo: the page stays invisible everywhere" in html


def test_review_emails_link_the_admin_on_the_site_address(
    client, newsroom, author, press_officer, settings
):
    """With the site on a port of its own, the reviewer's links open that site, not another."""
    base = "http://127.0.0.1:8110"
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = base
    sync_site_record()
    client.force_login(author)
    mail.outbox.clear()
    client.post(add_url(newsroom), release_form("For review", **{"action-submit": "submit"}))
    page = PressReleasePage.objects.get(slug="for-review")

    to_press_office = [message for message in mail.outbox if "press@example.org" in message.to]
    assert to_press_office
    for message in to_press_office:
        bodies = [message.body] + [content for content, _ in message.alternatives]
        for body in bodies:
            urls = own_urls(body)
            assert f"{base}/admin/pages/{page.pk}/edit/" in urls
            assert all(url.startswith(base + "/") for url in urls), urls
