"""Benchmark content: `build N` tops the site up to N generated articles (when the demo-content
command can't), `targets` prints the URLs the load test measures as JSON.

Run with Django's settings in the environment: python bench/content.py build 5000
"""

import json
import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

LONG_SLUG = "bench-long-press-release"
WORDS = [
    "rights",
    "detention",
    "court",
    "journalists",
    "release",
    "government",
    "authorities",
    "international",
    "law",
    "families",
    "evidence",
    "investigation",
    "witnesses",
    "protest",
    "freedom",
    "expression",
    "assembly",
    "police",
    "independent",
    "inquiry",
    "accountability",
    "victims",
    "region",
    "report",
    "United",
    "Nations",
]

# The wider vocabulary of the generated text: hundreds of words, so that a benchmark asking for
# three of them at a time asks something new on every request and still finds articles.
_MORE_WORDS = """
        abduction abuse access acquitted activists address adopted advocacy affected agency
        agreement aid airstrike allegations amnesty appeal arbitrary archive armed army arrest
        arrested article asylum attack attorney audit authority bail ban banned beaten border
        budget camp campaign candidate capital case ceasefire censorship charge charged charity
        children citizens civil civilians claims clinic coalition colleagues commission
        committee community company complaint compensation conditions conference conflict
        constitution contract convicted council counsel crackdown crime criminal crisis custody
        damage data deadline death debate decision declaration decree defence defenders
        delegation democracy demonstrators denied deported deputy detained detainees
        development dialogue dignity diplomats disability disappeared discrimination displaced
        dispute district doctors documents donors drought education election embassy emergency
        employees environment equality escape ethnic eviction execution exile expelled experts
        factory famine farmers federal fighters fine flood food forces forest funding gender
        governor guards harassment health hearing helicopter homes hospital hostages housing
        humanitarian hunger identity illegal immigration impunity independence indigenous
        industry informants injured inspection intimidation island journalist judge judges
        jury justice killed killings labour land language lawyer lawyers leaders legislation
        licence lockdown march media medical migrants military militia minister ministry
        minority mission monitors mosque movement murder negotiations neighbourhood network
        newspaper observers officers official ombudsman opposition order organisation
        parliament participants party passport patients peace penalty petition pipeline
        plaintiffs platform pledge poverty president press prison prisoners privacy prosecutor
        protection protesters province publication punishment raid ransom reform refugees
        regime registration release relief religious relocation reporters representatives
        repression rescue resettlement resolution resources restrictions ruling rural safety
        sanctions school secret security sentence sentenced settlement shelter shooting
        soldiers speech statement strike students suspects surveillance survivors teachers
        testimony threats torture tribunal troops trial union university vaccine verdict
        village violations violence visa volunteers vote voters wages warrant water weapons
        welfare women workers youth
"""
VOCABULARY = WORDS + sorted(set(_MORE_WORDS.split()) - set(WORDS))


def word(rng):
    """Half the words from the few everyone uses, half from the whole vocabulary."""
    return rng.choice(WORDS if rng.random() < 0.5 else VOCABULARY)


def sentence(rng, words=18):
    text = " ".join(word(rng) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences=5):
    return {
        "type": "paragraph",
        "value": "<p>" + " ".join(sentence(rng) for _ in range(sentences)) + "</p>",
    }


def long_body(rng, spokespeople):
    """About 3,000 words: headings, paragraphs, attributed quotes, fact boxes, a call to action."""
    body = []
    for section in range(8):
        body.append({"type": "heading", "value": {"text": f"Section {section + 1}", "level": "h2"}})
        body += [paragraph(rng) for _ in range(4)]
        person = spokespeople[section % len(spokespeople)]
        body.append(
            {
                "type": "quote",
                "value": {"quote": sentence(rng, 30), "spokesperson": person.pk, "attribution": ""},
            }
        )
        if section % 3 == 0:
            body.append(
                {
                    "type": "fact_box",
                    "value": {"title": "Key facts", "facts": [sentence(rng, 10) for _ in range(4)]},
                }
            )
    body.append(
        {
            "type": "call_to_action",
            "value": {
                "heading": "Act now",
                "text": sentence(rng),
                "button_label": "Sign",
                "link": {"page": None, "url": "https://example.org/act"},
            },
        }
    )
    return body


def site_root():
    from campaigns.factories import CampaignIndexPageFactory
    from cms.factories import HomePageFactory
    from newsroom.factories import NewsroomPageFactory

    site = Site.objects.filter(is_default_site=True).first()
    if site is None or site.root_page.specific_class.__name__ != "HomePage":
        Page.objects.filter(depth=2).delete()
        home = HomePageFactory(parent=Page.get_first_root_node(), slug="home")
        Site.objects.all().delete()
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Newsdesk",
        )
        NewsroomPageFactory(parent=home)
        CampaignIndexPageFactory(parent=home)
    return Site.objects.get(is_default_site=True).root_page


def build(total):
    from django.core.management import call_command
    from django.db.models.signals import post_save
    from modelsearch import index
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    # Index once at the end rather than page by page: minutes saved on 5,000 pages.
    for model in index.get_indexed_models():
        post_save.disconnect(post_save_signal_handler, sender=model)
    with disable_reference_index_auto_update():
        create_articles(total)
    print("  indexing for search", flush=True)
    call_command("update_index", verbosity=0)


