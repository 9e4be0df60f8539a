"""Campaign teams work on their own campaign only, checked through real admin requests."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from campaigns.models import CampaignTeam, CampaignUpdatePage
from campaigns.teams import campaigns_of, create_campaign_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaigns(campaign_index):
    a = CampaignPageFactory(parent=campaign_index, title="Free the journalists")
    b = CampaignPageFactory(parent=campaign_index, title="Stop pushbacks")
    return a, b


@pytest.fixture
def teams(campaigns):
    return tuple(create_campaign_team(campaign) for campaign in campaigns)


def person(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password="pw"
    )
    user.groups.add(*groups)
    return user


def update_form(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "publication_date": datetime.date(2026, 6, 1).isoformat(),
            "teaser": "What changed this week.",
            "body": streamfield([]),
            # The Social tab's inline forms, left empty.
            "social_options": inline_formset([]),
            "social_messages": inline_formset([]),
            **extra,
        }
    )


def test_create_campaign_team_is_one_idempotent_step(campaigns):
    first = create_campaign_team(campaigns[0])
    again = create_campaign_team(campaigns[0])
    assert first.pk == again.pk
    assert first.members.name == "Free the journalists team"
    assert first.leads.name == "Free the journalists leads"
    assert CampaignTeam.objects.count() == 1


def test_management_command_creates_a_team(campaigns, capsys):
    call_command("create_campaign_team", campaigns[1].slug)
    assert CampaignTeam.objects.get(campaign=campaigns[1]).leads.name == "Stop pushbacks leads"
    with pytest.raises(Exception, match="No campaign"):
        call_command("create_campaign_team", "no-such-campaign")


def test_superuser_creates_a_team_from_the_admin(client, campaigns, admin_user):
    client.force_login(admin_user)
    url = reverse("campaigns_create_team", args=[campaigns[0].pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert CampaignTeam.objects.filter(campaign=campaigns[0]).exists()


def test_only_superusers_can_create_teams(client, campaigns, teams, django_user_model):
    lead = person(django_user_model, "lead", teams[0].leads)
    client.force_login(lead)
    response = client.post(reverse("campaigns_create_team", args=[campaigns[1].pk]))
    assert response.status_code in (302, 403)
    assert CampaignTeam.objects.filter(campaign=campaigns[1]).get() == teams[1]


class TestTeamsCannotTouchEachOther:
    @pytest.fixture
    def setup(self, client, campaigns, teams, django_user_model):
        member_a = person(django_user_model, "member-a", teams[0].members)
        lead_a = person(django_user_model, "lead-a", teams[0].leads)
        b_update = CampaignUpdatePageFactory(parent=campaigns[1], title="B news")
        return {"member": member_a, "lead": lead_a, "b_update": b_update, "campaigns": campaigns}

    @pytest.mark.parametrize("who", ["member", "lead"])
    def test_cannot_open_edit_form_of_another_team(self, client, setup, who):
        client.force_login(setup[who])
        response = client.get(reverse("wagtailadmin_pages:edit", args=[setup["b_update"].pk]))
        assert response.status_code in (302, 403)
        assert b"B news" not in response.content

    @pytest.mark.parametrize("who", ["member", "lead"])
    def test_cannot_edit_or_publish_another_teams_page(self, client, setup, who):
        client.force_login(setup[who])
        page = setup["b_update"]
        for action in ({}, {"action-publish": "publish"}):
            client.post(
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
                update_form("Hijacked", **action),
            )
        page.refresh_from_db()
        assert page.title == "B news"
        assert page.latest_revision is None or page.latest_revision.content["title"] != "Hijacked"

    @pytest.mark.parametrize("who", ["member", "lead"])
    def test_cannot_delete_another_teams_page(self, client, setup, who):
        client.force_login(setup[who])
        client.post(reverse("wagtailadmin_pages:delete", args=[setup["b_update"].pk]))
        assert Page.objects.filter(pk=setup["b_update"].pk).exists()

    @pytest.mark.parametrize("who", ["member", "lead"])
    def test_cannot_move_another_teams_page_into_their_campaign(self, client, setup, who):
        client.force_login(setup[who])
        page, own_campaign = setup["b_update"], setup["campaigns"][0]
        client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, own_campaign.pk]))
        assert Page.objects.get(pk=page.pk).get_parent().pk == setup["campaigns"][1].pk

    def test_cannot_add_pages_to_another_campaign(self, client, setup):
        client.force_login(setup["lead"])
        url = reverse(
            "wagtailadmin_pages:add",
            args=["campaigns", "campaignupdatepage", setup["campaigns"][1].pk],
        )
        client.post(url, update_form("Intruder", **{"action-publish": "publish"}))
        assert not CampaignUpdatePage.objects.filter(slug="intruder").exists()

    def test_works_freely_on_its_own_campaign(self, client, setup):
        client.force_login(setup["lead"])
        own = setup["campaigns"][0]
        url = reverse("wagtailadmin_pages:add", args=["campaigns", "campaignupdatepage", own.pk])
        response = client.post(url, update_form("Our news", **{"action-publish": "publish"}))
        assert response.status_code == 302
        assert CampaignUpdatePage.objects.get(slug="our-news").live


def test_campaigns_of_lists_a_users_own_campaigns(campaigns, teams, django_user_model):
    member = person(django_user_model, "m", teams[0].members)
    assert list(campaigns_of(member)) == [campaigns[0]]


def test_member_updates_go_through_the_campaign_lead(client, campaigns, teams, django_user_model):
    member = person(django_user_model, "member", teams[0].members)
    lead = person(django_user_model, "lead", teams[0].leads)
    person(django_user_model, "other-lead", teams[1].leads)
    client.force_login(member)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["campaigns", "campaignupdatepage", campaigns[0].pk]
    )
    # A member cannot publish directly...
    client.post(add_url, update_form("Direct", **{"action-publish": "publish"}))
    direct = CampaignUpdatePage.objects.get(slug="direct")
    assert not direct.live
    # ...but submits for review, and the campaign's leads (only they) are told.
    mail.outbox.clear()
    client.post(add_url, update_form("Reviewed", **{"action-submit": "submit"}))
    page = CampaignUpdatePage.objects.get(slug="reviewed")
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    recipients = {address for message in mail.outbox for address in message.to}
    assert "lead@example.org" in recipients
    assert "other-lead@example.org" not in recipients

    client.force_login(lead)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": "Good to go"},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_groups_are_not_shared_between_teams(teams):
    assert Group.objects.filter(name__endswith=" team").count() == 2
    assert teams[0].members != teams[1].members
