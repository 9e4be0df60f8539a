from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from cms.api_fields import DocumentField
from cms.blocks import KeyFindings
from newsroom.forms import ReportPageForm

from .article import EXCERPT_FIELD, ArticlePage


class ReportPage(ArticlePage):
    kind_slug = "report"
    kind_label = "Report"

    report_pdf = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="report PDF",
    )
    reference_number = models.CharField(max_length=50, blank=True, help_text="e.g. ND 12/2026")
    page_count = models.PositiveIntegerField(null=True, blank=True)
    key_findings = StreamField(KeyFindings(), blank=True)

    base_form_class = ReportPageForm
    is_creatable = True
    parent_page_types = ["newsroom.NewsroomPage"]
    subpage_types = []
    template = "newsroom/report_page.html"

    content_panels = [
        *ArticlePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel(
                    "report_pdf", help_text="Required to publish: the report itself, as a PDF."
                ),
                FieldPanel("reference_number"),
                FieldPanel("page_count"),
                FieldPanel("key_findings"),
            ],
            heading="The report",
        ),
    ]

    search_fields = [
        *ArticlePage.search_fields,
        index.SearchField("key_findings", es_extra=EXCERPT_FIELD),
        index.SearchField("reference_number"),
    ]

    api_fields = [
        *ArticlePage.api_fields,
        APIField("report_pdf", serializer=DocumentField()),
        APIField("reference_number"),
        APIField("page_count"),
        APIField("key_findings"),
    ]

    class Meta:
        verbose_name = "report"
