"""The synonyms Elasticsearch applies at search time: a shipped list plus what editors add.

Clients 8 and 9 keep them in the engine's synonyms set, sent again after every edit; client 7
(no synonyms-set API) has the engine expand each query with the rules read at that search.
Either way an edit applies to the next search: it starts a new content version, so no answer
kept from before the edit is shown again.
"""

import logging

from search.engine_settings import DEFAULT_SYNONYMS

logger = logging.getLogger(__name__)


def synonym_rules():
    from search.models import SearchSynonym

    return [*DEFAULT_SYNONYMS, *SearchSynonym.objects.values_list("terms", flat=True)]


def push_synonyms_after_edit(**kwargs):
    """After an editor changes a synonym: update every engine that keeps them."""
    from django.db import transaction
    from wagtail.search.backends import get_search_backends

    from cms.cache_purge import on_search_changed

    def push():
        for backend in get_search_backends(with_auto_update=True):
            if hasattr(backend, "push_synonyms"):
                try:
                    backend.push_synonyms()
                except Exception:
                    logger.exception("Could not send the synonyms to Elasticsearch")
        # Searches kept in memory (and in front-end caches) were answered with the old rules.
        on_search_changed()

    transaction.on_commit(push)
