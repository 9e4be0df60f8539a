from django.core.management.base import BaseCommand, CommandError

from newsroom.editorial import set_up_newsroom_roles
from newsroom.models import NewsroomPage


class Command(BaseCommand):
    help = (
        "Create the press office and newsroom author groups and the press office review workflow."
    )

    def handle(self, *args, **options):
        newsroom = NewsroomPage.objects.first()
        if newsroom is None:
            raise CommandError("There is no newsroom page yet: create it first.")
        roles = set_up_newsroom_roles(newsroom)
        self.stdout.write(
            f"Groups {roles.press_office.name!r} (review and publish) and {roles.authors.name!r} "
            f"(write and submit) own {newsroom.title!r}."
        )
