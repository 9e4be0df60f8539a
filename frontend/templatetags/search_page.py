"""The search page's results and facets, put together in Python: a page lists 20 results and
up to a hundred facet values, which an include per item made the slowest part of a search."""

import re
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cms.stored_renderings import stored_cards
from frontend.templatetags.stored_renderings import _card_level, cards

register = template.Library()

# A card's teaser paragraph (every card has one, the teaser being required): its text is
# escaped, so it holds no "<".
TEASER = re.compile(r'<p class="teaser">[^<]*</p>')


def _with_excerpt(card, highlight):
    """The listing card with the search's excerpt (escaped text and <mark>s) for its teaser."""
    excerpt = format_html('<p class="excerpt">{}</p>', mark_safe(highlight))
    return TEASER.sub(lambda _match: str(excerpt), card, count=1)


def result_cards(request, hits):
    """{article id: card html} of the hits: the stored cards in one query, without reading the
    articles; the articles of the others are read (one query) and their cards rendered and
    kept. A hit whose article has gone since the search has none."""
    found = stored_cards(request, [hit.pk for hit in hits]) if request is not None else {}
    missing = [hit.article for hit in hits if hit.pk not in found]
    missing = [article for article in missing if article is not None]
    if missing:
        found.update(cards(request, missing))
    return found


@register.simple_tag(takes_context=True)
def search_results(context, hits, level=3):
    """Each hit as a result: the article's card as the newsroom lists it, stored with the
    article, with the excerpt."""
    hits = list(hits)
    if not hits:
        return ""
    html = result_cards(context.get("request"), hits)
    results = []
    for hit in hits:
        if hit.pk in html:
            card = _card_level(html[hit.pk], level)
            results.append(f'<li class="result">{_with_excerpt(card, hit.highlight)}</li>')
    return mark_safe("".join(results))


@register.simple_tag
def facet_items(name, values):
    """A facet's values as checkbox list items, with their counts. Written with the standard
    library's escape: a search lists up to a hundred values, and Django's escaping of each
    argument (made for lazy strings, which these are not) cost more than the rest."""
    name = escape(str(name))
    return mark_safe(
        "".join(
            f'<li><label><input type="checkbox" name="{name}" value="{escape(str(value.value))}"'
            f"{' checked' if value.selected else ''}> {escape(str(value.label))}"
            f' <span class="facet-count">({int(value.count)}<span class="visually-hidden">'
            " results</span>)</span></label></li>"
            for value in values
        )
    )
