from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "campaigns.social"
    label = "social"
    verbose_name = "Social cross-posting"

    def ready(self):
        from newsroom.editorial import register_press_office_grant
        from newsroom.models import ArticlePage

        from . import services, signal_handlers, tasks  # noqa: F401
        from .panels import CrossPostStatusPanel
        from .roles import grant_press_office_permissions

        services.use_delivery_task(tasks.deliver_cross_post)
        register_press_office_grant(grant_press_office_permissions)
        # The last panel of every article's "Social" tab: where the page has been posted.
        if not any(isinstance(panel, CrossPostStatusPanel) for panel in ArticlePage.social_panels):
            ArticlePage.social_panels.append(CrossPostStatusPanel(heading="Cross-post status"))
