from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published

        from search.indexing import reindex_published_page
        from search.models import SearchSynonym
        from search.synonyms import push_synonyms_after_edit

        page_published.connect(reindex_published_page, dispatch_uid="search-reindex-published")
        post_save.connect(
            push_synonyms_after_edit, sender=SearchSynonym, dispatch_uid="search-synonyms-saved"
        )
        post_delete.connect(
            push_synonyms_after_edit, sender=SearchSynonym, dispatch_uid="search-synonyms-deleted"
        )
