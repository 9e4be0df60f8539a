"""Wagtail's Elasticsearch backend for the installed client's major version (7, 8 or 9).

Index writes that fail are remembered for the catch-up task instead of failing the publish.
"""

from importlib import import_module

from search.engine_settings import MAJOR_VERSION, backend_settings
from search.indexing import record_pending

_engine = import_module(f"modelsearch.backends.elasticsearch{MAJOR_VERSION}")


class NewsIndex(_engine.SearchBackend.index_class):
    def put(self):
        if MAJOR_VERSION >= 8:
            # The index's search analyzer names the synonyms set: it must exist first.
            from search.synonyms import push_synonyms

            push_synonyms(self.backend)
        super().put()


class SearchBackend(_engine.SearchBackend):
    """Remembers every index write that failed, for search.indexing.catch_up_search_index."""

    index_class = NewsIndex

    def add(self, obj):
        try:
            super().add(obj)
        except Exception as error:
            record_pending(obj, error)
            raise

    def delete(self, obj):
        try:
            super().delete(obj)
        except Exception as error:
            record_pending(obj, error)
            raise


__all__ = ["SearchBackend", "backend_settings"]
