from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site


@register_setting(icon="mail")
class PressSettings(BaseSiteSetting):
    """The press office's contact details, shown on the newsroom and under press releases."""

    organisation_name = models.CharField(max_length=200, default="Newsdesk")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)

    panels = [FieldPanel("organisation_name"), FieldPanel("email"), FieldPanel("phone")]

    @classmethod
    def for_request(cls, request):
        """The site's settings, kept in this process's memory until the content changes (saving
        them starts a new content version) instead of read on every request."""
        from cms.app_cache import remember_locally

        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        site_settings = remember_locally(f"press-settings:{site.pk}", lambda: cls.for_site(site))
        site_settings._request = request
        setattr(request, attr_name, site_settings)
        return site_settings

    class Meta:
        verbose_name = "press contact"
