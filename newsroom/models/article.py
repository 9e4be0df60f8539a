from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from cms.api_fields import (
    CampaignField,
    ImageField,
    KindField,
    SpokespeopleField,
    TaxonomyListField,
)
from cms.blocks import ArticleBody
from cms.models import Country, Spokesperson, Topic
from cms.routing import ViewRestrictionsFromMemory
from cms.scheduling import short_site_time
from cms.widgets import Checklist
from newsroom.forms import ArticlePageForm
from newsroom.panels import TabsWithScheduleInContent, schedule_panel

# Search excerpts are cut from these fields: Elasticsearch keeps each word's position in the
# text with the index, so its highlighter finds the words there instead of analysing every
# hit's text again (the slowest part of a search with words).
EXCERPT_FIELD = {"index_options": "offsets"}


class ArticlePage(ViewRestrictionsFromMemory, Page):
    """What press releases, reports and campaign updates share.

    A concrete (multi-table) base rather than an abstract one: the newsroom lists, filters
    and searches all three kinds in one query on this table, newest first.
    Editors never create it directly.
    """

    kind_slug = ""
    kind_label = "Article"

    publication_date = models.DateField(default=timezone.localdate, db_index=True)
    teaser = models.TextField(
        max_length=600, help_text="One or two sentences shown in listings, search and shares."
    )
    hero_image = models.ForeignKey(
        "cms.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(ArticleBody(), blank=True)
    topics = ParentalManyToManyField("cms.Topic", blank=True, related_name="articles")
    countries = ParentalManyToManyField("cms.Country", blank=True, related_name="articles")
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The campaign this publication belongs to, if any.",
    )
    spokespeople = ParentalManyToManyField(
        "cms.Spokesperson", blank=True, related_name="articles", help_text="People quoted."
    )

    base_form_class = ArticlePageForm
    is_creatable = False
    parent_page_types = []
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        schedule_panel(),
        MultiFieldPanel(
            [FieldPanel("publication_date"), FieldPanel("teaser"), FieldPanel("hero_image")],
            heading="Summary",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=Checklist(Topic)),
                FieldPanel("countries", widget=Checklist(Country)),
                FieldPanel("campaign"),
                FieldPanel("spokespeople", widget=Checklist(Spokesperson)),
            ],
            heading="Classification",
        ),
    ]

    # The "Social" tab: options live in the social app (inline, saved with each revision),
    # which adds its cross-post status panel from its AppConfig.ready().
    social_panels = [
        InlinePanel("social_options", max_num=1, heading="Sharing options", label="Options"),
        InlinePanel(
            "social_messages", heading="Messages for one network", label="Message for a network"
        ),
    ]

    # Wagtail's scheduling panel is the first of its settings panels: here it is in the
    # Content tab (schedule_panel), where the editor sees it while writing.
    settings_panels = Page.settings_panels[1:]

    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser", es_extra=EXCERPT_FIELD),
        index.SearchField("body", es_extra=EXCERPT_FIELD),
        index.RelatedFields("spokespeople", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("countries", [index.SearchField("name")]),
        index.FilterField("publication_date"),
        index.FilterField("campaign"),
        # Facet values, for engines that count facets in their own index (Elasticsearch).
        index.FilterField("search_kind"),
        index.FilterField("search_topics"),
        index.FilterField("search_countries"),
        index.FilterField("search_regions"),
        index.FilterField("search_year"),
    ]

    api_fields = [
        APIField("kind", serializer=KindField()),
        APIField("kind_label", serializer=KindField(attribute="kind_label")),
        APIField("publication_date"),
        APIField("teaser"),
        APIField("hero_image", serializer=ImageField()),
        APIField("topics", serializer=TaxonomyListField()),
        APIField("countries", serializer=TaxonomyListField()),
        APIField("campaign", serializer=CampaignField()),
        APIField("spokespeople", serializer=SpokespeopleField()),
        APIField("body"),
    ]
    # What a listing card needs; the rest is in the detail or asked for with ?fields=.
    api_listing_fields = [
        "kind",
        "kind_label",
        "publication_date",
        "teaser",
        "hero_image",
        "topics",
        "countries",
        "campaign",
    ]

    class Meta:
        ordering = ["-publication_date", "-pk"]

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's tabs plus "Social", built from each subclass's own panels."""
        tabs = [
            ObjectList(cls.content_panels, heading="Content"),
            ObjectList(cls.promote_panels, heading="Promote"),
            ObjectList(cls.social_panels, heading="Social"),
            ObjectList(cls.settings_panels, heading="Settings"),
        ]
        return TabsWithScheduleInContent(tabs, base_form_class=cls.base_form_class).bind_to_model(
            cls
        )

    @classmethod
    def get_indexed_objects(cls):
        # Indexing reads every relation the search fields name: fetch them in bulk.
        return (
            super()
            .get_indexed_objects()
            .prefetch_related("topics", "countries__region", "spokespeople")
        )

    def search_kind(self):
        return self.specific_class.kind_slug

    def search_topics(self):
        return [topic.slug for topic in self.topics.all()]

    def search_countries(self):
        return [country.slug for country in self.countries.all()]

    def search_regions(self):
        return sorted({country.region.slug for country in self.countries.all()})

    def search_year(self):
        return str(self.publication_date.year) if self.publication_date else ""

    def related_articles(self, limit=3):
        """Live, public articles sharing a topic with this one, newest first."""
        return (
            ArticlePage.objects.live()
            .public()
            .filter(topics__in=self.topics.all())
            .exclude(pk=self.pk)
            .select_related("hero_image")
            .distinct()
            .order_by("-publication_date", "-pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the cached fragment that shows them is rendered (.public() queries
        # the view restrictions as soon as it is called).
        context["related_articles"] = SimpleLazyObject(lambda: list(self.related_articles()))
        return context

    @property
    def status_string(self):
        """Listings say when a scheduled page goes live: "Scheduled for 8 Dec 2026, 09:30 GMT"."""
        status = super().status_string
        if not self.live and self.approved_schedule and self.go_live_at:
            return f"Scheduled for {short_site_time(self.go_live_at)}"
        return status

    @property
    def shown_campaign(self):
        """The campaign the page names, or None: an unpublished or private campaign is not
        named, not even by its title (as in the API). Its view restrictions are kept in memory
        for the content version, and a change to them empties the stored pages naming it."""
        campaign = self.campaign
        if campaign is None or not campaign.live or campaign.get_view_restrictions():
            return None
        return campaign

    @property
    def kind(self):
        return self.specific_class.kind_slug

    @property
    def kind_name(self):
        return self.specific_class.kind_label
