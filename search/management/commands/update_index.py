from wagtail.search.management.commands.update_index import Command as UpdateIndexCommand

from cms.app_cache import bump_content_version


class Command(UpdateIndexCommand):
    """Wagtail's update_index, then a new content version: searches kept in memory (answers,
    the facet index) were worked out from the index as it was."""

    def handle(self, **options):
        super().handle(**options)
        bump_content_version()
