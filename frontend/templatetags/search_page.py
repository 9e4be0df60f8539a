"""The search page's results and facets, put together in Python: a page lists 20 results and
up to a hundred facet values, and the template engine's cost per variable, loop and condition
made the panel a large part of a search worked out for new words (search/results.html holds
only `{% search_panel %}`)."""

import re
from html import escape
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cms.stored_renderings import cards_for_site
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
    """{article id: card html} of the hits: the stored cards the engine read with the texts,
    without reading the articles; for the others, their articles (read in one query if the
    engine has not) and `cards`, the newsroom's stored or rendered cards. A hit whose article
    has gone since the search has none."""
    found = {}
    if request is not None:
        found = cards_for_site(request, {hit.pk: hit.card for hit in hits if hit.card})
    rest = [hit.article for hit in hits if hit.pk not in found]
    rest = [article for article in rest if article is not None]
    if rest:
        found.update(cards(request, rest))
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


def _plural(count):
    return "" if count == 1 else "s"


@register.simple_tag(takes_context=True)
def search_panel(context):
    """The facets form and the page of results of one search (`params`, `outcome`, `facets`
    as search.views puts them): kept whole in memory for the content version."""
    params, outcome, facets = context["params"], context["outcome"], context["facets"]
    action = escape(reverse("search:search"))
    query = escape(params.query)
    chosen = ' <span class="facets-chosen">(filters on)</span>' if params.has_selections else ""
    html = [
        '<div class="search-layout">\n  <details class="facets" open>\n'
        f'    <summary><h2 id="facets-heading">Narrow your search{chosen}</h2></summary>\n'
        f'    <form method="get" action="{action}" aria-labelledby="facets-heading">\n'
    ]
    if params.query:
        html.append(f'      <input type="hidden" name="q" value="{query}">\n')
    if params.sort != "relevance":
        html.append(f'      <input type="hidden" name="sort" value="{escape(params.sort)}">\n')
    for name, heading, values, shown, more in facets:
        if not values:
            continue
        html.append(
            f'      <fieldset class="facet facet-{escape(name)}">\n'
            f"        <legend>{escape(heading)}</legend>\n"
            f"        <ul>\n          {facet_items(name, shown)}\n        </ul>\n"
        )
        if more:
            html.append(
                '        <details class="facet-more">\n'
                f'          <summary>Show {len(more)} more<span class="visually-hidden">'
                f" {escape(heading.lower())} values</span></summary>\n"
                f"          <ul>\n            {facet_items(name, more)}\n          </ul>\n"
                "        </details>\n"
            )
        html.append("      </fieldset>\n")
    html.append('      <button type="submit" class="facets-submit">Apply filters</button>\n')
    if params.has_selections:
        clear = action + (f"?q={escape(quote(params.query, safe='/'))}" if params.query else "")
        html.append(f'      <a class="facets-clear" href="{clear}">Clear filters</a>\n')
    total = outcome.total
    if params.query:
        counted = f"{total} result{_plural(total)} for \u201c{query}\u201d"
    else:
        counted = f"{total} publication{_plural(total)}"
    html.append(
        "    </form>\n  </details>\n"
        '  <section class="results" aria-labelledby="results-heading">\n'
        f'    <h2 id="results-heading" aria-live="polite">{counted}</h2>\n'
    )
    if outcome.hits:
        html.append(
            f'    <ol class="result-list" start="{int(outcome.first_number)}">\n'
            f"      {search_results(context, outcome.hits)}\n    </ol>\n"
        )
    else:
        words = f" \u201c{query}\u201d" if params.query else ""
        filters = " with these filters" if params.has_selections else ""
        html.append(
            f'    <p class="no-results">Nothing published matches{words}{filters}.'
            " Try fewer words or filters.</p>\n"
        )
    if outcome.num_pages > 1:
        html.append('    <nav class="pagination" aria-label="Result pages">\n')
        if outcome.has_previous:
            previous = escape(outcome.previous_page_query)
            html.append(f'      <a rel="prev" href="?{previous}">Previous</a>\n')
        html.append(
            f'      <span aria-current="page">Page {int(params.page)} of'
            f" {int(outcome.num_pages)}</span>\n"
        )
        if outcome.has_next:
            html.append(f'      <a rel="next" href="?{escape(outcome.next_page_query)}">Next</a>\n')
        html.append("    </nav>\n")
    html.append("  </section>\n</div>\n")
    return mark_safe("".join(html))
