"""Campaign teams: each campaign's members and leads, scoped to its own page subtree."""

from django.db import transaction
from django.db.models import Q

from campaigns.models import CampaignIndexPage, CampaignPage, CampaignTeam
from campaigns.social.roles import grant_team_permissions
from cms.editorial import (
    AUTHOR_PAGE_PERMISSIONS,
    PUBLISHER_PAGE_PERMISSIONS,
    admin_group,
    grant_page_permissions,
    review_workflow,
)


@transaction.atomic
def create_campaign_team(campaign: CampaignPage) -> CampaignTeam:
    """Set up a campaign's team in one step (idempotent).

    Members add and edit pages under the campaign and submit them for review; leads also
    publish, and approve members' updates through the campaign's own workflow.
    """
    members = admin_group(f"{campaign.title} team")
    leads = admin_group(f"{campaign.title} leads")
    grant_page_permissions(members, campaign, AUTHOR_PAGE_PERMISSIONS)
    grant_page_permissions(leads, campaign, PUBLISHER_PAGE_PERMISSIONS)
    grant_team_permissions(members, leads)
    review_workflow(
        f"Campaign lead review: {campaign.title}",
        f"Approval by {campaign.title} leads",
        leads,
        campaign,
    )
    team, _ = CampaignTeam.objects.update_or_create(
        campaign=campaign, defaults={"members": members, "leads": leads}
    )
    return team


def campaigns_of(user):
    """The campaigns whose team `user` belongs to (as member or lead); all for superusers."""
    if user.is_superuser:
        return CampaignPage.objects.all()
    groups = user.groups.all()
    return CampaignPage.objects.filter(
        Q(team__members__in=groups) | Q(team__leads__in=groups)
    ).distinct()


@transaction.atomic
def let_press_office_publish_campaign_updates(press_office):
    """The press office runs the newsroom every campaign update appears in: it writes and
    publishes updates in every campaign, as it does its own releases (no team review)."""
    for index in CampaignIndexPage.objects.all():
        grant_page_permissions(press_office, index, PUBLISHER_PAGE_PERMISSIONS)
