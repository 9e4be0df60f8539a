"""Publishing queues cross-posts; a scheduled page (not live yet) queues them at go-live."""

from django.dispatch import receiver
from wagtail.signals import page_published

from . import services


@receiver(page_published)
def queue_cross_posts_on_publish(sender, instance, **kwargs):
    from newsroom.models import ArticlePage

    if isinstance(instance, ArticlePage):
        services.queue_cross_posts(instance)
