"""Page factories for the newsroom, shared by the tests and the demo-content command."""

import factory
import wagtail_factories

from cms.factories import DocumentFactory
from newsroom import models


def paragraph(html):
    return {"type": "paragraph", "value": html}


class NewsroomPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.NewsroomPage

    title = "Newsroom"
    slug = "newsroom"
    intro = "Press releases, reports and campaign updates."


class ArticleFactoryMixin(factory.Factory):
    """Fields every article has; the M2M lists are set after the page exists."""

    title = factory.Sequence(lambda n: f"Article {n}")
    teaser = factory.LazyAttribute(lambda obj: f"A short summary of {obj.title}.")
    body = factory.LazyAttribute(lambda obj: [paragraph(f"<p>Full text of {obj.title}.</p>")])

    @factory.post_generation
    def topics(page, create, extracted, **kwargs):
        if create and extracted:
            page.topics.set(extracted)
            page.save()

    @factory.post_generation
    def countries(page, create, extracted, **kwargs):
        if create and extracted:
            page.countries.set(extracted)
            page.save()

    @factory.post_generation
    def spokespeople(page, create, extracted, **kwargs):
        if create and extracted:
            page.spokespeople.set(extracted)
            page.save()


class PressReleasePageFactory(ArticleFactoryMixin, wagtail_factories.PageFactory):
    class Meta:
        model = models.PressReleasePage

    title = factory.Sequence(lambda n: f"Press release {n}")
    dateline = "LONDON"

    @factory.post_generation
    def press_contacts(page, create, extracted, **kwargs):
        if create and extracted:
            page.press_contacts.set(extracted)
            page.save()


class ReportPageFactory(ArticleFactoryMixin, wagtail_factories.PageFactory):
    class Meta:
        model = models.ReportPage

    title = factory.Sequence(lambda n: f"Report {n}")
    report_pdf = factory.SubFactory(DocumentFactory, title=factory.SelfAttribute("..title"))
    reference_number = factory.Sequence(lambda n: f"ND {n:02d}/2026")
    page_count = 48
    key_findings = factory.LazyFunction(
        lambda: [{"type": "finding", "value": "The main finding of the report."}]
    )