def create_articles(total):
    from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.factories import (
        CountryFactory,
        DocumentFactory,
        NewsImageFactory,
        SpokespersonFactory,
        TopicFactory,
    )
    from newsroom.factories import PressReleasePageFactory, ReportPageFactory
    from newsroom.models import ArticlePage, NewsroomPage

    rng = random.Random(2026)
    site_root()
    newsroom = NewsroomPage.objects.get()
    index = CampaignIndexPage.objects.get()
    topics = [TopicFactory(name=f"Topic {n}") for n in range(12)]
    countries = [CountryFactory(name=f"Country {n}") for n in range(30)]
    for _ in range(6):
        SpokespersonFactory()
    campaigns = list(CampaignPage.objects.all()) or [
        CampaignPageFactory(parent=index) for _ in range(5)
    ]
    images = (
        [NewsImageFactory() for _ in range(12)]
        if os.environ.get("BENCH_HERO_IMAGES", "1") == "1"
        else [None]
    )
    pdf = DocumentFactory(title="Bench report")
    start = date.today()
    existing = ArticlePage.objects.count()
    topic_links, country_links = [], []
    for n in range(existing, total):
        kind = rng.random()
        fields = {
            "publication_date": start - timedelta(days=rng.randrange(5 * 365)),
            "teaser": sentence(rng, 25),
            "hero_image": rng.choice(images),
            "body": [paragraph(rng) for _ in range(3)],
        }
        with transaction.atomic():
            if kind < 0.6:
                page = PressReleasePageFactory(
                    parent=newsroom, title=f"Press release {n}", slug=f"press-release-{n}", **fields
                )
            elif kind < 0.85:
                page = ReportPageFactory(
                    parent=newsroom,
                    title=f"Report {n}",
                    slug=f"report-{n}",
                    report_pdf=pdf,
                    **fields,
                )
            else:
                page = CampaignUpdatePageFactory(
                    parent=rng.choice(campaigns),
                    title=f"Campaign update {n}",
                    slug=f"update-{n}",
                    **fields,
                )
        for topic in rng.sample(topics, 2):
            topic_links.append(
                ArticlePage.topics.through(articlepage_id=page.pk, topic_id=topic.pk)
            )
        country_links.append(
            ArticlePage.countries.through(
                articlepage_id=page.pk, country_id=rng.choice(countries).pk
            )
        )
        if n % 500 == 0:
            print(f"  {n} articles", flush=True)
    ArticlePage.topics.through.objects.bulk_create(topic_links, ignore_conflicts=True)
    ArticlePage.countries.through.objects.bulk_create(country_links, ignore_conflicts=True)
    add_long_press_release()


def add_long_press_release():
    from cms.models import Spokesperson
    from newsroom.factories import PressReleasePageFactory
    from newsroom.models import ArticlePage, NewsroomPage, PressReleasePage

    if PressReleasePage.objects.filter(slug=LONG_SLUG).exists():
        return
    rng = random.Random(7)
    spokespeople = list(Spokesperson.objects.all()[:6])
    if not spokespeople:
        from cms.factories import SpokespersonFactory

        spokespeople = [SpokespersonFactory() for _ in range(3)]
    sample = ArticlePage.objects.exclude(hero_image=None).first()
    page = PressReleasePageFactory(
        parent=NewsroomPage.objects.get(),
        title="Authorities must release detained journalists now",
        slug=LONG_SLUG,
        teaser=sentence(rng, 30),
        hero_image=sample.hero_image if sample else None,
        body=long_body(rng, spokespeople),
    )
    source = ArticlePage.objects.exclude(pk=page.pk).filter(topics__isnull=False).first()
    if source:
        page.topics.set(source.topics.all())
    page.spokespeople.set(spokespeople[:3])
    page.save()


def targets():
    from urllib.parse import urlsplit

    from django.db.models import Count

    from cms.models import Topic
    from newsroom.models import ArticlePage, PressReleasePage, ReportPage

    add_long_press_release()
    release = PressReleasePage.objects.get(slug=LONG_SLUG)
    report = ReportPage.objects.live().order_by("-publication_date").first()
    # Facet values the generated press releases have, so that the search rows find articles.
    topic = (
        Topic.objects.filter(articles__live=True, articles__pressreleasepage__isnull=False)
        .annotate(releases=Count("articles"))
        .order_by("-releases", "pk")
        .first()
    )
    facets = f"kind=press-release&topic={topic.slug}"
    print(
        json.dumps(
            {
                "articles": ArticlePage.objects.live().count(),
                # The Site's address: what page URLs and Varnish purges name.
                "host": urlsplit(Site.objects.get(is_default_site=True).root_url).netloc,
                "home": "/",
                "listing": "/newsroom/",
                "press_release": release.url,
                "report": report.url,
                "search": f"/search/?q=rights&{facets}",
                "search_facets": facets,
                "api_list": "/api/v2/pages/?type=newsroom.PressReleasePage"
                "&fields=teaser,publication_date,hero_image&limit=20",
                # The search API lists too: the newest 20 articles with their facet counts.
                "api_search_list": "/api/v2/search/?sort=newest&page_size=20",
                # For questions that change on every request (nothing answered from memory).
                "words": VOCABULARY,
                "press_releases": PressReleasePage.objects.live().count(),
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(int(sys.argv[2]))
    elif sys.argv[1] == "targets":
        targets()
    else:
        sys.exit("usage: content.py build N | targets")
