from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published

        from cms.stored_renderings import register_part_renderer
        from search.excerpts import store_texts
        from search.indexing import reindex_published_page
        from search.models import SearchSynonym
        from search.synonyms import push_synonyms_after_edit

        # Publishing an article keeps its plain text, which excerpts are cut from.
        register_part_renderer(store_texts)
        page_published.connect(reindex_published_page, dispatch_uid="search-reindex-published")
        post_save.connect(
            push_synonyms_after_edit, sender=SearchSynonym, dispatch_uid="search-synonyms-saved"
        )
        post_delete.connect(
            push_synonyms_after_edit, sender=SearchSynonym, dispatch_uid="search-synonyms-deleted"
        )
