"""Page-tree rules and creating each page type through the admin, with Wagtail's test helpers."""

import datetime

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
from campaigns.models import CampaignIndexPage, CampaignPage, CampaignUpdatePage
from cms.factories import DocumentFactory, HomePageFactory, SpokespersonFactory, TopicFactory
from cms.models import HomePage
from newsroom.factories import NewsroomPageFactory
from newsroom.models import ArticlePage, NewsroomPage, PressReleasePage, ReportPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_newsroom_holds_press_releases_and_reports_only(self):
        self.assertAllowedSubpageTypes(NewsroomPage, {PressReleasePage, ReportPage})
        self.assertCanNotCreateAt(NewsroomPage, CampaignUpdatePage)
        self.assertCanNotCreateAt(NewsroomPage, CampaignPage)

    def test_campaign_index_holds_campaigns_and_campaigns_hold_updates(self):
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})
        self.assertAllowedSubpageTypes(CampaignPage, {CampaignUpdatePage})
        self.assertCanNotCreateAt(CampaignPage, PressReleasePage)
        self.assertCanNotCreateAt(CampaignIndexPage, CampaignUpdatePage)

    def test_articles_live_only_where_they_belong(self):
        self.assertAllowedParentPageTypes(PressReleasePage, {NewsroomPage})
        self.assertAllowedParentPageTypes(ReportPage, {NewsroomPage})
        self.assertAllowedParentPageTypes(CampaignUpdatePage, {CampaignPage})
        self.assertCanNotCreateAt(HomePage, PressReleasePage)
        self.assertCanNotCreateAt(Page, ReportPage)

    def test_article_base_is_not_offered_to_editors(self):
        self.assertFalse(ArticlePage.is_creatable)
        self.assertCanNotCreateAt(NewsroomPage, ArticlePage)

    def test_only_one_home_page_and_one_newsroom_per_site(self):
        Page.objects.filter(depth=2).delete()
        home = HomePageFactory(parent=Page.get_first_root_node(), slug="home")
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        NewsroomPageFactory(parent=home)
        CampaignIndexPageFactory(parent=home)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertFalse(NewsroomPage.can_create_at(home))
        self.assertFalse(CampaignIndexPage.can_create_at(home))


class CreateThroughAdminTests(WagtailPageTestCase):
    """Editors create each kind through the real admin form, with a body using several blocks."""

    @classmethod
    def setUpTestData(cls):
        Page.objects.filter(depth=2).delete()
        cls.home = HomePageFactory(parent=Page.get_first_root_node(), slug="home")
        Site.objects.create(hostname="localhost", root_page=cls.home, is_default_site=True)
        cls.newsroom = NewsroomPageFactory(parent=cls.home)
        cls.campaign = CampaignPageFactory(parent=CampaignIndexPageFactory(parent=cls.home))
        cls.topic = TopicFactory(name="Digital rights")
        cls.spokesperson = SpokespersonFactory(name="Rosa Kim")

    def setUp(self):
        # Signed in past the password throttle and the second factor (tests/conftest.py).
        self.client.force_login(self.create_superuser("editor", password="pw"))

    def article_data(self, title, **extra):
        return nested_form_data(
            {
                "title": title,
                "slug": title.lower().replace(" ", "-"),
                "publication_date": datetime.date(2026, 5, 1).isoformat(),
                "teaser": f"Teaser of {title}",
                "body": streamfield(
                    [
                        ("heading", {"text": "What happened", "level": "h2"}),
                        ("paragraph", rich_text("<p>It happened on Monday.</p>")),
                        (
                            "quote",
                            {
                                "quote": "We will not stop.",
                                "spokesperson": self.spokesperson.pk,
                                "attribution": "",
                            },
                        ),
                        ("fact_box", {"title": "Facts", "facts": streamfield([("item", "One")])}),
                    ]
                ),
                "topics": self.topic.pk,
                "key_findings": streamfield([]),
                # The Social tab's inline forms, left empty.
                "social_options": inline_formset([]),
                "social_messages": inline_formset([]),
                **extra,
            }
        )

    def test_press_release(self):
        self.assertCanCreate(
            self.newsroom, PressReleasePage, self.article_data("Release one", dateline="GENEVA")
        )
        page = PressReleasePage.objects.get(slug="release-one")
        self.assertEqual(page.dateline, "GENEVA")
        self.assertEqual(list(page.topics.all()), [self.topic])
        self.assertEqual(page.body[2].value["spokesperson"], self.spokesperson)

    def test_report(self):
        self.assertCanCreate(
            self.newsroom,
            ReportPage,
            self.article_data(
                "Report one",
                reference_number="LR 1/2026",
                page_count="12",
                report_pdf=DocumentFactory(title="Report one (PDF)").pk,
                key_findings=streamfield([("finding", "Most detainees were never charged.")]),
            ),
        )
        page = ReportPage.objects.get(slug="report-one")
        self.assertEqual(page.key_findings[0].value, "Most detainees were never charged.")

    def test_campaign_update_takes_its_campaign_from_its_parent(self):
        self.assertCanCreate(self.campaign, CampaignUpdatePage, self.article_data("Update one"))
        page = CampaignUpdatePage.objects.get(slug="update-one")
        self.assertEqual(page.campaign_id, self.campaign.pk)
