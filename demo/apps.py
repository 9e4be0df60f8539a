from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site (load_demo_content): built from every content app with the tests' factories."""

    name = "demo"
