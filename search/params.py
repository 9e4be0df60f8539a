"""A search's parameters: what the visitor asked (words, facet values, sort, page), read from a
query string strictly (the API refuses bad values) or leniently (the HTML page drops them)."""

import re
from dataclasses import dataclass, replace

from django.db.models import Q
from django.http import QueryDict
from modelsearch.query import And, Phrase, PlainText

from cms.app_cache import remember_locally
from cms.models import Country, Region, Topic
from newsroom.kinds import article_kinds

FACETS = ("kind", "topic", "country", "region", "campaign", "year")
SORTS = ("relevance", "newest", "oldest")
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 50
# The deepest result any engine pages to (Elasticsearch's default max_result_window): a page
# ending past it is out of reach on every engine alike.
MAX_RESULT_WINDOW = 10_000
MAX_PAGE = MAX_RESULT_WINDOW


class InvalidSearchParameter(ValueError):
    """A search parameter a strict caller (the API) must refuse, naming the parameter."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class SearchParams:
    query: str = ""
    kind: tuple = ()
    topic: tuple = ()
    country: tuple = ()
    region: tuple = ()
    campaign: tuple = ()  # campaign page ids
    year: tuple = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def selected(self, facet):
        return getattr(self, facet)

    @property
    def has_words(self):
        """Whether the query has anything to search for (punctuation alone has not)."""
        terms, phrases = query_terms(self.query)
        return bool(terms or phrases)

    @property
    def effective_sort(self):
        """Relevance means nothing without words: browse mode lists the newest first."""
        return "newest" if self.sort == "relevance" and not self.has_words else self.sort

    @property
    def has_selections(self):
        return any(self.selected(facet) for facet in FACETS)

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    @property
    def last_reachable_page(self):
        """The deepest page of this size any engine can show (see MAX_RESULT_WINDOW)."""
        return max(1, MAX_RESULT_WINDOW // self.page_size)

    @property
    def state_query(self):
        """Query, facets and sort, without the page: the base of every pagination link."""
        return self.as_query(page=1)

    def as_query(self, **changes):
        """The parameters as a query string, to keep state in pagination and facet links."""
        params = replace(self, **changes)
        pairs = []
        if params.query:
            pairs.append(("q", params.query))
        for facet in FACETS:
            pairs.extend((facet, str(value)) for value in params.selected(facet))
        if params.sort != "relevance":
            pairs.append(("sort", params.sort))
        if params.page != 1:
            pairs.append(("page", str(params.page)))
        query = QueryDict(mutable=True)
        for key, value in pairs:
            query.appendlist(key, value)
        return query.urlencode()


def clean_query_text(text):
    """Words only: punctuation and operators are not syntax to any engine, quotes make phrases."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text or "")
    return " ".join(text.split())


# There is no boolean syntax (every word must match): these are dropped, not searched for.
OPERATOR_WORDS = {"AND", "OR", "NOT"}


# Words as the database engines take them; Elasticsearch's tokenizer is given whole
# space-separated tokens instead, so that it reads "240,000" as the one number it indexed.
WORD = r"\w+"
TOKEN = r"[^\s]*\w[^\s]*"


def query_terms(text, pattern=WORD):
    """Words and quoted phrases of the visitor's query, each a list of words."""
    phrases, terms = [], []
    for position, part in enumerate(text.split('"')):
        words = [word for word in re.findall(pattern, part) if word not in OPERATOR_WORDS]
        if not words:
            continue
        if position % 2 and len(words) > 1:
            phrases.append(words)
        else:
            terms.extend(words)
    return terms, phrases


def build_engine_query(text, pattern=WORD):
    """The engine query for the visitor's words: every word must match, quotes keep order."""
    terms, phrases = query_terms(text, pattern)
    parts = [Phrase(" ".join(words)) for words in phrases]
    if terms:
        parts.insert(0, PlainText(" ".join(terms), operator="and"))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def title_stems(text):
    """Word beginnings that find a query word in a title, whatever its ending ("tortured")."""
    terms, phrases = query_terms(text)
    words = terms + [word for phrase in phrases for word in phrase]
    return [word.lower()[: max(4, len(word) - 2)] for word in words]


def suggestion_words(text):
    """The words of what a visitor is typing, for title suggestions (the last one unfinished)."""
    return re.findall(r"\w+", clean_query_text(text)[:MAX_QUERY_LENGTH])


