"""Keeping the search index in step with publishing, even while the search engine is down.

An index write that fails is logged and remembered as a PendingIndexUpdate; publishing goes on.
`catch_up_search_index()` (a Celery beat task every minute, and a management command) writes
the remembered objects again once the engine answers.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from modelsearch import index
from modelsearch.backends import get_search_backends_with_name

from cms.app_cache import bump_content_version_on_change

logger = logging.getLogger(__name__)


def record_pending(obj, error):
    """Remember that obj must be indexed (or removed) again; never raises."""
    from search.models import PendingIndexUpdate

    try:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        with transaction.atomic():
            updated = PendingIndexUpdate.objects.filter(
                content_type=content_type, object_id=str(obj.pk)
            ).update(attempts=F("attempts") + 1, last_error=str(error)[:2000])
            if not updated:
                PendingIndexUpdate.objects.create(
                    content_type=content_type, object_id=str(obj.pk), last_error=str(error)[:2000]
                )
    except Exception:
        logger.exception("Could not remember the missed index update of %r", obj)


def reindex_published_page(sender, instance, **kwargs):
    """Index a page again once publishing has saved its many-to-many relations too.

    Wagtail indexes on post_save, which runs before modelcluster writes topics and countries.
    """
    index.insert_or_update_object(instance.specific)


def catch_up_search_index(limit=1000):
    """Index again what the engine missed. Returns (written, still pending)."""
    from search.models import PendingIndexUpdate

    written = 0
    for pending in PendingIndexUpdate.objects.select_related("content_type")[:limit]:
        model = pending.content_type.model_class()
        if model is None:
            pending.delete()
            continue
        obj = model._default_manager.filter(pk=pending.object_id).first()
        indexed = obj and index.get_indexed_instance(obj)
        try:
            for _name, backend in get_search_backends_with_name(with_auto_update=True):
                if indexed:
                    backend.add(indexed)
                else:
                    # Deleted (or no longer indexable): remove it from the engine.
                    stub = model(pk=pending.object_id)
                    backend.delete(stub.get_indexed_instance() or stub)
        except Exception as error:
            logger.warning(
                "Search index catch-up: %s %s still failing: %s",
                pending.content_type.model,
                pending.object_id,
                error,
            )
            continue
        PendingIndexUpdate.objects.filter(pk=pending.pk, attempts__lte=pending.attempts).delete()
        written += 1
    if written:
        # Searches kept in memory were worked out without what was just written.
        bump_content_version_on_change()
    return written, PendingIndexUpdate.objects.count()
