"""cms/private_responses.py: answers that depended on a session never reach a shared cache."""

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}


def unlock(client, page):
    restriction = PageViewRestriction.objects.get(page=page)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    assert client.post(url, {"password": "secret", "return_url": page.url}).status_code == 302


def test_anonymous_pages_and_api_stay_shareable(client, newsdesk):
    assert "private" not in cache_control(client.get(newsdesk.report.url))
    api = client.get("/api/v2/pages/", {"type": "newsroom.ArticlePage"})
    assert "public" in cache_control(api)


def test_logged_in_html_is_private(admin_client, newsdesk):
    response = admin_client.get(newsdesk.report.url)
    assert response.status_code == 200
    assert "private" in cache_control(response)
    assert "public" not in cache_control(response)


def test_a_password_protected_page_is_private_and_never_stored(client, newsdesk):
    private = newsdesk.private
    asked = client.get(private.url)  # the password form
    assert {"private", "no-store"} <= cache_control(asked)
    unlock(client, private)
    shown = client.get(private.url)
    assert shown.status_code == 200
    assert {"private", "no-store"} <= cache_control(shown)


def test_the_api_asked_with_a_session_is_private_and_never_stored(client, newsdesk):
    private = newsdesk.private
    unlock(client, private)
    listing = client.get("/api/v2/pages/", {"type": "newsroom.ArticlePage"})
    detail = client.get(f"/api/v2/pages/{private.pk}/")
    for response in (listing, detail):
        assert response.status_code == 200
        assert {"private", "no-store"} <= cache_control(response)
        assert "public" not in cache_control(response)
        assert "s-maxage" not in response["Cache-Control"]
    assert get_max_age(listing) is not None  # the app may still revalidate by ETag
