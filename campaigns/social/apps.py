from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "campaigns.social"
    label = "social"
    verbose_name = "Social cross-posting"

    def ready(self):
        from . import signal_handlers  # noqa: F401
