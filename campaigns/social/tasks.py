"""Celery tasks: thin wrappers that call services and retry when a service says so."""

from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_cross_post(self, record_id):
    result = services.deliver(record_id)
    if result.retry_in is not None:
        raise self.retry(countdown=result.retry_in)


@shared_task(ignore_result=True)
def sweep_cross_posts():
    """Re-enqueue cross-posts left pending (runs from Celery beat)."""
    services.sweep()
