"""The kinds of publication the newsroom lists, by the slug visitors see in URLs.

Each article type registers itself from its app's AppConfig.ready(), so the newsroom lists the
campaign updates of the layer above without importing it. Display order is registration order:
the newsroom's own kinds first, then the apps after it in INSTALLED_APPS.
"""

from django.contrib.contenttypes.models import ContentType

_kinds = {}


def register_article_kind(model):
    """Make `model` (a concrete ArticlePage type) one of the kinds the newsroom lists."""
    _kinds[model.kind_slug] = model


def article_kinds():
    """{slug: page model} for every concrete article type, in display order."""
    return dict(_kinds)


def kind_content_type(slug):
    return ContentType.objects.get_for_model(article_kinds()[slug])
