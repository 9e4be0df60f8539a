"""The search page's results and facets, put together in Python: a page lists 20 results and
up to a hundred facet values, which an include per item made the slowest part of a search."""

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from frontend.templatetags.stored_renderings import _card_level, cards

register = template.Library()

# A card's teaser paragraph (every card has one, the teaser being required): its text is
# escaped, so it holds no "<".
TEASER = re.compile(r'<p class="teaser">[^<]*</p>')


def _with_excerpt(card, highlight):
    """The listing card with the search's excerpt (escaped text and <mark>s) for its teaser."""
    excerpt = format_html('<p class="excerpt">{}</p>', mark_safe(highlight))
    return TEASER.sub(lambda _match: str(excerpt), card, count=1)


@register.simple_tag(takes_context=True)
def search_results(context, hits, level=3):
    """Each hit (article, highlight) as a result: the article's card as the newsroom lists it,
    stored with the article (cards of every result in one query), with the excerpt."""
    hits = list(hits)
    if not hits:
        return ""
    html = cards(context.get("request"), [hit.article for hit in hits])
    results = []
    for hit in hits:
        card = _card_level(html[hit.article.pk], level)
        results.append(f'<li class="result">{_with_excerpt(card, hit.highlight)}</li>')
    return mark_safe("".join(results))


@register.simple_tag
def facet_items(name, values):
    """A facet's values as checkbox list items, with their counts."""
    return format_html_join(
        "",
        '<li><label><input type="checkbox" name="{}" value="{}"{}> {} <span class="facet-count">'
        '({}<span class="visually-hidden"> results</span>)</span></label></li>',
        (
            (
                name,
                value.value,
                mark_safe(" checked") if value.selected else "",
                value.label,
                value.count,
            )
            for value in values
        ),
    )
