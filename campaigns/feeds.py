"""A campaign's own feed (/feeds/campaign/<slug>/rss/): the newsroom's feed of its updates."""

from django.shortcuts import get_object_or_404

from campaigns.models import CampaignPage
from newsroom.feeds import FeedSelection
from newsroom.listing import ListingFilters


def campaign_feed(request, value, name):
    campaign = get_object_or_404(CampaignPage.objects.live().public(), slug=value)
    return FeedSelection(
        title=f"{name}: {campaign.title}",
        description=campaign.intro,
        link=campaign.get_url(request),
        filters=ListingFilters(),
        campaign_id=campaign.pk,
    )
