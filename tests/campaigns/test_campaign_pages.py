import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from campaigns.models import CampaignPage
from newsroom.factories import PressReleasePageFactory

pytestmark = pytest.mark.django_db


def test_campaign_shows_status_goal_call_to_action_and_updates_newest_first(client, campaign_index):
    campaign = CampaignPageFactory(
        parent=campaign_index,
        title="Stop pushbacks",
        goal="Independent monitors at every border crossing.",
        status=CampaignPage.Status.WON,
        call_to_action=[
            {
                "type": "call_to_action",
                "value": {
                    "heading": "See what changed",
                    "text": "",
                    "button_label": "Read the law",
                    "link": {"page": None, "url": "https://example.org/law"},
                },
            }
        ],
    )
    for title, date in [
        ("Older", "2026-03-12"),
        ("Newest", "2026-07-30"),
        ("Middle", "2026-05-01"),
    ]:
        CampaignUpdatePageFactory(
            parent=campaign, title=title, publication_date=datetime.date.fromisoformat(date)
        )
    CampaignUpdatePageFactory(parent=campaign, title="Unpublished", live=False)

    html = client.get(campaign.url).content.decode()
    assert "Campaign · Won" in html
    assert "Independent monitors at every border crossing." in html
    assert 'href="https://example.org/law"' in html
    updates = html.split('id="updates-heading"')[1]
    assert updates.index("Newest") < updates.index("Middle") < updates.index("Older")
    assert "Unpublished" not in updates


def test_campaign_index_lists_live_campaigns(client, campaign_index):
    CampaignPageFactory(parent=campaign_index, title="Live campaign")
    CampaignPageFactory(parent=campaign_index, title="Draft campaign", live=False)
    html = client.get(campaign_index.url).content.decode()
    assert "Live campaign" in html
    assert "Draft campaign" not in html


def test_update_page_links_back_to_its_campaign(client, campaign_index):
    campaign = CampaignPageFactory(parent=campaign_index, title="Free the journalists")
    update = CampaignUpdatePageFactory(parent=campaign, title="Two reporters released")
    assert update.campaign_id == campaign.pk
    html = client.get(update.url).content.decode()
    assert f'href="{campaign.url}"' in html
    assert "Campaign Update" in html


def test_campaign_pages_served_again_read_no_update_or_restriction(client, campaign_index):
    """A campaign and the campaigns page, once rendered, are served from the kept fragment until
    the next publish; the update published then shows at once."""
    campaign = CampaignPageFactory(parent=campaign_index, title="Free the press", slug="press")
    CampaignUpdatePageFactory(parent=campaign, title="Petition delivered")
    for url in (campaign.url, campaign_index.url):
        first = client.get(url).content
        with CaptureQueriesContext(connection) as again:
            served = client.get(url).content
        assert served.count(b"Free the press") == first.count(b"Free the press") > 0
        read = " ".join(query["sql"] for query in again.captured_queries)
        assert "wagtailcore_pageviewrestriction" not in read, url
        assert "campaigns_campaignupdatepage" not in read, url
        assert "campaigns_campaignpage" not in read, url
    CampaignUpdatePageFactory(parent=campaign, title="Ministers meet the families")
    assert "Ministers meet the families" in client.get(campaign.url).text


def test_an_article_names_its_campaign_until_the_campaign_is_made_private(
    client, newsroom, campaign_index
):
    campaign = CampaignPageFactory(parent=campaign_index, title="Free the journalists")
    release = PressReleasePageFactory(parent=newsroom, title="Reporters freed", campaign=campaign)
    assert "Free the journalists" in client.get(release.url).text

    PageViewRestriction.objects.create(page=campaign, restriction_type="login")

    html = client.get(release.url).text
    assert "Reporters freed" in html
    assert "Free the journalists" not in html and campaign.url not in html
