from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from campaigns import admin_views
from campaigns.models import CampaignPage


@hooks.register("register_admin_urls")
def campaign_team_urls():
    return [
        path(
            "campaigns/<int:page_id>/team/",
            admin_views.create_team,
            name="campaigns_create_team",
        )
    ]


@hooks.register("register_page_header_buttons")
def create_team_button(page, user, view_name, next_url=None):
    if user.is_superuser and page.specific_class is CampaignPage:
        yield Button(
            "Campaign team",
            reverse("campaigns_create_team", args=[page.pk]),
            icon_name="group",
            priority=80,
        )
