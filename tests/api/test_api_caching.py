"""Conditional GET, cache headers and CORS on the API."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

APP_ORIGIN = "https://app.example.org"


def test_list_has_etag_and_cache_headers(client, newsdesk, settings):
    response = client.get("/api/v2/pages/", {"type": "newsroom.ArticlePage"})

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert f"max-age={settings.API_CACHE_MAX_AGE}" in cache_control
    assert "Origin" in response["Vary"]


def test_unchanged_list_revalidates_with_304(client, newsdesk):
    first = client.get("/api/v2/pages/", {"type": "newsroom.ArticlePage"})
    again = client.get(
        "/api/v2/pages/", {"type": "newsroom.ArticlePage"}, HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_etag_changes_when_content_changes(client, newsdesk):
    first = client.get("/api/v2/pages/", {"type": "newsroom.ArticlePage"})
    newsdesk.report.title = "Water and power, revised"
    newsdesk.report.save_revision().publish()
    again = client.get(
        "/api/v2/pages/", {"type": "newsroom.ArticlePage"}, HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Water and power, revised" in again.content.decode()


def test_unpublishing_changes_the_etag(client, newsdesk):
    first = client.get("/api/v2/pages/", {"type": "newsroom.ArticlePage"})
    newsdesk.report.unpublish()
    again = client.get(
        "/api/v2/pages/", {"type": "newsroom.ArticlePage"}, HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert again.status_code == 200
    assert again.json()["meta"]["total_count"] == 3


def test_detail_has_last_modified_and_answers_if_modified_since(client, newsdesk):
    newsdesk.release.save_revision().publish()
    newsdesk.release.refresh_from_db()
    url = f"/api/v2/pages/{newsdesk.release.pk}/"
    first = client.get(url)

    assert first["Last-Modified"] == http_date(newsdesk.release.last_published_at.timestamp())
    assert first.has_header("ETag")
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_errors_are_not_cached(client, newsdesk):
    response = client.get("/api/v2/pages/", {"kind": "nonsense"})

    assert response.status_code == 400
    assert not response.has_header("ETag")
    assert "max-age" not in response.get("Cache-Control", "")


def test_cors_allows_configured_origin(client, newsdesk, settings):
    settings.CORS_ALLOWED_ORIGINS = [APP_ORIGIN]
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=APP_ORIGIN)

    assert response["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_cors_preflight_allows_only_reading(client, newsdesk, settings):
    settings.CORS_ALLOWED_ORIGINS = [APP_ORIGIN]
    response = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN=APP_ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_cors_refuses_other_origins(client, newsdesk, settings):
    settings.CORS_ALLOWED_ORIGINS = [APP_ORIGIN]
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example.com")

    assert response.status_code == 200
    assert not response.has_header("Access-Control-Allow-Origin")


def test_cors_is_only_for_the_api(client, newsdesk, settings):
    settings.CORS_ALLOWED_ORIGINS = [APP_ORIGIN]
    response = client.get("/admin/login/", HTTP_ORIGIN=APP_ORIGIN)

    assert not response.has_header("Access-Control-Allow-Origin")


def article_ids(response):
    return {item["id"] for item in response.json()["items"]}


def test_the_same_question_is_answered_again_without_sql(
    client, newsdesk, django_assert_num_queries
):
    first = client.get("/api/v2/pages/", {"type": "newsroom.ArticlePage", "fields": "*"})
    client.get("/api/v2/pages/", {"type": "newsroom.ArticlePage", "fields": "*"})  # now kept
    # Parameters in another order are the same question.
    with django_assert_num_queries(0):
        again = client.get("/api/v2/pages/?fields=*&type=newsroom.ArticlePage")

    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"


def test_a_visitor_who_unlocked_a_private_page_is_not_given_the_anonymous_answer(client, newsdesk):
    private = newsdesk.private
    url = "/api/v2/pages/?type=newsroom.ArticlePage"
    assert private.pk not in article_ids(client.get(url))  # kept for anonymous visitors

    restriction = PageViewRestriction.objects.get(page=private)
    unlock = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, private.pk])
    assert client.post(unlock, {"password": "secret", "return_url": private.url}).status_code == 302

    assert private.pk in article_ids(client.get(url))
    assert private.pk not in article_ids(Client().get(url))
