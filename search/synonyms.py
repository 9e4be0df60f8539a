"""The synonyms Elasticsearch applies at search time: a shipped list plus what editors add."""

import logging

from search.engine_settings import DEFAULT_SYNONYMS, SYNONYMS_SET

logger = logging.getLogger(__name__)


def synonym_rules():
    from search.models import SearchSynonym

    return [*DEFAULT_SYNONYMS, *SearchSynonym.objects.values_list("terms", flat=True)]


def push_synonyms(backend):
    """Send the current rules to the engine's synonyms set; searches use them at once."""
    rules = [
        {"id": f"rule-{number}", "synonyms": rule} for number, rule in enumerate(synonym_rules())
    ]
    backend.es.synonyms.put_synonym(id=SYNONYMS_SET, synonyms_set=rules)


def push_synonyms_after_edit(**kwargs):
    """After an editor changes a synonym: update the engine if it is Elasticsearch."""
    from django.db import transaction
    from wagtail.search.backends import get_search_backends

    from cms.cache_purge import on_search_changed
    from search.backends.elasticsearch import SearchBackend

    def push():
        for backend in get_search_backends(with_auto_update=True):
            if isinstance(backend, SearchBackend):
                try:
                    push_synonyms(backend)
                except Exception:
                    logger.exception("Could not send the synonyms to Elasticsearch")
        # Searches kept in memory (and in front-end caches) were answered with the old rules.
        on_search_changed()

    transaction.on_commit(push)
