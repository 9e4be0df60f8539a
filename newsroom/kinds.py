"""The kinds of publication the newsroom lists, by the slug visitors see in URLs."""

from django.contrib.contenttypes.models import ContentType


def article_kinds():
    """{slug: page model} for every concrete article type, in display order."""
    from campaigns.models import CampaignUpdatePage
    from newsroom.models import PressReleasePage, ReportPage

    return {model.kind_slug: model for model in (PressReleasePage, ReportPage, CampaignUpdatePage)}


def kind_content_type(slug):
    return ContentType.objects.get_for_model(article_kinds()[slug])
