from django.views.generic import TemplateView


class RobotsTxtView(TemplateView):
    """robots.txt: keep crawlers out of the admin and point them at the sitemap."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sitemap_url"] = self.request.build_absolute_uri("/sitemap.xml")
        return context
