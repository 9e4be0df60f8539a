from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Newsdesk"

    def ready(self):
        from cms.cache_purge import connect_signals

        connect_signals()
