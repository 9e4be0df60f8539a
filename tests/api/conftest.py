"""A small newsroom the API tests read: every page type, live and not, public and not."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.utils import timezone
from wagtail.models import PageViewRestriction

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from cms.factories import (
    CountryFactory,
    NewsImageFactory,
    PressContactFactory,
    SpokespersonFactory,
    TopicFactory,
)
from newsroom.factories import PressReleasePageFactory, ReportPageFactory


@pytest.fixture(autouse=True)
def empty_caches():
    """Cached renditions outlive the rolled-back rows they describe: start each test clean."""
    for cache in caches.all():
        cache.clear()


@dataclass
class Newsdesk:
    climate: object
    justice: object
    kenya: object
    peru: object
    spokesperson: object
    photo: object
    campaign: object
    update: object
    release: object
    report: object
    old_release: object
    draft: object
    private: object
    scheduled: object
    unpublished_campaign: object

    @property
    def public_articles(self):
        return [self.release, self.report, self.update, self.old_release]


def publish_later(page, when):
    """Unpublish `page` and schedule its next revision to go live at `when`, as editors do."""
    page.unpublish()
    page.go_live_at = when
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def newsdesk(newsroom, campaign_index):
    climate = TopicFactory(name="Climate justice", slug="climate-justice")
    justice = TopicFactory(name="Justice", slug="justice")
    kenya = CountryFactory(name="Kenya", slug="kenya")
    peru = CountryFactory(name="Peru", slug="peru")
    spokesperson = SpokespersonFactory(
        name="Amina Diallo", role="Director", organisation="Newsdesk", photo=NewsImageFactory()
    )
    photo = NewsImageFactory(title="Flooded fields", description="Flooded maize fields")
    campaign = CampaignPageFactory(parent=campaign_index, title="Stop the evictions")
    update = CampaignUpdatePageFactory(
        parent=campaign,
        title="Court hears eviction case",
        publication_date=datetime.date(2026, 3, 10),
        topics=[justice],
        countries=[kenya],
    )
    release = PressReleasePageFactory(
        parent=newsroom,
        title="Floods displace thousands",
        publication_date=datetime.date(2026, 5, 2),
        hero_image=photo,
        topics=[climate],
        countries=[kenya, peru],
        spokespeople=[spokesperson],
        press_contacts=[PressContactFactory(name="Sam Okafor")],
        campaign=campaign,
        body=[
            {"type": "heading", "value": {"text": "What happened", "level": "h2"}},
            {
                "type": "paragraph",
                "value": f'<p>Read <a linktype="page" id="{newsroom.pk}">the newsroom</a>.</p>',
            },
            {
                "type": "image",
                "value": {"image": photo.pk, "alt_text": "Water over fields", "caption": ""},
            },
            {
                "type": "quote",
                "value": {"quote": "Act now.", "spokesperson": spokesperson.pk, "attribution": ""},
            },
            {
                "type": "quote",
                "value": {"quote": "We lost all.", "spokesperson": None, "attribution": "A farmer"},
            },
        ],
    )
    report = ReportPageFactory(
        parent=newsroom,
        title="Water and power",
        publication_date=datetime.date(2026, 4, 1),
        topics=[climate, justice],
        countries=[peru],
    )
    old_release = PressReleasePageFactory(
        parent=newsroom, title="Annual review", publication_date=datetime.date(2025, 1, 15)
    )
    draft = PressReleasePageFactory(
        parent=newsroom, title="Draft on floods", live=False, topics=[climate], campaign=campaign
    )
    private = PressReleasePageFactory(parent=newsroom, title="Private floods briefing")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    scheduled = publish_later(
        PressReleasePageFactory(parent=newsroom, title="Embargoed floods report"),
        timezone.now() + datetime.timedelta(days=2),
    )
    unpublished_campaign = CampaignPageFactory(parent=campaign_index, title="Secret plans")
    unpublished_campaign.unpublish()
    old_release.campaign = unpublished_campaign
    old_release.save()
    return Newsdesk(
        climate=climate,
        justice=justice,
        kenya=kenya,
        peru=peru,
        spokesperson=spokesperson,
        photo=photo,
        campaign=campaign,
        update=update,
        release=release,
        report=report,
        old_release=old_release,
        draft=draft,
        private=private,
        scheduled=scheduled,
        unpublished_campaign=unpublished_campaign,
    )
