from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.builder import DemoBuilder


class Command(BaseCommand):
    help = "Build the demo newsroom (idempotent). Optionally add generated articles for load tests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extra-articles",
            type=int,
            default=0,
            metavar="N",
            help="Top the site up to N articles in all with generated ones (for benchmarks).",
        )
        parser.add_argument(
            "--admin-password",
            default="",
            help="Create (or reset) the superuser 'admin' and one user per editorial role "
            "(press-officer, author, campaigner, campaign-lead) with this password.",
        )

    def handle(self, *args, extra_articles=0, admin_password="", **options):
        if extra_articles < 0:
            raise CommandError("--extra-articles must be zero or more")
        builder = DemoBuilder(log=lambda message: self.stdout.write(message))
        builder.build()
        call_command("setup_editorial_roles", stdout=self.stdout)
        if extra_articles:
            added = builder.top_up_articles(extra_articles)
            self.stdout.write(f"Added {added} generated articles.")
        if admin_password:
            builder.ensure_users(admin_password)
            self.stdout.write(
                "Users admin, press-officer, author, campaigner, campaign-lead ready."
            )
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
