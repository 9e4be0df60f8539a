from django.core.management.base import BaseCommand

from search.indexing import catch_up_search_index


class Command(BaseCommand):
    help = "Index again the pages the search engine missed while it was down."

    def handle(self, *args, **options):
        written, pending = catch_up_search_index()
        self.stdout.write(f"Indexed again: {written}. Still pending: {pending}.")
