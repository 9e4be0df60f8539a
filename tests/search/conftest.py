import datetime
import io
import os
from dataclasses import dataclass

import pytest
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from cms.factories import CountryFactory, RegionFactory, SpokespersonFactory, TopicFactory
from newsroom.factories import PressReleasePageFactory, ReportPageFactory, paragraph


@dataclass
class SearchWorld:
    """The same small newsroom for every engine, so the contract holds across engines."""

    santiago: object  # press release, "torture" in the title
    detention: object  # report, "torture" in the title, two countries in one region
    journalists: object  # press release, "torture" only in the body
    petition: object  # campaign update, "torture" only in the body
    climate: object  # report, 2024, no torture
    draft: object  # never published: never counted
    private: object  # behind a password: never counted
    campaign: object
    topics: dict
    countries: dict
    regions: dict


def body(text):
    return [paragraph(f"<p>{text}</p>")]


@pytest.fixture
def search_world(newsroom, campaign_index):
    regions = {
        slug: RegionFactory(name=name, slug=slug)
        for slug, name in (("americas", "Americas"), ("africa", "Africa"), ("europe", "Europe"))
    }
    countries = {
        slug: CountryFactory(name=name, slug=slug, region=regions[region])
        for slug, name, region in (
            ("chile", "Chile", "americas"),
            ("mexico", "Mexico", "americas"),
            ("kenya", "Kenya", "africa"),
            ("france", "France", "europe"),
        )
    }
    topics = {
        slug: TopicFactory(name=name, slug=slug)
        for slug, name in (
            ("torture", "Torture"),
            ("freedom-of-expression", "Freedom of expression"),
            ("climate-justice", "Climate justice"),
        )
    }
    ruiz = SpokespersonFactory(name="Ana Ruiz")
    campaign = CampaignPageFactory(
        parent=campaign_index, title="End Torture Now", slug="end-torture-now"
    )
    santiago = PressReleasePageFactory(
        parent=newsroom,
        title="Police torture protesters in Santiago",
        teaser="Witnesses describe beatings at three police stations.",
        body=body("Officers beat detained students, witnesses told our researchers."),
        publication_date=datetime.date(2026, 3, 10),
        topics=[topics["torture"]],
        countries=[countries["chile"]],
        spokespeople=[ruiz],
    )
    detention = ReportPageFactory(
        parent=newsroom,
        title="Torture in detention centres",
        teaser="A two-year investigation into fourteen detention centres.",
        body=body("Our researchers documented ill-treatment in fourteen centres."),
        publication_date=datetime.date(2025, 6, 1),
        topics=[topics["torture"]],
        countries=[countries["mexico"], countries["chile"]],
    )
    journalists = PressReleasePageFactory(
        parent=newsroom,
        title="Journalists jailed for reporting",
        teaser="Two reporters were sentenced after covering the elections.",
        body=body("Both journalists said guards threatened them with torture in custody."),
        publication_date=datetime.date(2025, 11, 20),
        topics=[topics["freedom-of-expression"]],
        countries=[countries["kenya"]],
    )
    petition = CampaignUpdatePageFactory(
        parent=campaign,
        title="Petition delivered to parliament",
        teaser="Our supporters handed in forty thousand signatures.",
        body=body("Thousands signed our petition against torture in police custody."),
        publication_date=datetime.date(2026, 1, 15),
        topics=[topics["torture"]],
        countries=[countries["france"]],
    )
    climate = ReportPageFactory(
        parent=newsroom,
        title="Climate protesters face heavy fines",
        teaser="Protest rights are shrinking across Europe.",
        body=body("Peaceful climate protesters were fined for blocking roads."),
        publication_date=datetime.date(2024, 9, 9),
        topics=[topics["climate-justice"], topics["freedom-of-expression"]],
        countries=[countries["france"]],
    )
    draft = PressReleasePageFactory(
        parent=newsroom,
        title="Torture draft statement",
        teaser="Not published yet.",
        publication_date=datetime.date(2026, 2, 1),
        topics=[topics["torture"]],
        live=False,
    )
    private = PressReleasePageFactory(
        parent=newsroom,
        title="Torture private briefing",
        teaser="For partners only.",
        publication_date=datetime.date(2026, 2, 2),
        topics=[topics["torture"]],
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="partners"
    )
    return SearchWorld(
        santiago=santiago,
        detention=detention,
        journalists=journalists,
        petition=petition,
        climate=climate,
        draft=draft,
        private=private,
        campaign=campaign,
        topics=topics,
        countries=countries,
        regions=regions,
    )


ELASTICSEARCH_SKIP_REASON = (
    "Elasticsearch lane skipped: ELASTICSEARCH_URL is not set (point it at a server, e.g."
    " http://127.0.0.1:9200, to run the contract on Elasticsearch too)"
)
# Test indexes have a prefix of their own (one per process, so that lanes running side by side
# never share one) and are deleted after each test.
TEST_INDEX_PREFIX = f"newsdesk_test_{os.getpid()}_"


def elasticsearch_settings():
    """The Elasticsearch backend at ELASTICSEARCH_URL, on the test indexes."""
    from search.engine_settings import backend_settings

    # A shared test server can take longer than the site's 5 s to create or refresh an index
    # while it is busy: a slow server is not what these tests are about.
    return backend_settings(
        os.environ["ELASTICSEARCH_URL"], index_prefix=TEST_INDEX_PREFIX, timeout=30
    )


def delete_test_indexes(backend):
    """Every index (and through it every alias) with the test prefix."""
    names = list(backend.es.indices.get_alias(index=TEST_INDEX_PREFIX + "*"))
    for name in names:
        backend.es.indices.delete(index=name)


@pytest.fixture
def elasticsearch_backend(settings):
    """Elasticsearch as the second engine beside the database's, its test indexes deleted
    afterwards."""
    if not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip(ELASTICSEARCH_SKIP_REASON)
    from wagtail.search.backends import get_search_backend as backend_named

    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "elasticsearch": elasticsearch_settings(),
    }
    backend = backend_named("elasticsearch")
    delete_test_indexes(backend)
    yield backend
    delete_test_indexes(backend)


@pytest.fixture
def elasticsearch_engine(settings):
    """Elasticsearch as the site's search engine, on the test indexes (deleted afterwards)."""
    if not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip(ELASTICSEARCH_SKIP_REASON)
    settings.WAGTAILSEARCH_BACKENDS = {"default": elasticsearch_settings()}
    backend = get_search_backend()
    delete_test_indexes(backend)
    yield backend
    delete_test_indexes(backend)


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request):
    """Every engine the contract runs on: the database always, Elasticsearch when configured."""
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch_engine")
    return request.param


@pytest.fixture
def indexed_world(engine, search_world):
    """The world, indexed by the engine under test (the Elasticsearch index rebuilt first)."""
    from django.core.management import call_command

    if engine == "elasticsearch":
        call_command("update_index", stdout=io.StringIO())
    return search_world
