from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from campaigns.models import CampaignPage, CampaignTeam
from campaigns.teams import create_campaign_team


def create_team(request, page_id):
    """Create (or repair) a campaign's team groups and review workflow in one step."""
    if not request.user.is_superuser:
        raise PermissionDenied
    campaign = get_object_or_404(CampaignPage, pk=page_id)
    team = CampaignTeam.objects.filter(campaign=campaign).select_related("members", "leads").first()
    if request.method == "POST":
        team = create_campaign_team(campaign)
        messages.success(
            request,
            f"The team for “{campaign.title}” is ready: add people to the groups "
            f"“{team.members.name}” and “{team.leads.name}”.",
        )
        return redirect(reverse("wagtailadmin_explore", args=[campaign.pk]))
    return TemplateResponse(
        request, "campaigns/admin/create_team.html", {"campaign": campaign, "team": team}
    )
