"""Search benchmark: N articles with realistic text, the index build, then query latencies.

The articles have the length and vocabulary of press releases (about 720 words, 210 distinct
stems), so their text-search vectors are stored out of line as real ones are.

Run it on a throwaway database (it migrates it and fills it):

    bash tests/with_services.sh bash -c \
      'DATABASE_URL=$TEST_POSTGRES_URL uv run python bench/search.py --articles 50000'

Prints the index build time, on PostgreSQL the time to read the facet table into memory (once
per content version and process), and the median and p95 latency of faceted_search() (results,
highlights and all six facets) for: one word, two words with two facet values selected, the
same two words alone, and browse mode (no words). Target on PostgreSQL: p95 under 150 ms each
at 50,000 articles (the first, second and last: the issue's three queries).

With ELASTICSEARCH_URL set, the same articles are indexed into Elasticsearch too (indexes
prefixed `bench_`) and the same queries are timed there, with the number of requests each
search sends to Elasticsearch (one: results, highlights and every facet as aggregations).
`--only-elasticsearch` builds and times Elasticsearch alone.
Target on Elasticsearch: p95 under 100 ms each at 50,000 articles with a 1 GB heap.
"""

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DEBUG", "false")  # no query log in memory

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale, Page, Site  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory  # noqa: E402
from campaigns.models import CampaignUpdatePage  # noqa: E402
from cms.factories import HomePageFactory  # noqa: E402
from cms.models import Country, Region, Spokesperson, Topic  # noqa: E402
from newsroom.factories import NewsroomPageFactory  # noqa: E402
from newsroom.models import ArticlePage, PressReleasePage, ReportPage  # noqa: E402
from search.engine_settings import backend_settings  # noqa: E402
from search.service import SearchParams, faceted_search  # noqa: E402

# Words of human-rights reporting, the commonest first: picked with a Zipf-like skew.
VOCABULARY = [
    "rights",
    "police",
    "government",
    "people",
    "authorities",
    "human",
    "report",
    "protest",
    "law",
    "security",
    "detention",
    "prison",
    "women",
    "children",
    "court",
    "freedom",
    "country",
    "international",
    "right",
    "torture",
    "journalists",
    "investigation",
    "evidence",
    "violence",
    "release",
    "arrested",
    "activists",
    "killed",
    "forces",
    "military",
    "families",
    "victims",
    "justice",
    "accountability",
    "election",
    "refugees",
    "migrants",
    "asylum",
    "border",
    "camp",
    "displaced",
    "surveillance",
    "speech",
    "expression",
    "assembly",
    "association",
    "defenders",
    "lawyers",
    "judge",
    "trial",
    "sentence",
    "death",
    "penalty",
    "execution",
    "abuse",
    "discrimination",
    "minority",
    "indigenous",
    "land",
    "water",
    "climate",
    "environment",
    "company",
    "companies",
    "corporate",
    "mining",
    "oil",
    "pipeline",
    "protesters",
    "crackdown",
    "censorship",
    "internet",
    "shutdown",
    "media",
    "press",
    "reporter",
    "editor",
    "newspaper",
    "broadcast",
    "arrest",
    "custody",
    "beaten",
    "disappeared",
    "enforced",
    "disappearance",
    "kidnapping",
    "hostage",
    "civilians",
    "airstrike",
    "shelling",
    "war",
    "conflict",
    "ceasefire",
    "humanitarian",
    "aid",
    "food",
    "hunger",
    "health",
    "hospital",
    "doctors",
    "school",
    "education",
    "girls",
    "marriage",
    "violence",
    "domestic",
    "gender",
    "equality",
    "lgbti",
    "pride",
    "sexual",
    "orientation",
    "identity",
    "religion",
    "belief",
    "blasphemy",
    "church",
    "mosque",
    "temple",
    "minority",
    "ethnic",
    "cleansing",
    "genocide",
    "crimes",
    "tribunal",
    "prosecution",
    "impunity",
    "amnesty",
    "pardon",
    "parliament",
    "bill",
    "legislation",
    "decree",
    "emergency",
    "curfew",
    "checkpoint",
    "deportation",
    "detention",
    "centre",
    "solitary",
    "confinement",
    "hunger",
    "strike",
    "prisoner",
    "conscience",
    "petition",
    "campaign",
    "supporters",
    "letters",
    "appeal",
    "urgent",
    "action",
    "secretary",
    "general",
    "researchers",
    "documented",
    "interviews",
    "witnesses",
    "testimony",
    "satellite",
    "images",
    "verified",
    "footage",
]
TOPICS = [
    "Torture",
    "Freedom of expression",
    "Death penalty",
    "Refugees and migrants",
    "Climate justice",
    "Women's rights",
    "Children's rights",
    "LGBTI rights",
    "Armed conflict",
    "Corporate accountability",
    "Surveillance",
    "Indigenous peoples",
    "Detention",
    "Enforced disappearances",
    "Discrimination",
    "Housing",
    "Health",
    "Education",
    "Police and human rights",
    "Arms control",
    "Business and human rights",
    "Poverty",
    "Religious freedom",
    "Justice",
    "Elections",
    "Protest",
    "Press freedom",
    "Labour rights",
    "Land rights",
    "Digital rights",
]
REGIONS = ["Africa", "Americas", "Asia and the Pacific", "Europe", "Middle East", "Central Asia"]
KINDS = (PressReleasePage, ReportPage, CampaignUpdatePage)


