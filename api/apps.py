from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The Wagtail API v2 the mobile app reads, on top of the content apps and search."""

    name = "api"
    verbose_name = "API"
