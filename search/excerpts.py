"""Excerpts shown under each result: escaped text with the matched words in <mark>.

Every engine follows one rule: its own marked excerpt of the article's words if it marks a
word of the query, else the teaser (`excerpt_or_teaser`).
"""

import logging
import re
import threading

import Stemmer
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


def article_texts(page_ids, cards=None):
    """{article id: article_text} of these articles (the live ones of those not stored): stored
    with their pages (one query), the others worked out from their specific pages and stored
    for the next search. A dict `cards` also gets their stored cards (`stored_texts`)."""
    from newsroom.models import ArticlePage

    try:
        found, claims = stored_texts(page_ids, cards)
    except DatabaseError:
        logger.warning("Could not read the stored texts; working them out", exc_info=True)
        found, claims = {}, {}
    missing = [pk for pk in page_ids if pk not in found]
    if not missing:
        return found
    worked = {
        page.pk: article_text(page)
        for page in ArticlePage.objects.live().filter(pk__in=missing).specific(defer=False)
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


# The opening of a text, where every form of the words is looked for; past it, only the first
# form of each word the opening lacks.
EXCERPT_OPENING_CHARACTERS = 2000
# Characters around a match read to cut its fragment's words from (long enough for 30 words).
FRAGMENT_READ = 600
_stemmers = threading.local()


def stemmer(language):
    """The Snowball stemmer of a language (one per thread: a stemmer is not thread-safe), or
    None for a language it has none for (words are then compared as they are)."""
    if language not in STEMMED_LANGUAGES:
        return None
    kept = getattr(_stemmers, "by_language", None)
    if kept is None:
        kept = _stemmers.by_language = {}
    if language not in kept:
        kept[language] = Stemmer.Stemmer(language)
    return kept[language]


STEMMED_LANGUAGES = frozenset(Stemmer.algorithms())


def stemmed_excerpt(text, words, language="english", size=EXCERPT_WORDS):
    """An excerpt of `text` marking every form of the query's `words` (those the engine keeps,
    stop words left out), HTML; "" when no form of them is there.

    Words are compared by their Snowball stems, the stemming PostgreSQL's text search does:
    "tortured" marks "torture" and "Torturing". Up to two fragments: the stretch of text with
    most of the words, then one with a word the first lacks, joined by " … "."""
    return StemmedExcerpts(words, language, size)(text)


class StemmedExcerpts:
    """`stemmed_excerpt` for one query's words, over the texts of a page of results: the
    words' stems and the expressions finding their forms are worked out once."""

    def __init__(self, words, language="english", size=EXCERPT_WORDS):
        self.stem = stemmer(language)
        self.size = size
        self.known = {}
        self.wanted = frozenset(self.stem_of(word) for word in words)
        # Only words starting like a wanted stem are stemmed: a stem is its word's beginning,
        # but for a changed last letter ("happi" for "happy").
        self.beginnings = _beginnings(self.wanted)
        self.candidates = _beginnings_pattern(self.wanted) if self.wanted else None

    def stem_of(self, form):
        form = form.lower()
        found = self.known.get(form)
        if found is None:
            found = self.known[form] = self.stem.stemWord(form) if self.stem else form
        return found

    def _forms(self, text, lowered, start, end):
        """(position, word) of the words of text[start:end] starting like a wanted stem, in
        order (a word running past `end` cut there). Each beginning is looked for with
        str.find in the lower-cased text, several times faster than a case-blind expression
        tried at every position; a text whose lower case changes its length is read with the
        expression."""
        if lowered is None:
            return [(m.start(), m.group()) for m in self.candidates.finditer(text, start, end)]
        found = {}
        for beginning in self.beginnings:
            position = lowered.find(beginning, start, end)
            while position != -1:
                if position not in found and (
                    position == 0 or not _WORD_CHARACTER.match(text, position - 1)
                ):
                    word_end = _WORD_REST.match(text, position + len(beginning), end).end()
                    found[position] = text[position:word_end]
                position = lowered.find(beginning, position + 1, end)
        return sorted(found.items())

    def __call__(self, text):
        wanted, stem_of, size = self.wanted, self.stem_of, self.size
        if not wanted or not text:
            return ""
        candidates = self.candidates
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = None
        opening = min(len(text), EXCERPT_OPENING_CHARACTERS)
        matches = []  # (position, stem) of the words' forms
        for position, form in self._forms(text, lowered, 0, opening):
            form_stem = stem_of(form)
            if form_stem in wanted:
                matches.append((position, form_stem))
        missing = set(wanted) - {form_stem for _, form_stem in matches}
        if missing and len(text) > opening:
            # The rest of a long text, for the first form of each word the opening lacks.
            for position, form in self._forms(text, lowered, opening, len(text)):
                form_stem = stem_of(form)
                if form_stem in missing:
                    matches.append((position, form_stem))
                    missing.discard(form_stem)
                    if not missing:
                        break
        if not matches:
            return ""
        first, covered = _best_fragment(matches, size)
        fragments = [(first, size)]
        rest = [start for start, form_stem in matches if form_stem not in covered]
        if rest:
            fragments = sorted([(first, size * 2 // 3), (rest[0], size // 3)])
        pieces = [_fragment(text, start, words_in) for start, words_in in fragments]

        def mark(match):
            form = match.group()
            return f"{MARK_START}{form}{MARK_END}" if stem_of(form) in wanted else form

        excerpt = " … ".join(candidates.sub(mark, piece) for piece, _, _ in pieces)
        if MARK_START not in excerpt:
            return ""
        if not pieces[0][1]:
            excerpt = "… " + excerpt
        if not pieces[-1][2]:
            excerpt += " …"
        return marks_to_html(excerpt)


_WORD_CHARACTER = re.compile(r"\w")
_WORD_REST = re.compile(r"\w*")


def _beginnings(stems):
    """How the words of `stems` begin, in lower case: a stem but for its last letter, which a
    word may change ("happi" for "happy"), short stems whole."""
    return {stem[:-1] if len(stem) > 3 else stem for stem in stems}


def _beginnings_pattern(stems):
    """A regular expression finding, in any case, the words that start like one of `stems`."""
    beginnings = _beginnings(stems)
    alternatives = "|".join(sorted(map(re.escape, beginnings), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def _best_fragment(matches, size):
    """(start of the match to build the first fragment on, stems it covers): the match
    followed, within about `size` words, by the most different stems."""
    reach = size * 6  # characters: about two thirds of `size` words of English
    best, best_cover = matches[0][0], set()
    for position, (start, _) in enumerate(matches):
        cover = set()
        for other, form_stem in matches[position:]:
            if other - start >= reach:
                break
            cover.add(form_stem)
        if len(cover) > len(best_cover):
            best, best_cover = start, cover
    return best, best_cover


def _fragment(text, start, size):
    """(text of about `size` words around the word at `start`, whether it starts the text,
    whether it ends it)."""
    low = max(0, start - FRAGMENT_READ)
    before = text[low:start].split()
    if low and before and not text[low - 1].isspace():
        before = before[1:]  # a word cut by the read
    after = text[start : start + FRAGMENT_READ]
    cut_end = start + FRAGMENT_READ < len(text)
    after = after.split()
    if cut_end and after and not text[start + FRAGMENT_READ].isspace():
        after = after[:-1]
    lead = before[-min(len(before), size // 3) :] if size // 3 else []
    tail = after[: size - len(lead)]
    starts = len(lead) == len(before) and not low
    ends = len(tail) == len(after) and not cut_end
    return " ".join(lead + tail), starts, ends


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
