"""Wagtail's Elasticsearch backend for the installed client's major version (7, 8 or 9).

What differs between client majors lives here: the errors and the synonyms.
Writes go through the index's alias and never create an index by themselves: a missing index
is created (settings and every model's mapping) before the write, and a write that fails is
remembered for the catch-up task instead of failing the publish. Each write is refreshed at
once and starts a new content version, so the publishing request already finds what it
changed, and no answer worked out from the index before the write is kept.

`update_index` builds a new index beside the one the alias points to, and marks it with a
second alias (`…_rebuilding`) while it fills. A write made meanwhile goes to both indexes and
is remembered; once the alias has switched, the rebuild writes what was remembered again from
the database, so nothing published, unpublished or deleted during a rebuild is lost (nor
overwritten by the rebuild's older copy).
"""

import logging
from contextlib import suppress
from importlib import import_module

from elasticsearch.helpers import BulkIndexError
from modelsearch.index import class_is_indexed, get_indexed_models

from cms.app_cache import bump_content_version
from search.engine_errors import engine_errors
from search.engine_settings import MAJOR_VERSION, SYNONYMS_SET, backend_settings
from search.indexing import catch_up_search_index, record_pending
from search.synonyms import synonym_rules

logger = logging.getLogger(__name__)

_engine = import_module(f"modelsearch.backends.elasticsearch{MAJOR_VERSION}")
# The concrete index made when a write finds no index: update_index replaces it.
FIRST_INDEX_SUFFIX = "_first"
# The second alias of the index update_index is filling, until the first alias moves to it.
REBUILDING_SUFFIX = "_rebuilding"
WRITTEN_DURING_REBUILD = "written while update_index rebuilt the index: written again after"


def _is_missing_index(error):
    """True when a write failed only because its index (alias) does not exist: a single
    write's 404, or a bulk write whose every item was refused for that reason."""
    item_errors = getattr(error, "errors", None)
    if item_errors:
        return all("index_not_found" in str(item) for item in item_errors)
    return "index_not_found" in str(error)


class NewsIndex(_engine.SearchBackend.index_class):
    # True for the index the site reads and writes (an alias); False for a concrete index
    # being built by update_index.
    through_alias = False

    def put(self):
        if MAJOR_VERSION >= 8:
            # The index's search analyzer names the synonyms set: it must exist first.
            self.backend.push_synonyms()
        super().put()

    def create_behind_alias(self):
        """Create a concrete index with the settings and every model's mapping, and point
        the alias at it: what a first write needs when update_index has never run."""
        first = type(self)(self.backend, self.name + FIRST_INDEX_SUFFIX)
        if not self.es.indices.exists(index=first.name):
            first.put()
        for model in get_indexed_models():
            if self.backend.get_index_for_model(model).name == self.name:
                first.add_model(model)
        first.put_alias(self.name)
        logger.warning("Search index %s was missing: created it as %s", self.name, first.name)

    @property
    def rebuilding_name(self):
        return self.name + REBUILDING_SUFFIX

    def _being_rebuilt(self):
        return self.through_alias and self.es.indices.exists_alias(name=self.rebuilding_name)

    def _write(self, write, items):
        """Run a write through the alias (created first if missing), refreshed at once; during
        a rebuild also into the new index, and remember the items for after the switch."""
        if not self.through_alias:
            return write(index=self.name)
        try:
            result = write(index=self.name, require_alias=True, refresh=True)
        except (self.backend.NotFoundError, BulkIndexError) as error:
            if not _is_missing_index(error):
                raise
            self.create_behind_alias()
            result = write(index=self.name, require_alias=True, refresh=True)
        if self._being_rebuilt():
            self._write_during_rebuild(write, items)
        bump_content_version()
        return result

    def _write_during_rebuild(self, write, items):
        for item in items:
            record_pending(item, WRITTEN_DURING_REBUILD)
        # The rebuild may have switched the alias since the check: then the catch-up writes it.
        try:
            write(index=self.rebuilding_name, require_alias=True, refresh=True)
        except (self.backend.NotFoundError, BulkIndexError) as error:
            if not _is_missing_index(error):
                raise

    def add_item(self, item):
        if not class_is_indexed(item.__class__):
            return
        mapping = self.mapping_class(item.__class__)
        self._write(
            lambda **options: self.es.index(
                document=mapping.get_document(item),
                id=mapping.get_document_id(item),
                **options,
            ),
            [item],
        )

    def add_items(self, model, items):
        if not self.through_alias:
            return super().add_items(model, items)
        if not class_is_indexed(model):
            return
        mapping = self.mapping_class(model)
        actions = [
            {"_id": mapping.get_document_id(item), **mapping.get_document(item)} for item in items
        ]
        if actions:
            self._write(lambda **options: self.backend.bulk(self.es, actions, **options), items)

    def delete_item(self, item):
        if not class_is_indexed(item.__class__):
            return
        # Without the index there is nothing to delete (and a delete would create it).
        if self.through_alias and not self.es.indices.exists_alias(name=self.name):
            return
        mapping = self.mapping_class(item.__class__)
        document_id = mapping.get_document_id(item)
        with suppress(self.backend.NotFoundError):  # not in the index: nothing to remove
            self.es.delete(index=self.name, id=document_id, refresh=True)
        if self._being_rebuilt():
            record_pending(item, WRITTEN_DURING_REBUILD)
            with suppress(self.backend.NotFoundError):
                self.es.delete(index=self.rebuilding_name, id=document_id, refresh=True)
        if self.through_alias:
            bump_content_version()


class AtomicRebuilder(_engine.SearchBackend.atomic_rebuilder_class):
    """Wagtail's rebuild into a new index and alias switch, without losing the writes made
    while it runs (see the module's docstring)."""

    def start(self):
        index = super().start()
        index.put_alias(self.alias.rebuilding_name)
        return index

    def finish(self):
        super().finish()
        self.index.es.indices.delete_alias(index=self.index.name, name=self.alias.rebuilding_name)
        # Written again from the database, through the alias that now names the new index.
        while catch_up_search_index()[0]:
            pass


class SearchBackend(_engine.SearchBackend):
    """Remembers every index write that failed, for search.indexing.catch_up_search_index."""

    index_class = NewsIndex
    atomic_rebuilder_class = AtomicRebuilder
    # What the installed client raises when the server is down, slow or refuses a request.
    errors = engine_errors()
    # Client 7 has no synonyms-set API: the engine expands the query with the rules instead.
    expands_synonyms = MAJOR_VERSION < 8

    def get_index_for_model(self, model):
        index = super().get_index_for_model(model)
        index.through_alias = True
        return index

    def run_search(self, index, body):
        """One search request with this body's fields as parameters, as clients 7.17, 8 and 9
        all take them ("from" is a Python keyword: they name it from_)."""
        options = {("from_" if key == "from" else key): value for key, value in body.items()}
        return self.es.search(index=index, **options)

    def push_synonyms(self):
        """Send the current rules to the engine's synonyms set (clients 8 and 9); searches use
        them at once. Client 7 reads the rules at each search instead."""
        if MAJOR_VERSION < 8:
            return
        rules = [
            {"id": f"rule-{number}", "synonyms": rule}
            for number, rule in enumerate(synonym_rules())
        ]
        self.es.synonyms.put_synonym(id=SYNONYMS_SET, synonyms_set=rules)

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
