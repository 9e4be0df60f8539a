from django.core.management.base import BaseCommand
from django.db.models import Q
from wagtail.models import Page

from cms.models import StoredRendering
from cms.stored_renderings import layout, store_page


class Command(BaseCommand):
    help = (
        "Render and keep what every live page shows (main content, head, card, the whole "
        "page) that has no stored rendering yet, so that its first visitor reads rows: after a "
        "deploy that changed the templates, or for pages published before renderings were "
        "stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Render every live page again.")

    def handle(self, *args, all=False, **options):
        pages = Page.objects.live().filter(depth__gt=1).specific().order_by("path")
        if not all:
            # A row with a card is an article's, which also keeps its plain text for search
            # (rows stored before texts were kept have none).
            complete = (
                StoredRendering.objects.filter(
                    main__isnull=False, head__isnull=False, whole__isnull=False, layout=layout()
                )
                .filter(Q(card__isnull=True) | Q(text__isnull=False))
                .values_list("page_id", flat=True)
            )
            pages = pages.exclude(pk__in=complete)
        stored = failed = 0
        for page in pages.iterator(chunk_size=200):
            if store_page(page):
                stored += 1
            else:
                failed += 1
        self.stdout.write(f"Stored the renderings of {stored} pages ({failed} not stored).")
