from django.views.generic import TemplateView

from cms.site_address import absolute_url


class RobotsTxtView(TemplateView):
    """robots.txt: keep crawlers out of the admin and point them at the sitemap."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sitemap_url"] = absolute_url("/sitemap.xml")
        return context
