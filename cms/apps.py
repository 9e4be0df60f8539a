from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Newsdesk"

    def ready(self):
        from django.db.models.signals import post_migrate

        from cms import cache_purge, page_changes, stored_renderings
        from cms.site_address import sync_site_record

        cache_purge.connect_signals()
        page_changes.connect_signals()
        stored_renderings.connect_signals()
        post_migrate.connect(sync_site_record, sender=self, dispatch_uid="newsdesk-site-address")