def _values(query, name, strict, notices, limit=MAX_VALUES_PER_FACET):
    values = []
    for raw in query.getlist(name):
        # Control characters (NUL above all) name nothing and upset some databases.
        raw = re.sub(r"[\x00-\x1f\x7f]", "", raw)[:2000]
        for value in (part.strip()[:255] for part in raw.split(",")):
            if value and value not in values:
                values.append(value)
    if len(values) > limit:
        if strict:
            raise InvalidSearchParameter(name, f"At most {limit} values of {name!r} at once.")
        notices.append(f"Only the first {limit} {name} values were used.")
        values = values[:limit]
    return values


def _integer(query, name, default, low, high, strict, notices):
    if name not in query:
        return default
    text = query.get(name, "").strip()
    if not text and not strict:
        return default
    if not re.fullmatch(r"\d{1,9}", text) or not low <= int(text) <= high:
        if strict:
            raise InvalidSearchParameter(
                name, f"{name} must be a whole number from {low} to {high}."
            )
        notices.append(f"Ignored {name} {text[:20]!r}: not a number from {low} to {high}.")
        return default
    return int(text)


def _known(name, values, known, strict, notices):
    """Keep the values that name something; refuse or report the others."""
    unknown = [value for value in values if value not in known]
    if unknown:
        if strict:
            raise InvalidSearchParameter(name, f"Unknown {name}: {', '.join(unknown)[:200]}.")
        notices.append(f"Ignored unknown {name}: {', '.join(unknown)[:200]}.")
    return tuple(known[value] for value in values if value in known)


def _slugs(name, model):
    """Every slug of topics, countries or regions: read once per content version and process
    (saving or deleting one starts a new version), not on every search."""
    return remember_locally(
        f"search-slugs:{name}", lambda: frozenset(model.objects.values_list("slug", flat=True))
    )


def parse_search_params(query: QueryDict, strict: bool) -> tuple[SearchParams, list[str]]:
    """Read the search parameters from a query string.

    Strict (the API): a bad value raises InvalidSearchParameter. Lenient (the HTML page):
    bad values are dropped and described in the returned notices.
    """
    from campaigns.models import CampaignPage

    notices = []
    text = clean_query_text(query.get("q", ""))
    if len(text) > MAX_QUERY_LENGTH:
        if strict:
            raise InvalidSearchParameter(
                "q", f"The query is too long: at most {MAX_QUERY_LENGTH} characters."
            )
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0]
        notices.append(f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters.")

    sort = query.get("sort", "").strip() or "relevance"
    if sort not in SORTS:
        if strict:
            raise InvalidSearchParameter("sort", f"sort must be one of {', '.join(SORTS)}.")
        notices.append(f"Unknown sort {sort[:20]!r}: sorted by relevance.")
        sort = "relevance"

    page = _integer(query, "page", 1, 1, MAX_PAGE, strict, notices)
    page_size = _integer(query, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, strict, notices)

    kinds = _values(query, "kind", strict, notices)
    kind = _known("kind", kinds, {slug: slug for slug in article_kinds()}, strict, notices)

    selections = {}
    for name, model in (("topic", Topic), ("country", Country), ("region", Region)):
        values = _values(query, name, strict, notices)
        known = {}
        if values:
            slugs = _slugs(name, model)
            known = {value: value for value in values if value in slugs}
        selections[name] = _known(name, values, known, strict, notices)

    campaign_values = _values(query, "campaign", strict, notices)
    known_campaigns = {}
    if campaign_values:
        ids = [int(value) for value in campaign_values if re.fullmatch(r"\d{1,18}", value)]
        slugs = [value for value in campaign_values if not value.isdigit()]
        for pk, slug in CampaignPage.objects.filter(Q(pk__in=ids) | Q(slug__in=slugs)).values_list(
            "pk", "slug"
        ):
            known_campaigns[str(pk)] = pk
            if slug in slugs:
                known_campaigns[slug] = pk
    campaign = tuple(
        dict.fromkeys(_known("campaign", campaign_values, known_campaigns, strict, notices))
    )

    year_values = _values(query, "year", strict, notices)
    known_years = {
        value: int(value)
        for value in year_values
        if re.fullmatch(r"\d{4}", value) and 1900 <= int(value) <= 2999
    }
    year = _known("year", year_values, known_years, strict, notices)

    params = SearchParams(
        query=text,
        kind=kind,
        topic=selections["topic"],
        country=selections["country"],
        region=selections["region"],
        campaign=campaign,
        year=year,
        sort=sort,
        page=page,
        page_size=page_size,
    )
    return params, notices
