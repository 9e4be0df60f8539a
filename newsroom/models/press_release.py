from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField

from cms.api_fields import PressContactsField

from .article import ArticlePage


class PressReleasePage(ArticlePage):
    kind_slug = "press-release"
    kind_label = "Press Release"

    dateline = models.CharField(
        max_length=100, blank=True, help_text='Where the release is issued from, e.g. "GENEVA".'
    )
    press_contacts = ParentalManyToManyField(
        "cms.PressContact",
        blank=True,
        related_name="press_releases",
        help_text="Leave empty to show the press office's contact.",
    )

    is_creatable = True
    parent_page_types = ["newsroom.NewsroomPage"]
    subpage_types = []
    template = "newsroom/press_release_page.html"

    content_panels = [
        *ArticlePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("dateline"), FieldPanel("press_contacts")], heading="For the press"
        ),
    ]

    api_fields = [
        *ArticlePage.api_fields,
        APIField("dateline"),
        APIField("press_contacts", serializer=PressContactsField()),
    ]

    class Meta:
        verbose_name = "press release"
