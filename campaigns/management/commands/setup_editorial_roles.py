from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from campaigns.models import CampaignPage
from campaigns.teams import create_campaign_team, let_press_office_publish_campaign_updates
from newsroom.editorial import PRESS_OFFICE


class Command(BaseCommand):
    help = "Set up the press office, the newsroom's review workflow and a team for every campaign."

    def handle(self, *args, **options):
        call_command("setup_press_office", stdout=self.stdout)
        let_press_office_publish_campaign_updates(Group.objects.get(name=PRESS_OFFICE))
        self.stdout.write(f"{PRESS_OFFICE!r} writes and publishes updates in every campaign.")
        for campaign in CampaignPage.objects.all():
            team = create_campaign_team(campaign)
            self.stdout.write(
                f"Team for {campaign.title!r}: {team.members.name!r}, {team.leads.name!r}."
            )
