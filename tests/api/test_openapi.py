"""The served OpenAPI description is valid and matches what the endpoints really return."""

import pytest
import yaml
from django.urls import Resolver404, resolve
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate

from api.views import api_not_found, openapi_document
from cms.blocks import ArticleBody
from newsroom.factories import PressReleasePageFactory
from tests.blocks_data import every_block_body

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def openapi():
    return OpenAPI.from_dict(openapi_document())


def search_endpoint_mounted():
    try:
        match = resolve("/api/v2/search/")
    except Resolver404:
        return False
    # Without its own route the path falls through to the API's JSON 404.
    return match.func is not api_not_found and match.url_name != "wagtail_serve"


def assert_matches_description(openapi, response):
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )


def test_json_description_is_valid_openapi(client):
    response = client.get("/api/v2/openapi.json")

    assert response.status_code == 200
    validate(response.json())


def test_yaml_description_is_the_same_document(client):
    response = client.get("/api/v2/openapi.yaml")

    assert response.status_code == 200
    assert yaml.safe_load(response.content) == client.get("/api/v2/openapi.json").json()


def test_description_covers_every_endpoint():
    paths = set(openapi_document()["paths"])

    assert {
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/pages/find/",
        "/api/v2/images/",
        "/api/v2/images/{id}/",
        "/api/v2/documents/",
        "/api/v2/documents/{id}/",
        "/api/v2/search/",
        "/api/v2/changes/",
    } <= paths


def test_every_block_type_has_its_own_schema():
    """Generators make one typed model per block only if the description names each one."""
    block = openapi_document()["components"]["schemas"]["Block"]

    assert set(block["discriminator"]["mapping"]) == set(ArticleBody.base_blocks)
    assert len(block["oneOf"]) == len(ArticleBody.base_blocks)


def test_a_body_with_every_block_type_matches_the_description(client, newsroom, openapi):
    body, _ = every_block_body()
    page = PressReleasePageFactory(parent=newsroom, body=body)

    response = client.get(f"/api/v2/pages/{page.pk}/")

    assert {block["type"] for block in response.json()["body"]} == set(ArticleBody.base_blocks)
    assert_matches_description(openapi, response)


def test_sync_answers_match_the_description(client, newsdesk, openapi):
    newsdesk.report.specific.unpublish()
    for path, params in (
        ("/api/v2/pages/", {"updated_since": "0", "limit": 2}),
        ("/api/v2/pages/", {"type": "newsroom.ArticlePage", "updated_since": "0"}),
        ("/api/v2/pages/", {"updated_since": "bad"}),
        ("/api/v2/changes/", {"since": "0"}),
        ("/api/v2/changes/", {"since": "0", "limit": 1}),
        ("/api/v2/changes/", {}),
    ):
        assert_matches_description(openapi, client.get(path, params))


PAGE_LIST_CASES = [
    {},
    {"type": "newsroom.ArticlePage"},
    {"type": "newsroom.ArticlePage", "fields": "*"},
    {"type": "newsroom.PressReleasePage", "fields": "*"},
    {"type": "newsroom.ReportPage", "fields": "*"},
    {"type": "campaigns.CampaignPage", "fields": "*"},
    {"kind": "report", "topic": "climate-justice", "date_from": "2026-01-01"},
    {"search": "floods", "search_operator": "and"},
    {"type": "newsroom.ArticlePage", "rich_text_format": "markdown", "limit": 1},
    {"kind": "nonsense"},
    {"limit": "1000"},
    {"unknown": "x"},
]


def test_page_lists_match_the_description(client, newsdesk, openapi):
    for params in PAGE_LIST_CASES:
        assert_matches_description(openapi, client.get("/api/v2/pages/", params))


def test_page_details_match_the_description(client, newsdesk, openapi):
    for page in (newsdesk.release, newsdesk.report, newsdesk.update, newsdesk.campaign):
        for params in ({}, {"rich_text_format": "markdown"}, {"fields": "_,title,hero_image"}):
            response = client.get(f"/api/v2/pages/{page.pk}/", params)
            assert response.status_code == 200
            assert_matches_description(openapi, response)


def test_other_pages_and_errors_match_the_description(client, newsdesk, openapi, home):
    for path in (
        f"/api/v2/pages/{home.pk}/",
        f"/api/v2/pages/{newsdesk.draft.pk}/",
        "/api/v2/images/",
        f"/api/v2/images/{newsdesk.photo.pk}/",
        "/api/v2/documents/",
        f"/api/v2/documents/{newsdesk.report.report_pdf.pk}/",
        "/api/v2/images/?order=nonsense",
        "/api/v2/pages/find/?id=abc",
    ):
        assert_matches_description(openapi, client.get(path))


def test_not_modified_matches_the_description(client, newsdesk, openapi):
    first = client.get("/api/v2/pages/")
    again = client.get("/api/v2/pages/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert_matches_description(openapi, again)


def test_search_matches_the_description(client, newsdesk, openapi):
    if not search_endpoint_mounted():
        pytest.skip("/api/v2/search/ is not mounted in cms/urls.py on this branch")
    for params in ({"q": "floods"}, {"q": "", "sort": "newest", "page_size": 2}, {"sort": "x"}):
        assert_matches_description(openapi, client.get("/api/v2/search/", params))


def test_a_search_page_past_the_last_one_is_the_described_400(client, newsdesk, openapi):
    if not search_endpoint_mounted():
        pytest.skip("/api/v2/search/ is not mounted in cms/urls.py on this branch")
    response = client.get("/api/v2/search/", {"q": "", "page": 999})

    assert response.status_code == 400
    assert response.json()["parameter"] == "page"
    assert_matches_description(openapi, response)
    search = openapi_document()["paths"]["/api/v2/search/"]["get"]
    [page] = [parameter for parameter in search["parameters"] if parameter["name"] == "page"]
    assert "`400` naming `page`" in page["description"]
    examples = search["responses"]["400"]["content"]["application/json"]["examples"]
    assert examples["page_past_the_last"]["value"]["parameter"] == "page"
    assert response.json()["message"].startswith("page must be at most ")
