"""Excerpts shown under each result: escaped text with the matched words in <mark>.

Every engine follows one rule: its own marked excerpt of the article's words if it marks a
word of the query, else the teaser (`excerpt_or_teaser`).
"""

import logging
import re

from django.db import DatabaseError, transaction
from django.utils.html import escape

from cms.stored_renderings import claim, keep, keep_texts, stored_texts
from search.params import title_stems

logger = logging.getLogger(__name__)

EXCERPT_WORDS = 30
# Marks put around matches by the engine, swapped for <mark> once the excerpt is escaped.
MARK_START, MARK_END = "\x02", "\x03"


def marks_to_html(text):
    """Escape an excerpt whose matches are wrapped in MARK_START/MARK_END, then mark them."""
    return escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def article_text(article):
    """An article's own words as plain text: its teaser and body and, for a report, its key
    findings and reference number. Excerpts are cut from this, not from the index's text, which
    also lists the names of the article's people, topics and countries: an excerpt of those would
    read as a list of words."""
    from wagtail.search import index

    parts = []
    for search_field in type(article).get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
            continue
        value = search_field.get_value(article)
        if isinstance(value, list | tuple):
            parts.extend(str(part) for part in value)
        elif value:
            parts.append(str(value))
    return " ".join(" ".join(parts).split())


def article_texts(articles):
    """{article id: article_text} of these live articles: stored with their pages (one query),
    the others worked out from their specific pages and stored for the next search."""
    from newsroom.models import ArticlePage

    try:
        found, claims = stored_texts([article.pk for article in articles])
    except DatabaseError:
        logger.warning("Could not read the stored texts; working them out", exc_info=True)
        found, claims = {}, {}
    missing = [article.pk for article in articles if article.pk not in found]
    if not missing:
        return found
    worked = {
        page.pk: article_text(page)
        for page in ArticlePage.objects.filter(pk__in=missing).specific(defer=False)
    }
    try:
        with transaction.atomic():
            keep_texts(claims, worked)
    except DatabaseError:
        logger.warning("Could not store the texts of %d articles", len(worked), exc_info=True)
    return {**found, **worked}


def store_texts(request, pages):
    """Keep the plain text of each article among `pages` (registered: run when a page is
    published, with its other parts)."""
    from newsroom.models import ArticlePage

    articles = [page for page in pages if isinstance(page, ArticlePage) and page.live]
    tokens = claim(request, articles) if articles else {}
    for article in articles:
        if article.pk in tokens:
            keep(request, article, tokens[article.pk], "text", article_text(article))


def fallback_highlight(text, query, words=EXCERPT_WORDS):
    """An excerpt around the first matched word, with every word that starts like a query word
    marked (a prefix match stands in for stemming: "torture" marks "tortured")."""
    stems = set(title_stems(query))
    tokens = text.split()
    if not stems:
        return escape(" ".join(tokens[:words]) + (" …" if len(tokens) > words else ""))

    def matches(token):
        bare = re.sub(r"^\W+|\W+$", "", token).lower()
        return bool(bare) and any(bare.startswith(stem) for stem in stems)

    first = next((i for i, token in enumerate(tokens) if matches(token)), 0)
    start = max(0, first - words // 3)
    window = tokens[start : start + words]
    marked = []
    for token in window:
        if matches(token):
            core = re.match(r"^(\W*)(.*?)(\W*)$", token)
            marked.append(f"{core.group(1)}{MARK_START}{core.group(2)}{MARK_END}{core.group(3)}")
        else:
            marked.append(token)
    excerpt = " ".join(marked)
    if start > 0:
        excerpt = "… " + excerpt
    if start + words < len(tokens):
        excerpt += " …"
    return marks_to_html(excerpt)


def teaser_excerpt(article, query):
    """The excerpt of a result whose text has no match to show (browse mode, or the words are
    only in its title, its people, topics or countries): its teaser, as the listing shows it, or
    the start of its text."""
    return fallback_highlight(article.teaser or article_text(article), query)


def excerpt_or_teaser(article, excerpt, query):
    """An engine's excerpt (HTML) if it marks a matched word, else the teaser excerpt: the one
    rule every engine shows results by."""
    return excerpt if excerpt and "<mark>" in excerpt else teaser_excerpt(article, query)
