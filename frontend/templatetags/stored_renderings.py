"""What pages show, from the rows kept when they were published (cms/stored_renderings.py).

{% stored_part "main" %}...{% endstored_part %} is the enclosed part of the page being served,
as stored; when it is missing (a page published before, or one a change emptied) it is rendered
live and kept for the next visitor. {% article_cards articles level=3 %} is the cards of a list
of articles, from their stored rows in one query. Previews, signed-in editors and restricted
pages always get the live rendering.
"""

import logging

from django import template
from django.db import DatabaseError, transaction
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from cms import stored_renderings as stored
from cms.models import NewsImage
from cms.stored_renderings import allow_scripts
from frontend.content_security import rendering_scripts
from newsroom.listing import LISTING_IMAGE_FILTERS
from newsroom.models import ArticlePage

logger = logging.getLogger(__name__)
register = template.Library()

CARD_TEMPLATE = "components/article_card.html"


def _claim(request, pages):
    try:
        with transaction.atomic():
            return stored.claim(request, pages)
    except DatabaseError:
        logger.warning("Could not claim stored renderings; rendering live", exc_info=True)
        return {}


def _keep(request, page, token, part, html, scripts=()):
    try:
        with transaction.atomic():
            stored.keep(request, page, token, part, html, scripts)
    except DatabaseError:
        logger.warning("Could not keep the %s of page %s", part, page.pk, exc_info=True)


def render_part(request, page, part, render):
    """`part` of `page` as stored, or render() (kept for the next visitor when it may be)."""
    if not stored.usable_for(request, page):
        return render()
    found = stored.stored_part(request, page, part)
    if found is not None:
        html, scripts = found
        allow_scripts(request, scripts)
        return mark_safe(html)
    tokens = _claim(request, [page])
    html, scripts = rendering_scripts(request, render)
    if page.pk in tokens:
        _keep(request, page, tokens[page.pk], part, str(html), scripts)
    return html


class StoredPartNode(template.Node):
    def __init__(self, nodelist, part):
        self.nodelist = nodelist
        self.part = part

    def render(self, context):
        return render_part(
            context.get("request"),
            context.get("page"),
            self.part.resolve(context),
            lambda: self.nodelist.render(context),
        )


@register.tag
def stored_part(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('usage: {% stored_part "main" %}')
    nodelist = parser.parse(("endstored_part",))
    parser.delete_first_token()
    return StoredPartNode(nodelist, parser.compile_filter(bits[1]))


def _card_level(html, level):
    """Cards are kept with an <h2> title; listings under a section heading want <h3>. Every
    text in a card is escaped, so these tags can only be the title's."""
    if str(level) == "2":
        return html
    return html.replace('<h2 class="card-title">', f'<h{level} class="card-title">', 1).replace(
        "</a></h2>", f"</a></h{level}>", 1
    )


def _render_cards(request, articles):
    # The photos with their card renditions, read afresh even for an article whose photo was
    # just set (a prefetch skips those): a rendition looked up without its prefetch comes from
    # the cache, one read per card.
    image_ids = {article.hero_image_id for article in articles if article.hero_image_id}
    if image_ids:
        images = NewsImage.objects.filter(pk__in=image_ids).prefetch_renditions(
            *LISTING_IMAGE_FILTERS
        )
        by_id = {image.pk: image for image in images}
        for article in articles:
            if article.hero_image_id in by_id:
                article.hero_image = by_id[article.hero_image_id]
    card = get_template(CARD_TEMPLATE)
    return {a.pk: card.render({"article": a, "level": 2, "request": request}) for a in articles}


def cards(request, articles):
    """{page id: card html (with an <h2> title)}: stored ones in one query, the others
    rendered and kept."""
    if request is None:
        return _render_cards(None, articles)
    storable = [a for a in articles if a.pk is not None and a.live]
    found = stored.stored_parts(request, storable, "card") if storable else {}
    missing = [a for a in articles if a.pk not in found]
    if missing:
        tokens = _claim(request, [a for a in missing if a in storable])
        rendered = _render_cards(request, missing)
        for article in missing:
            if article.pk in tokens:
                _keep(request, article, tokens[article.pk], "card", rendered[article.pk])
        found.update(rendered)
    return found


def store_cards(request, pages):
    """The card of each article among `pages` (registered: run when a page is published)."""
    articles = [page for page in pages if isinstance(page, ArticlePage)]
    if articles:
        cards(request, articles)


@register.simple_tag(takes_context=True)
def article_cards(context, articles, level=2):
    articles = list(articles)
    if not articles:
        return ""
    html = cards(context.get("request"), articles)
    return mark_safe("".join(_card_level(html[a.pk], level) for a in articles))
