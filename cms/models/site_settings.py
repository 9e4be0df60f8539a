from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class PressSettings(BaseSiteSetting):
    """The press office's contact details, shown on the newsroom and under press releases."""

    organisation_name = models.CharField(max_length=200, default="Newsdesk")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)

    panels = [FieldPanel("organisation_name"), FieldPanel("email"), FieldPanel("phone")]

    class Meta:
        verbose_name = "press contact"
