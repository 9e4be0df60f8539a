"""The visitor's search page at /search/ and the title suggestions at /search/suggest/."""

import re
import socket
import sys
from urllib.parse import parse_qs

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cms import app_cache
from cms.app_cache import forget_answers
from cms.factories import CountryFactory, NewsImageFactory, TopicFactory, jpeg_bytes
from newsroom.factories import PressReleasePageFactory
from search.engine_settings import backend_settings


def html_of(response):
    return response.content.decode()


def result_titles(response):
    return re.findall(r'class="card-title"><a href="[^"]*">([^<]*)</a>', html_of(response))


@pytest.fixture
def engine_down(settings):
    """Elasticsearch configured at an address where nothing answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": backend_settings(f"http://127.0.0.1:{port}", index_prefix="down_", timeout=1)
    }


def test_search_page_shows_results_facets_and_highlights(client, search_world):
    response = client.get("/search/", {"q": "custody"})

    assert response.status_code == 200
    page = html_of(response)
    assert '<meta name="robots" content="noindex, follow">' in page
    assert response["X-Robots-Tag"] == "noindex"
    assert 'class="search-layout"' in page
    assert 'class="facets"' in page
    assert 'class="results"' in page
    assert page.count('class="result"') == 2
    assert "<mark>custody</mark>" in page
    assert "2 results for “custody”" in page
    assert set(result_titles(response)) == {
        "Journalists jailed for reporting",
        "Petition delivered to parliament",
    }
    assert 'name="kind" value="press-release"' in page
    assert re.search(r"Press Release <span class=\"facet-count\">\(1<", page)


def test_result_shows_kind_date_image_and_credit(client, search_world):
    page = search_world.santiago
    page.hero_image = NewsImageFactory(credit="Photo by Ana Ruiz for Newsdesk")
    page.save_revision().publish()

    response = client.get("/search/", {"q": "Santiago"})

    html = html_of(response)
    assert "Press Release" in html
    assert '<time datetime="2026-03-10">10 March 2026</time>' in html
    assert "Photo: Ana Ruiz / Newsdesk" in html
    # The listing card's image: 480×270, twice as wide for sharp screens.
    results = re.findall(r'<li class="result">.*?</li>', html, re.S)
    result = next(result for result in results if "Photo: Ana Ruiz / Newsdesk" in result)
    image = re.search(r"<img [^>]*>", result).group(0)
    assert 'width="480"' in image and 'height="270"' in image
    assert "960w" in image


def test_selected_facets_are_checked_and_kept_by_the_search_form(client, search_world):
    response = client.get("/search/", {"q": "torture", "kind": ["report", "press-release"]})

    html = html_of(response)
    assert 'name="kind" value="report" checked' in html
    assert 'name="kind" value="campaign-update">' in html
    assert '<input type="hidden" name="kind" value="report">' in html
    assert len(result_titles(response)) == 3


def test_a_long_facet_lists_eight_values_and_folds_the_rest_but_never_a_chosen_one(
    client, newsroom, search_world
):
    # Twelve more countries, each with one release: the country facet has sixteen values.
    for number in range(12):
        PressReleasePageFactory(
            parent=newsroom,
            title=f"Election monitoring report {number}",
            countries=[CountryFactory(name=f"Country {number:02}", slug=f"country-{number:02}")],
        )

    def country_lists(html):
        facet = re.search(r'<fieldset class="facet facet-country">(.*?)</fieldset>', html, re.S)
        listed, _, folded = facet.group(1).partition('<details class="facet-more">')
        return (
            re.findall(r'name="country" value="([^"]+)"', listed),
            re.findall(r'name="country" value="([^"]+)"', folded),
        )

    listed, folded = country_lists(html_of(client.get("/search/")))
    assert len(listed) == 8 and len(folded) == 8
    assert listed[:2] == ["chile", "france"]  # the most results first
    assert "Show 8 more" in html_of(client.get("/search/"))

    chosen = folded[-1]
    listed, folded = country_lists(html_of(client.get("/search/", {"country": chosen})))
    assert chosen in listed and chosen not in folded


def test_browse_mode_without_words(client, search_world):
    response = client.get("/search/")

    assert response.status_code == 200
    assert "5 publications" in html_of(response)
    assert result_titles(response)[0] == "Police torture protesters in Santiago"


def test_pagination_keeps_query_facets_and_sort(client, newsroom, search_world):
    for number in range(25):
        PressReleasePageFactory(parent=newsroom, title=f"Torture case {number}")

    response = client.get("/search/", {"q": "torture", "topic": "", "sort": "oldest"})
    html = html_of(response)
    next_link = re.search(r'<a rel="next" href="\?([^"]+)"', html).group(1)
    state = parse_qs(next_link.replace("&amp;", "&"))

    assert "Page 1 of 2" in html
    assert state == {"q": ["torture"], "sort": ["oldest"], "page": ["2"]}
    second = client.get("/search/?" + next_link.replace("&amp;", "&"))
    assert "Page 2 of 2" in html_of(second)
    assert 'rel="prev"' in html_of(second)
    all_titles = result_titles(response) + result_titles(second)
    assert len(all_titles) == len(set(all_titles)) == 29


@pytest.mark.parametrize("page", ["99", "10000"])
def test_a_page_past_the_end_shows_the_last_page(client, search_world, page):
    response = client.get("/search/", {"q": "torture", "page": page})

    assert response.status_code == 200
    assert len(result_titles(response)) == 4


def test_unknown_facet_values_are_ignored_with_a_notice(client, search_world):
    response = client.get("/search/", {"q": "torture", "topic": ["torture", "ghosts"]})

    assert response.status_code == 200
    html = html_of(response)
    assert "Ignored unknown topic: ghosts." in html
    assert len(result_titles(response)) == 3

    # The slugs are kept per content version: a topic made since is known at once.
    TopicFactory(name="Ghosts", slug="ghosts")
    again = client.get("/search/", {"q": "torture", "topic": ["torture", "ghosts"]})
    assert "Ignored unknown topic" not in html_of(again)
    assert len(result_titles(again)) == 3


def test_engine_down_says_search_is_unavailable(client, search_world, engine_down):
    response = client.get("/search/", {"q": "torture"})

    assert response.status_code == 503
    assert "Search is temporarily unavailable" in html_of(response)


def test_title_suggestions_as_json(client, search_world):
    response = client.get("/search/suggest/", {"q": "detent", "format": "json"})

    assert response.status_code == 200
    assert response.json() == {
        "query": "detent",
        "suggestions": [
            {
                "title": "Torture in detention centres",
                "url": "/newsroom/torture-in-detention-centres/",
                "kind": "report",
            }
        ],
    }


def test_title_suggestions_work_as_a_plain_form(client, search_world):
    response = client.get("/search/suggest/", {"q": "petit"})

    html = html_of(response)
    assert response.status_code == 200
    assert re.findall(r'class="suggestion"><a href="([^"]+)">', html) == [
        "/campaigns/end-torture-now/petition-delivered-to-parliament/"
    ]
    assert 'name="q"' in html


def test_the_search_form_offers_suggestions_without_javascript(client, search_world):
    html = html_of(client.get("/search/"))

    assert 'formaction="/search/suggest/"' in html
    assert 'data-autocomplete="/search/suggest/?format=json"' in html


def test_suggestions_when_the_engine_is_down(client, search_world, engine_down):
    response = client.get("/search/suggest/", {"q": "torture", "format": "json"})

    assert response.status_code == 503
    assert response.json()["suggestions"] == []


def _with_images(newsroom, count, start=0):
    for number in range(start, start + count):
        PressReleasePageFactory(
            parent=newsroom,
            title=f"Detention report {number}",
            hero_image=NewsImageFactory(
                file=ContentFile(jpeg_bytes(320, 180, seed=number), name=f"photo-{number}.jpg")
            ),
        )


def _queries_for(client, path, data):
    client.get(path, data)  # renditions are made on the first view, then reused
    forget_answers()  # measured as for the first visitor to ask: worked out, not kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data)
    assert response.status_code == 200
    return len(queries)


def test_search_page_runs_the_same_queries_for_10_or_50_results(
    client, newsroom, django_assert_num_queries
):
    _with_images(newsroom, 10)
    few = _queries_for(client, "/search/", {"q": "detention"})
    _with_images(newsroom, 40, start=10)
    client.get("/search/", {"q": "detention"})
    forget_answers()

    with django_assert_num_queries(few):
        response = client.get("/search/", {"q": "detention", "topic": ""})

    assert len(result_titles(response)) == 20


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(
        keys=st.sampled_from(
            ["q", "kind", "topic", "country", "region", "campaign", "year", "sort", "page", "x"]
        ),
        values=st.one_of(
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
            st.sampled_from(['"torture', "torture AND (", "2025", "-1", "99999999999", "*"]),
            st.just("x" * 10_000),
        ),
    )
)
def test_search_page_never_fails_on_any_input(client, search_world, params):
    response = client.get("/search/", params)

    assert response.status_code == 200
    assert 'class="results"' in html_of(response)


def test_query_string_state_survives_an_unusual_query(client, search_world):
    response = client.get("/search/", {"q": 'a&b "c" <d>', "sort": "newest"})

    html = html_of(response)
    assert "&lt;d&gt;" in html
    assert "<d>" not in html
    assert 'value="a&amp;b &quot;c&quot; &lt;d&gt;"' in html


def test_a_repeated_search_is_answered_from_memory_until_the_content_changes(
    client, indexed_world, newsroom, django_assert_num_queries
):
    first = client.get("/search/", {"q": "custody"})
    client.get("/search/", {"q": "custody"})  # asked a second time: kept from now on
    # The next visitor asking the same (parameters in another order) costs no SQL at all.
    with django_assert_num_queries(0):
        again = client.get("/search/?q=custody&sort=relevance")
    assert result_titles(again) == result_titles(first)
    assert "2 results for “custody”" in html_of(again)

    PressReleasePageFactory(parent=newsroom, title="Custody deaths inquiry opens")

    fresh = client.get("/search/", {"q": "custody"})
    assert "Custody deaths inquiry opens" in result_titles(fresh)
    assert "3 results for “custody”" in html_of(fresh)


def test_a_renamed_region_shows_in_the_next_answer_to_the_same_search(client, search_world):
    assert "Americas" in html_of(client.get("/search/"))
    region = search_world.regions["americas"]
    region.name = "The Americas"
    region.save()

    assert "The Americas <span" in html_of(client.get("/search/"))


def test_search_results_come_from_stored_cards_without_reading_the_articles(client, newsroom):
    if connection.vendor != "postgresql":
        pytest.skip("The database engine on SQLite reads the articles to match the words")
    _with_images(newsroom, 3)
    first = client.get("/search/", {"q": "detention"})  # stores the cards and texts
    forget_answers()  # a new question for this process
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/search/", {"q": "detention"})

    assert sorted(result_titles(again)) == sorted(result_titles(first))
    assert len(result_titles(again)) == 3
    assert "<mark>Detention</mark>" in html_of(again)
    article_reads = [q["sql"] for q in queries if "newsroom_articlepage" in q["sql"]]
    assert article_reads == []
    # The cards come with the texts the excerpts are cut from: one statement reads both.
    card_reads = [q["sql"] for q in queries if '"card"' in q["sql"]]
    assert len(card_reads) == 1 and '"text"' in card_reads[0]


def test_search_shows_a_republished_title_not_its_stored_card(client, newsroom):
    _with_images(newsroom, 2)
    client.get("/search/", {"q": "detention"})  # stores the cards
    article = PressReleasePageFactory._meta.model.objects.get(title="Detention report 1")
    article.title = "Detention report renamed"
    article.save_revision().publish()
    forget_answers()

    titles = result_titles(client.get("/search/", {"q": "detention"}))

    assert sorted(titles) == ["Detention report 0", "Detention report renamed"]


def test_a_kept_search_counts_the_memory_its_page_takes(client, search_world):
    """Kept searches are bounded in bytes: a page with one curly quote takes two bytes a
    letter in memory, and is counted so, not by its number of letters."""
    forget_answers()
    for _ in range(2):  # kept from the second time it is asked
        client.get("/search/", {"q": "custody"})

    [(counted, kept)] = app_cache._answers.values()
    assert "“custody”" in kept["results_html"]
    assert counted >= sys.getsizeof(kept["results_html"]) >= 2 * len(kept["results_html"])