def _invented_words(count, seed=7):
    """Names, places and rarer words: a long tail of invented but pronounceable words."""
    rng = random.Random(seed)
    onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ou"]
    made = set()
    while len(made) < count:
        syllables = rng.randint(2, 4)
        made.add("".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables)))
    return sorted(made)


# Grammar words: about two words in five of English prose, and no lexeme of their own.
# fmt: off
FUNCTION_WORDS = [
    "the", "of", "and", "to", "in", "a", "that", "is", "for", "on", "was", "with", "by", "as",
    "at", "from", "have", "has", "been", "were", "are", "be", "it", "this", "which", "an", "or",
    "not", "their", "they", "its", "who", "had", "said", "after", "into", "more", "than", "also",
    "over", "about",
]
# fmt: on
RARE_WORDS = _invented_words(6000)


def word(rng):
    """One word of running text: grammar words, the domain's words (Zipf-like), or the long
    tail of rarer words (log-uniform: the n-th is about n times rarer than the first)."""
    draw = rng.random()
    if draw < 0.42:
        return rng.choice(FUNCTION_WORDS)
    if draw < 0.75:
        if rng.random() < 0.7:
            return VOCABULARY[min(int(rng.paretovariate(0.9)) - 1, len(VOCABULARY) - 1)]
        return rng.choice(VOCABULARY)
    return RARE_WORDS[int(len(RARE_WORDS) ** rng.random()) - 1]


def words(rng, count):
    return " ".join(word(rng) for _ in range(count))


def sentence(rng, count):
    text = words(rng, count)
    return text[0].upper() + text[1:] + "."


def make_site(rng):
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    newsroom = NewsroomPageFactory(parent=home)
    campaign_index = CampaignIndexPageFactory(parent=home)
    campaigns = [
        CampaignPageFactory(parent=campaign_index, title=f"Campaign {words(rng, 3)} {n}")
        for n in range(20)
    ]
    topics = [Topic.objects.create(name=name, slug=f"topic-{n}") for n, name in enumerate(TOPICS)]
    regions = [
        Region.objects.create(name=name, slug=f"region-{n}") for n, name in enumerate(REGIONS)
    ]
    countries = [
        Country.objects.create(name=f"Country {n}", slug=f"country-{n}", region=regions[n % 6])
        for n in range(120)
    ]
    people = [Spokesperson.objects.create(name=f"Spokesperson {n}") for n in range(50)]
    return newsroom, campaigns, topics, countries, people


def bulk_articles(rng, total, newsroom, campaigns, topics, countries, people):
    """Insert the articles table by table: creating 50,000 pages one by one takes an hour."""
    locale = Locale.get_default()
    now = timezone.now()
    children = {}
    created = []
    for number in range(total):
        model = KINDS[number % 3]
        parent = rng.choice(campaigns) if model is CampaignUpdatePage else newsroom
        position = children[parent.pk] = children.get(parent.pk, 0) + 1
        title = sentence(rng, rng.randint(5, 10)).rstrip(".")
        slug = f"article-{number}"
        page = model(
            title=title,
            draft_title=title,
            slug=slug,
            path=Page._get_path(parent.path, parent.depth + 1, position),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            content_type=ContentType.objects.get_for_model(model),
            locale=locale,
            live=True,
            first_published_at=now,
            last_published_at=now,
            publication_date=datetime.date(2015, 1, 1)
            + datetime.timedelta(days=rng.randint(0, 365 * 12)),
            teaser=sentence(rng, rng.randint(18, 30)),
            # A press release or report summary: 300 to 1,300 words in 5 to 12 paragraphs.
            body=[
                {"type": "paragraph", "value": f"<p>{sentence(rng, rng.randint(60, 110))}</p>"}
                for _ in range(rng.randint(5, 12))
            ],
            campaign_id=parent.pk if model is CampaignUpdatePage else None,
        )
        created.append(page)
    for start in range(0, total, 2000):
        batch = created[start : start + 2000]
        with transaction.atomic():
            parents = Page.objects.bulk_create(
                [
                    Page(
                        **{
                            f.attname: getattr(p, f.attname)
                            for f in Page._meta.local_concrete_fields
                            if f.attname != "id"
                        }
                    )
                    for p in batch
                ]
            )
            for page, parent_row in zip(batch, parents, strict=True):
                page.pk = page.id = page.page_ptr_id = page.articlepage_ptr_id = parent_row.pk
            ArticlePage.objects._insert(batch, fields=ArticlePage._meta.local_concrete_fields)
            for model in KINDS:
                rows = [page for page in batch if type(page) is model]
                if rows:
                    model.objects._insert(rows, fields=model._meta.local_concrete_fields)
            topic_links, country_links, people_links = [], [], []
            for page in batch:
                for topic in rng.sample(topics, rng.randint(1, 3)):
                    topic_links.append(
                        ArticlePage.topics.through(articlepage_id=page.pk, topic_id=topic.pk)
                    )
                for country in rng.sample(countries, rng.randint(1, 2)):
                    country_links.append(
                        ArticlePage.countries.through(articlepage_id=page.pk, country_id=country.pk)
                    )
                if rng.random() < 0.5:
                    people_links.append(
                        ArticlePage.spokespeople.through(
                            articlepage_id=page.pk, spokesperson_id=rng.choice(people).pk
                        )
                    )
            ArticlePage.topics.through.objects.bulk_create(topic_links)
            ArticlePage.countries.through.objects.bulk_create(country_links)
            ArticlePage.spokespeople.through.objects.bulk_create(people_links)
    for parent_id, count in children.items():
        Page.objects.filter(pk=parent_id).update(numchild=count)


