import logging
import os

from celery import Celery, bootsteps, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

logger = logging.getLogger(__name__)

app = Celery("newsdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def record_heartbeat(hostname):
    """Tell /healthz/ this worker is alive (a database row: every configuration can read it)."""
    from django.db import close_old_connections
    from django.utils import timezone

    from cms.models import WorkerHeartbeat

    try:
        WorkerHeartbeat.objects.update_or_create(
            hostname=hostname, defaults={"last_seen": timezone.now()}
        )
    except Exception as error:  # the database is down: /healthz/ says so itself
        logger.warning("Could not record the worker's heartbeat: %s", error)
    finally:
        close_old_connections()


class Heartbeat(bootsteps.StartStopStep):
    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer = None

    def start(self, worker):
        from django.conf import settings

        record_heartbeat(worker.hostname)
        self.timer = worker.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_SECONDS, record_heartbeat, (worker.hostname,)
        )

    def stop(self, worker):
        from cms.models import WorkerHeartbeat

        if self.timer is not None:
            self.timer.cancel()
        try:  # a worker that stops cleanly is gone at once, not a few beats later
            WorkerHeartbeat.objects.filter(hostname=worker.hostname).delete()
        except Exception as error:
            logger.warning("Could not remove the worker's heartbeat: %s", error)


app.steps["worker"].add(Heartbeat)


@signals.task_prerun.connect
def read_content_version(**kwargs):
    """Each task starts from the content as it is now: reading the shared version lets this
    process drop what it kept for an older one (Wagtail's site root paths among it), so the
    links a task builds (a social post's) follow changes other processes made."""
    from cms.app_cache import content_version

    content_version()
