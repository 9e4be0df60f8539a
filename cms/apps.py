from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Newsdesk"

    def ready(self):
        from cms import cache_purge, page_changes

        cache_purge.connect_signals()
        page_changes.connect_signals()
