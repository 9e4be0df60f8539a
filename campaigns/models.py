from django.db import models
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.api_fields import ImageField, TaxonomyListField
from cms.blocks import ArticleBody, CallToActionBlock
from cms.models import Topic
from cms.routing import ViewRestrictionsFromMemory
from cms.widgets import Checklist
from newsroom.models import ArticlePage


class CampaignIndexPage(ViewRestrictionsFromMemory, Page):
    # Its whole page lists every campaign: any page's change empties it
    # (cms/stored_renderings.py).
    lists_pages = True
    intro = models.TextField(blank=True)

    max_count_per_parent = 1
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    template = "campaigns/campaign_index_page.html"

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the kept fragment that shows them is rendered (.public() queries the
        # view restrictions as soon as it is called).
        context["campaigns"] = SimpleLazyObject(
            lambda: list(
                CampaignPage.objects.child_of(self).live().public().select_related("hero_image")
            )
        )
        return context


class CampaignPage(ViewRestrictionsFromMemory, Page):
    """A campaign's landing page: what we want, where it stands, what you can do."""

    # Its whole page lists its updates and articles: any page's change empties it
    # (cms/stored_renderings.py).
    lists_pages = True

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        WON = "won", "Won"
        CLOSED = "closed", "Closed"

    intro = models.TextField(max_length=600, help_text="Shown in listings and shares.")
    goal = models.TextField(help_text="What the campaign is asking for, in a sentence or two.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    hero_image = models.ForeignKey(
        "cms.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    call_to_action = StreamField(
        blocks.StreamBlock([("call_to_action", CallToActionBlock())], max_num=1),
        blank=True,
    )
    body = StreamField(ArticleBody(), blank=True)
    topics = ParentalManyToManyField("cms.Topic", blank=True, related_name="campaigns")

    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = ["campaigns.CampaignUpdatePage"]
    template = "campaigns/campaign_page.html"
    # Its updates show its title, status and call to action: their stored renderings go with it.
    children_show_it = True

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("intro"),
                FieldPanel("goal"),
                FieldPanel("status"),
                FieldPanel("hero_image"),
            ],
            heading="The campaign",
        ),
        FieldPanel("call_to_action"),
        FieldPanel("body"),
        FieldPanel("topics", widget=Checklist(Topic)),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("goal"),
        index.FilterField("status"),
    ]

    api_fields = [
        APIField("intro"),
        APIField("goal"),
        APIField("status"),
        APIField("hero_image", serializer=ImageField()),
        APIField("topics", serializer=TaxonomyListField()),
        APIField("call_to_action"),
        APIField("body"),
    ]
    api_listing_fields = ["intro", "status", "hero_image"]

    def updates(self):
        """The campaign's live, public updates, newest first."""
        return (
            CampaignUpdatePage.objects.child_of(self)
            .live()
            .public()
            .select_related("hero_image")
            .order_by("-publication_date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the kept fragment that shows them is rendered.
        context["updates"] = SimpleLazyObject(lambda: list(self.updates()))
        return context


class CampaignUpdatePage(ArticlePage):
    kind_slug = "campaign-update"
    kind_label = "Campaign Update"

    is_creatable = True
    parent_page_types = ["campaigns.CampaignPage"]
    subpage_types = []
    template = "campaigns/campaign_update_page.html"

    # The campaign is the parent page: it is not chosen by hand.
    content_panels = [
        panel
        for panel in ArticlePage.content_panels
        if not isinstance(panel, MultiFieldPanel) or panel.heading != "Classification"
    ] + [
        MultiFieldPanel(
            [
                panel
                for group in ArticlePage.content_panels
                if isinstance(group, MultiFieldPanel) and group.heading == "Classification"
                for panel in group.children
                if panel.field_name != "campaign"
            ],
            heading="Classification",
        )
    ]

    class Meta:
        verbose_name = "campaign update"

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        if parent is not None and parent.specific_class is CampaignPage:
            self.campaign_id = parent.pk
        super().save(*args, **kwargs)


def active_campaigns():
    """The campaigns running now, as the home page shows them."""
    return list(
        CampaignPage.objects.live()
        .public()
        .filter(status=CampaignPage.Status.ACTIVE)
        .select_related("hero_image")
    )


class CampaignTeam(models.Model):
    """The groups that run a campaign: created in one step by campaigns.teams."""

    campaign = models.OneToOneField(CampaignPage, on_delete=models.CASCADE, related_name="team")
    members = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="campaign_membership"
    )
    leads = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="campaign_leadership"
    )

    def __str__(self):
        return f"{self.campaign.title} team"
