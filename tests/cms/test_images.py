"""Photos: alt text required with guidance, the credit as photographer and agency, and the API."""

import pytest
from django.urls import reverse
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from api.views import openapi_document
from cms.factories import NewsImageFactory, jpeg_bytes
from cms.models import NewsImage
from cms.models.images import split_credit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, parts",
    [
        ("Photo by Ana Ruiz via Reuters", ("Ana Ruiz", "Reuters")),
        ("Photo: Kasia Nowak/Northlight Photo Agency", ("Kasia Nowak", "Northlight Photo Agency")),
        ("Ana Ruiz for Newsdesk", ("Ana Ruiz", "Newsdesk")),
        ("Lea Brandt", ("Lea Brandt", "")),
    ],
)
def test_a_credit_typed_in_one_line_is_split(typed, parts):
    assert split_credit(typed) == parts


def test_the_credit_is_made_from_photographer_and_agency():
    image = NewsImageFactory(photographer="Ana Ruiz", agency="Reuters")
    assert image.credit == "Ana Ruiz / Reuters"
    image.agency = ""
    image.save()
    assert NewsImage.objects.get(pk=image.pk).credit == "Ana Ruiz"


def test_cards_print_the_credit_once(client, newsroom):
    from newsroom.factories import PressReleasePageFactory

    image = NewsImageFactory(credit="Photo by Ana Ruiz via Northlight")
    PressReleasePageFactory(parent=newsroom, title="Vigil", hero_image=image)
    html = client.get(newsroom.url).content.decode()
    assert '<p class="card-credit">Photo: Ana Ruiz / Northlight</p>' in html
    assert "Photo by" not in html


def test_uploading_an_image_requires_alt_text_with_guidance(client, admin_user):
    client.force_login(admin_user)
    url = reverse("wagtailimages:add")
    form = client.get(url).content.decode()
    assert "Alt text" in form and "for people who cannot see it" in form
    photo = {"title": "Vigil", "collection": "1", "photographer": "Ana Ruiz", "agency": "Reuters"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(**extra):
        image = SimpleUploadedFile("vigil.jpg", jpeg_bytes(), content_type="image/jpeg")
        return client.post(url, {**photo, "file": image, **extra})

    response = upload()
    assert response.status_code == 200
    assert "Write the alt text" in response.content.decode()
    assert not NewsImage.objects.exists()
    upload(description="Candles held up outside the court at night")
    assert NewsImage.objects.get().credit == "Ana Ruiz / Reuters"


class TestImagesAPI:
    @pytest.fixture
    def photo(self, site):
        return NewsImageFactory(
            title="Vigil",
            description="Candles held up outside the court at night",
            photographer="Ana Ruiz",
            agency="Reuters",
            caption="A vigil for the detained lawyers.",
        )

    def assert_described(self, response):
        OpenAPI.from_dict(openapi_document()).validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )

    def test_detail_has_alt_credit_and_caption(self, client, photo):
        response = client.get(f"/api/v2/images/{photo.pk}/")
        data = response.json()
        assert (data["alt"], data["credit"], data["caption"]) == (
            "Candles held up outside the court at night",
            "Ana Ruiz / Reuters",
            "A vigil for the detained lawyers.",
        )
        self.assert_described(response)

    def test_a_list_gives_them_when_asked(self, client, photo):
        response = client.get("/api/v2/images/", {"fields": "alt,credit,caption"})
        assert response.status_code == 200
        item = response.json()["items"][0]
        assert item["credit"] == "Ana Ruiz / Reuters" and item["alt"].startswith("Candles")
        self.assert_described(response)

    def test_alt_is_never_the_title(self, client, site):
        photo = NewsImageFactory(title="IMG_2041.jpg", description="")
        assert client.get(f"/api/v2/images/{photo.pk}/").json()["alt"] == ""