def timed(function, arguments):
    times = []
    for argument in arguments:
        start = time.perf_counter()
        function(argument)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--only-elasticsearch",
        action="store_true",
        help="build and time Elasticsearch alone (the database engine's index is not built)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure an already filled and indexed database as it is (fill it if it is empty)",
    )
    options = parser.parse_args()
    rng = random.Random(options.seed)
    engines = use_engines()
    if options.only_elasticsearch:
        if "elasticsearch" not in engines:
            parser.error("--only-elasticsearch needs ELASTICSEARCH_URL")
        engines = {"elasticsearch": engines["elasticsearch"]}

    call_command("migrate", verbosity=0)
    existing = ArticlePage.objects.count()
    if options.reuse and existing:
        topics = list(Topic.objects.order_by("pk"))
        print(f"reusing the database's {existing} articles (not regenerated or re-indexed)")
        generated = index_seconds = 0.0
    else:
        start = time.perf_counter()
        newsroom, campaigns, topics, countries, people = make_site(rng)
        bulk_articles(rng, options.articles, newsroom, campaigns, topics, countries, people)
        generated = time.perf_counter() - start

        start = time.perf_counter()
        for name in engines:
            backend_name = "elasticsearch" if name == "elasticsearch" else "default"
            call_command("update_index", backend_name=backend_name, stdout=io.StringIO())
        index_seconds = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    one_words = ["torture", "journalists", "refugees", "police", "climate", "prison", "court"]
    two_words = [
        "police torture",
        "women rights",
        "prison hunger",
        "press freedom",
        "death penalty",
    ]
    queries = {
        "one word, all facets": lambda n: SearchParams(query=one_words[n % len(one_words)]),
        "two words, two facet values": lambda n: SearchParams(
            query=two_words[n % len(two_words)],
            topic=(topics[n % len(topics)].slug,),
            year=(2016 + n % 10,),
        ),
        "two words, all facets": lambda n: SearchParams(query=two_words[n % len(two_words)]),
        "browse, all facets": lambda n: SearchParams(),
    }
    articles = ArticlePage.objects.count()
    print(f"database: {connection.vendor}; articles: {articles}; runs: {options.runs}")
    print(f"content generated in {generated:.1f} s; index built in {index_seconds:.1f} s")
    if connection.vendor == "postgresql":
        from search.facet_index import read_facet_index

        median, p95 = timed(lambda _n: read_facet_index(), range(5))
        print(
            f"facet table read into memory (once per content version and process):"
            f" median {median:.1f} ms, p95 {p95:.1f} ms"
        )
    for name, backend in engines.items():
        print(f"engine: {name}")
        requests = count_requests(backend)
        for label, make_params in queries.items():
            faceted_search(make_params(0), backend)  # warm caches and connections
            requests.clear()
            median, p95 = timed(
                lambda params, backend=backend: faceted_search(params, backend),
                [make_params(n) for n in range(options.runs)],
            )
            sent = f", {len(requests) / options.runs:g} requests each" if requests else ""
            total = faceted_search(make_params(0), backend).total
            print(
                f"{label:30s} median {median:7.1f} ms   p95 {p95:7.1f} ms   ({total} results{sent})"
            )


def use_engines():
    """{name: backend}: the database's own engine, and Elasticsearch when ELASTICSEARCH_URL is
    set (both kept up to date by update_index)."""
    database = {"BACKEND": "wagtail.search.backends.database"}
    if connection.vendor == "postgresql":
        database["SEARCH_CONFIG"] = "english"
    backends = {"default": database}
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        backends["elasticsearch"] = backend_settings(url, index_prefix="bench_", timeout=30)
    settings.WAGTAILSEARCH_BACKENDS = backends
    return {
        (connection.vendor if name == "default" else name): get_search_backend(name)
        for name in backends
    }


def count_requests(backend):
    """A list that gets one entry per search request the backend sends (Elasticsearch)."""
    sent = []
    if hasattr(backend, "run_search"):
        send = backend.run_search

        def counted(*args, **kwargs):
            sent.append(1)
            return send(*args, **kwargs)

        backend.run_search = counted
    return sent


if __name__ == "__main__":
    main()
