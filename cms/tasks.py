from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def publish_scheduled_pages():
    """Publish pages whose go-live time has come and unpublish expired ones (runs every minute)."""
    call_command("publish_scheduled")


@shared_task(ignore_result=True)
def retry_deferred_purges():
    """Front-end cache purges kept during an outage (cms/cache_purge.py), sent once it is over."""
    from cms.cache_purge import retry_deferred_purges as retry

    retry()
