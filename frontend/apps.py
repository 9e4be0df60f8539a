from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "frontend"

    def ready(self):
        from cms.stored_renderings import register_part_renderer
        from frontend.templatetags.stored_renderings import store_cards

        # Publishing a page keeps its card as listings show it, with its main content and head.
        register_part_renderer(store_cards)
