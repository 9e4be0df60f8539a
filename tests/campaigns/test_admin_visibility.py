"""A campaigner finds in the admin (choosers, searches, reports) only pages it may explore:
never an embargoed press release or another section's draft in review."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Workflow

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from campaigns.teams import create_campaign_team
from newsroom.editorial import set_up_newsroom_roles
from newsroom.factories import PressReleasePageFactory

pytestmark = pytest.mark.django_db

EMBARGOED = "Embargoed: minister ordered the raids"
IN_REVIEW = "Draft in review: leaked detention figures"
OWN = "Petition reaches ten thousand"


@pytest.fixture
def world(newsroom, campaign_index, django_user_model):
    set_up_newsroom_roles(newsroom)
    campaign = CampaignPageFactory(parent=campaign_index, title="Free the journalists")
    team = create_campaign_team(campaign)
    CampaignUpdatePageFactory(parent=campaign, campaign=campaign, title=OWN)

    embargoed = PressReleasePageFactory(parent=newsroom, title=EMBARGOED, live=False)
    embargoed.go_live_at = timezone.now() + datetime.timedelta(days=2)
    embargoed.save_revision().publish()  # scheduled: not live until then

    author = django_user_model.objects.create_superuser("author", "a@example.org", "pw")
    draft = PressReleasePageFactory(parent=newsroom, title=IN_REVIEW, live=False)
    workflow = Workflow.objects.get(name="Press office review")
    draft.save_revision(user=author)
    workflow.start(draft, author)

    member = django_user_model.objects.create_user("member", password="pw")
    member.groups.add(team.members)
    return {"member": member, "newsroom": newsroom, "campaign": campaign}


def shown(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_hidden(html):
    assert EMBARGOED not in html
    assert IN_REVIEW not in html
    assert "Embargoed" not in html and "leaked detention" not in html


@pytest.mark.parametrize("query", ["Embargoed", "minister", "leaked", "detention"])
def test_the_page_chooser_search_finds_only_explorable_pages(client, world, query):
    client.force_login(world["member"])
    assert_hidden(shown(client, "/admin/choose-page/search/", q=query))
    assert OWN in shown(client, "/admin/choose-page/search/", q="petition")


def test_the_page_chooser_never_lists_the_newsrooms_pages(client, world):
    client.force_login(world["member"])
    assert_hidden(shown(client, f"/admin/choose-page/{world['newsroom'].pk}/"))
    assert_hidden(shown(client, "/admin/choose-page/"))
    assert OWN in shown(client, f"/admin/choose-page/{world['campaign'].pk}/")


def test_admin_search_finds_only_explorable_pages(client, world):
    client.force_login(world["member"])
    assert_hidden(shown(client, "/admin/pages/search/", q="minister"))
    assert_hidden(shown(client, "/admin/pages/search/", q="leaked"))


def test_page_type_reports_show_only_explorable_pages(client, world):
    client.force_login(world["member"])
    assert_hidden(shown(client, "/admin/reports/page-types-usage/"))
    assert_hidden(shown(client, "/admin/pages/usage/newsroom/pressreleasepage/"))
    assert OWN in shown(client, "/admin/pages/usage/campaigns/campaignupdatepage/")
