"""Campaign teams see and act on their own social accounts and cross-posts only (real requests)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from campaigns.social.models import CrossPost, SocialAccount
from campaigns.teams import create_campaign_team
from newsroom.editorial import set_up_newsroom_roles
from newsroom.factories import PressReleasePageFactory

pytestmark = pytest.mark.django_db
Status = CrossPost.Status


def account(name, *campaigns):
    social = SocialAccount(
        network="mastodon", display_name=name, api_base_url="https://social.example.org"
    )
    social.set_credentials({"secret": f"token-of-{name}"})
    social.save()
    social.campaigns.set(campaigns)
    return social


@pytest.fixture
def world(campaign_index, newsroom, django_user_model):
    """Two campaigns with teams, accounts, updates and failed cross-posts; a press office."""
    a = CampaignPageFactory(parent=campaign_index, title="Free the journalists")
    b = CampaignPageFactory(parent=campaign_index, title="Stop pushbacks")
    teams = {key: create_campaign_team(campaign) for key, campaign in (("a", a), ("b", b))}
    press_office = set_up_newsroom_roles(newsroom).press_office
    organisation = account("Newsdesk org")
    accounts = {"a": account("Journalists account", a), "b": account("Pushbacks account", b)}
    shared = account("Shared coalition account", a, b)
    updates = {
        "a": CampaignUpdatePageFactory(parent=a, campaign=a, title="Journalists freed"),
        "b": CampaignUpdatePageFactory(parent=b, campaign=b, title="Pushbacks documented"),
    }
    release = PressReleasePageFactory(parent=newsroom, title="Annual report out")
    records = {
        key: CrossPost.objects.create(
            page=updates[key], account=accounts[key], status=Status.FAILED
        )
        for key in ("a", "b")
    }
    records["b_on_org"] = CrossPost.objects.create(
        page=updates["b"], account=organisation, status=Status.FAILED
    )
    records["release"] = CrossPost.objects.create(
        page=release, account=organisation, status=Status.FAILED
    )

    def person(username, group):
        user = django_user_model.objects.create_user(username=username, password="pw")
        user.groups.add(group)
        return user

    return {
        "campaigns": {"a": a, "b": b},
        "accounts": {**accounts, "org": organisation, "shared": shared},
        "updates": updates,
        "records": records,
        "member_a": person("member-a", teams["a"].members),
        "lead_a": person("lead-a", teams["a"].leads),
        "press": person("press", press_office),
    }


def text_of(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["member_a", "lead_a"])
def test_team_listings_show_only_the_teams_own_records_and_accounts(client, world, who):
    client.force_login(world[who])
    records = text_of(client.get(reverse("social_crosspost_modeladmin_index")))
    assert "Journalists freed" in records
    assert "Pushbacks documented" not in records
    assert "Annual report out" not in records
    # Not even as a filter choice.
    assert "Pushbacks account" not in records

    accounts = text_of(client.get(reverse("social_socialaccount_modeladmin_index")))
    assert "Journalists account" in accounts
    for other in ("Pushbacks account", "Newsdesk org", "Shared coalition account"):
        assert other not in accounts


def test_press_office_sees_every_record_and_account(client, world):
    client.force_login(world["press"])
    records = text_of(client.get(reverse("social_crosspost_modeladmin_index")))
    for title in ("Journalists freed", "Pushbacks documented", "Annual report out"):
        assert title in records
    accounts = text_of(client.get(reverse("social_socialaccount_modeladmin_index")))
    for name in ("Journalists account", "Pushbacks account", "Newsdesk org", "Shared coalition"):
        assert name in accounts


@pytest.mark.parametrize("action", ["social_retry_cross_post", "social_mark_cross_post_posted"])
@pytest.mark.parametrize("record", ["b", "b_on_org", "release"])
def test_a_team_cannot_act_on_another_teams_records(client, world, action, record):
    other = world["records"][record]
    if action == "social_mark_cross_post_posted":
        CrossPost.objects.filter(pk=other.pk).update(status=Status.NEEDS_DECISION)
    before = CrossPost.objects.get(pk=other.pk).status
    client.force_login(world["lead_a"])
    url = reverse(action, args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert CrossPost.objects.get(pk=other.pk).status == before
    inspect = reverse("social_crosspost_modeladmin_inspect", args=[other.pk])
    assert client.get(inspect).status_code == 404


def test_a_team_member_retries_its_own_record(client, world):
    client.force_login(world["member_a"])
    own = world["records"]["a"]
    response = client.post(reverse("social_retry_cross_post", args=[own.pk]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == Status.PENDING


@pytest.mark.parametrize("who", ["member_a", "lead_a"])
@pytest.mark.parametrize("target", ["b", "org", "shared"])
def test_a_team_cannot_edit_or_delete_accounts_that_are_not_its_own(client, world, who, target):
    other = world["accounts"][target]
    client.force_login(world[who])
    edit = reverse("social_socialaccount_modeladmin_edit", args=[other.pk])
    assert client.get(edit).status_code == 404
    response = client.post(
        edit,
        {
            "network": "mastodon",
            "display_name": "Hijacked",
            "api_base_url": "https://attacker.example",
            "webhook_format": "slack",
            "secret": "attacker-token",
            "enabled": "on",
        },
    )
    assert response.status_code == 404
    delete = reverse("social_socialaccount_modeladmin_delete", args=[other.pk])
    assert client.post(delete).status_code == 404
    other.refresh_from_db()
    assert other.display_name != "Hijacked"
    assert other.credentials == {"secret": f"token-of-{other.display_name}"}


def test_a_lead_edits_its_own_account_but_cannot_point_it_at_another_campaign(client, world):
    own = world["accounts"]["a"]
    client.force_login(world["lead_a"])
    edit = reverse("social_socialaccount_modeladmin_edit", args=[own.pk])
    form = {
        "network": "mastodon",
        "display_name": "Journalists (renamed)",
        "api_base_url": own.api_base_url,
        "webhook_format": "slack",
        "secret": "",
        "enabled": "on",
    }
    refused = client.post(edit, {**form, "campaigns": [world["campaigns"]["b"].pk]})
    assert refused.status_code == 200
    assert "campaigns" in refused.context["form"].errors
    # Nor can the team turn it into an organisation account that posts everything.
    emptied = client.post(edit, form)
    assert emptied.status_code == 200
    assert "campaigns" in emptied.context["form"].errors

    accepted = client.post(edit, {**form, "campaigns": [world["campaigns"]["a"].pk]})
    assert accepted.status_code == 302
    own.refresh_from_db()
    assert own.display_name == "Journalists (renamed)"
    assert list(own.campaigns.all()) == [world["campaigns"]["a"]]


def test_a_lead_cannot_add_an_account_for_another_campaign(client, world):
    client.force_login(world["lead_a"])
    create = reverse("social_socialaccount_modeladmin_create")
    form_page = text_of(client.get(create))
    assert "Stop pushbacks" not in form_page
    response = client.post(
        create,
        {
            "network": "mastodon",
            "display_name": "Sneaky",
            "api_base_url": "https://social.example.org",
            "webhook_format": "slack",
            "secret": "token",
            "enabled": "on",
            "campaigns": [world["campaigns"]["b"].pk],
        },
    )
    assert response.status_code == 200
    assert not SocialAccount.objects.filter(display_name="Sneaky").exists()


def test_a_team_cannot_reshare_another_teams_page(client, world):
    theirs = world["updates"]["b"]
    CrossPost.objects.filter(page=theirs).update(status=Status.POSTED)
    before = CrossPost.objects.count()
    client.force_login(world["lead_a"])
    url = reverse("social_reshare_page", args=[theirs.pk])
    for response in (client.get(url), client.post(url)):
        # Wagtail's refusal: back to the dashboard with "you do not have permission".
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert CrossPost.objects.count() == before
    assert not CrossPost.objects.filter(page=theirs).exclude(status=Status.POSTED).exists()


def test_a_lead_reshares_its_own_page_on_its_accounts(client, world):
    own = world["updates"]["a"]
    CrossPost.objects.filter(page=own).update(status=Status.POSTED)
    client.force_login(world["lead_a"])
    url = reverse("social_reshare_page", args=[own.pk])
    confirm = text_of(client.get(url))
    assert "Journalists account" in confirm
    assert client.post(url).status_code == 302
    resent = CrossPost.objects.filter(page=own, status=Status.PENDING)
    assert {record.account.display_name for record in resent} >= {"Journalists account"}


def test_a_teams_listings_run_the_same_queries_whatever_their_length(client, world):
    client.force_login(world["lead_a"])
    campaign = world["campaigns"]["a"]

    def queries_for(url):
        # The first request after any content change reads the site again (once per content
        # version, whatever the length); the second shows what every later request costs.
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    records_url = reverse("social_crosspost_modeladmin_index")
    accounts_url = reverse("social_socialaccount_modeladmin_index")
    before = queries_for(records_url), queries_for(accounts_url)
    for number in range(5):
        update = CampaignUpdatePageFactory(
            parent=campaign, campaign=campaign, title=f"Update {number}"
        )
        CrossPost.objects.create(
            page=update, account=account(f"Extra {number}", campaign), status=Status.FAILED
        )
    assert (queries_for(records_url), queries_for(accounts_url)) == before
