"""GET /api/v2/search/: the contract agreed with the mobile app."""

import datetime
import socket

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.app_cache import forget_answers
from cms.factories import NewsImageFactory, jpeg_bytes
from newsroom.factories import PressReleasePageFactory
from search.engine_settings import backend_settings

URL = "/api/v2/search/"


def test_results_have_the_agreed_shape(client, search_world):
    page = search_world.santiago
    page.hero_image = NewsImageFactory(
        title="Protest", credit="Photo by Ana Ruiz for Newsdesk", caption="Santiago, March 2026"
    )
    page.save_revision().publish()

    response = client.get(URL, {"q": "beatings"})

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    body = response.json()
    assert {key: body[key] for key in ("query", "sort", "page", "page_size", "total")} == {
        "query": "beatings",
        "sort": "relevance",
        "page": 1,
        "page_size": 20,
        "total": 1,
    }
    assert body["num_pages"] == 1
    [result] = body["results"]
    image = result.pop("hero_image")
    assert result == {
        "id": page.pk,
        "title": "Police torture protesters in Santiago",
        "kind": "press-release",
        "kind_label": "Press Release",
        "html_url": "http://localhost/newsroom/police-torture-protesters-in-santiago/",
        "publication_date": "2026-03-10",
        "teaser": "Witnesses describe beatings at three police stations.",
        "highlight": result["highlight"],
    }
    assert "<mark>beatings</mark>" in result["highlight"]
    assert image["id"] == page.hero_image.pk
    assert (image["alt"], image["credit"], image["caption"]) == (
        "Protest",
        "Ana Ruiz / Newsdesk",
        "Santiago, March 2026",
    )
    assert (image["small"]["width"], image["small"]["height"]) == (480, 270)
    assert image["small"]["url"].startswith("http://localhost/media/")
    assert image["large"]["width"] <= 1200 and image["large"]["height"] <= 1200


def test_facets_have_the_agreed_shape(client, search_world):
    body = client.get(URL, {"q": "torture", "kind": "report"}).json()

    assert set(body["facets"]) == {"kind", "topic", "country", "region", "campaign", "year"}
    assert body["facets"]["kind"] == [
        {"value": "press-release", "label": "Press Release", "count": 2, "selected": False},
        {"value": "report", "label": "Report", "count": 1, "selected": True},
        {"value": "campaign-update", "label": "Campaign Update", "count": 1, "selected": False},
    ]
    assert body["facets"]["year"] == [
        {"value": "2025", "label": "2025", "count": 1, "selected": False}
    ]
    assert body["total"] == 1


def test_image_urls_use_the_site_address_like_the_pages_api(client, search_world):
    page = search_world.santiago
    page.hero_image = NewsImageFactory(title="Protest")
    page.save_revision().publish()

    [result] = client.get(URL, {"q": "beatings"}).json()["results"]
    same = client.get(f"/api/v2/pages/{page.pk}/").json()

    assert result["hero_image"]["small"] == same["hero_image"]["small"]
    assert result["hero_image"]["large"]["url"].startswith("http://localhost/")


def test_a_photo_whose_file_is_missing_gives_null_sizes_not_an_error(client, search_world):
    page = search_world.santiago
    page.hero_image = NewsImageFactory(title="Protest", credit="Photo by Ana Ruiz")
    page.save_revision().publish()
    page.hero_image.file.storage.delete(page.hero_image.file.name)

    response = client.get(URL, {"q": "beatings"})

    assert response.status_code == 200
    [result] = response.json()["results"]
    image = result["hero_image"]
    assert (image["credit"], image["small"], image["large"]) == ("Ana Ruiz", None, None)


def test_hero_image_is_null_without_a_photo(client, search_world):
    [result] = client.get(URL, {"q": "parliament"}).json()["results"]

    assert result["hero_image"] is None


def test_paging_and_sorting(client, search_world):
    body = client.get(URL, {"sort": "oldest", "page": "2", "page_size": "2"}).json()

    assert (body["total"], body["num_pages"], body["page"], body["page_size"]) == (5, 3, 2, 2)
    assert [result["title"] for result in body["results"]] == [
        "Journalists jailed for reporting",
        "Petition delivered to parliament",
    ]


@pytest.mark.parametrize(
    ("params", "last_page"),
    [
        ({"page": "9"}, 1),  # past the results
        ({"page": "501", "page_size": "20"}, 1),  # past what any engine pages to
        ({"q": "torture", "page": "3", "page_size": "2"}, 2),
    ],
)
def test_a_page_past_the_last_one_is_a_400_naming_page(client, search_world, params, last_page):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert response.json()["parameter"] == "page"
    assert f"at most {last_page}" in response.json()["message"]


