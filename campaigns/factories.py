"""Page factories for campaigns, shared by the tests and the demo-content command."""

import factory
import wagtail_factories

from campaigns import models
from newsroom.factories import ArticleFactoryMixin


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.CampaignIndexPage

    title = "Campaigns"
    slug = "campaigns"


class CampaignPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.CampaignPage

    title = factory.Sequence(lambda n: f"Campaign {n}")
    intro = factory.LazyAttribute(lambda obj: f"Why {obj.title} matters.")
    goal = "Change the law."
    status = models.CampaignPage.Status.ACTIVE


class CampaignUpdatePageFactory(ArticleFactoryMixin, wagtail_factories.PageFactory):
    class Meta:
        model = models.CampaignUpdatePage

    title = factory.Sequence(lambda n: f"Campaign update {n}")
