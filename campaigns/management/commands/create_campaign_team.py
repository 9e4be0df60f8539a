from django.core.management.base import BaseCommand, CommandError

from campaigns.models import CampaignPage
from campaigns.teams import create_campaign_team


class Command(BaseCommand):
    help = "Create a campaign's team: member and lead groups scoped to it, and its review workflow."

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="The campaign page's slug or id.")

    def handle(self, *args, campaign, **options):
        lookup = {"pk": int(campaign)} if campaign.isdigit() else {"slug": campaign}
        try:
            page = CampaignPage.objects.get(**lookup)
        except CampaignPage.DoesNotExist as error:
            raise CommandError(f"No campaign {campaign!r}.") from error
        team = create_campaign_team(page)
        self.stdout.write(
            f"Team for {page.title!r}: groups {team.members.name!r} and {team.leads.name!r}."
        )