def test_campaign_by_slug(client, search_world):
    body = client.get(URL, {"campaign": "end-torture-now"}).json()

    assert [result["title"] for result in body["results"]] == ["Petition delivered to parliament"]
    assert body["facets"]["campaign"] == [
        {
            "value": str(search_world.campaign.pk),
            "label": "End Torture Now",
            "count": 1,
            "selected": True,
        }
    ]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "51"}, "page_size"),
        ({"page": "-3"}, "page"),
        ({"page": ""}, "page"),
        ({"page_size": " "}, "page_size"),
        ({"sort": "random"}, "sort"),
        ({"kind": "blog"}, "kind"),
        ({"topic": "nothing"}, "topic"),
        ({"year": "next"}, "year"),
        ({"campaign": "no-such-campaign"}, "campaign"),
        ({"q": "x" * 10_000}, "q"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, search_world, params, parameter):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response.json()["message"]


def test_engine_down_is_a_503_with_a_message(client, search_world, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": backend_settings(f"http://127.0.0.1:{port}", index_prefix="down_", timeout=1)
    }

    response = client.get(URL, {"q": "torture"})

    assert response.status_code == 503
    assert "temporarily unavailable" in response.json()["message"]


def test_only_get_is_allowed(client, search_world):
    assert client.post(URL, {"q": "torture"}).status_code == 405


def _photo_releases(newsroom, count, start=0):
    for number in range(start, start + count):
        PressReleasePageFactory(
            parent=newsroom,
            title=f"Detention update {number}",
            hero_image=NewsImageFactory(
                file=ContentFile(jpeg_bytes(320, 180, seed=number), name=f"photo-{number}.jpg")
            ),
        )


def test_queries_do_not_grow_with_the_page_size(client, newsroom, django_assert_num_queries):
    _photo_releases(newsroom, 50)
    client.get(URL, {"q": "detention", "page_size": "50"})  # make the renditions once
    forget_answers()  # measured as for the first visitor to ask: worked out, not kept
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(URL, {"q": "detention", "page_size": "10"}).json()["results"]) == 10

    with django_assert_num_queries(len(ten)):
        response = client.get(URL, {"q": "detention", "page_size": "50"})

    assert len(response.json()["results"]) == 50


HTML_AND_API_CASES = [
    {"q": "torture"},
    {"q": "torture", "sort": "newest"},
    {"topic": "torture"},
    {"q": "protesters", "kind": "report"},
    {"country": "chile", "sort": "oldest"},
    {"region": "americas", "q": "torture"},
    {"year": "2025"},
    {},
]


def test_api_gives_the_html_search_results(client, search_world):
    for params in HTML_AND_API_CASES:
        html = client.get("/search/", params)
        api = client.get(URL, params).json()
        outcome = html.context["outcome"]

        assert [hit["id"] for hit in api["results"]] == [hit.article.pk for hit in outcome.hits]
        assert api["total"] == outcome.total, params
        assert {
            facet: {value["value"]: value["count"] for value in values}
            for facet, values in api["facets"].items()
        } == {
            facet: {value.value: value.count for value in values}
            for facet, values in outcome.facets.items()
        }, params


def test_draft_private_and_scheduled_pages_are_never_searched_or_counted(
    client, search_world, newsroom
):
    scheduled = PressReleasePageFactory(
        parent=newsroom,
        title="Torture embargoed statement",
        topics=[search_world.topics["torture"]],
    )
    scheduled.unpublish()
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save_revision().publish()
    hidden = {search_world.draft.pk, search_world.private.pk, scheduled.pk}
    visible_torture_topic = {
        search_world.santiago.pk,
        search_world.detention.pk,
        search_world.petition.pk,
    }

    for params in ({"q": "torture"}, {"topic": "torture"}, {"q": "statement briefing"}):
        data = client.get(URL, {**params, "page_size": "50"}).json()
        ids = {hit["id"] for hit in data["results"]}
        assert not ids & hidden, params
        assert data["total"] == len(ids), params
    assert client.get(URL, {"topic": "torture"}).json()["total"] == len(visible_torture_topic)
    topic_counts = {
        value["value"]: value["count"]
        for value in client.get(URL, {"q": ""}).json()["facets"]["topic"]
    }
    assert topic_counts["torture"] == len(visible_torture_topic)


def test_search_answers_conditional_gets_with_cache_headers(client, search_world, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    response = client.get(URL, {"q": "torture"}, HTTP_ORIGIN="https://app.example.org")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "max-age=" in response["Cache-Control"]
    revalidated = client.get(URL, {"q": "torture"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304
    assert (
        client.get(URL, {"q": "detention"}, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200
    )
