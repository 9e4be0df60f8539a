"""Photos for phones: every image the API gives offers 480, 960 and 1440 wide, WebP and JPEG."""

from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from cms.factories import NewsImageFactory, jpeg_bytes
from cms.models import NewsRendition

pytestmark = pytest.mark.django_db


def sizes(srcset):
    return [(source["width"], source["height"], source["format"]) for source in srcset]


def test_hero_image_offers_phone_widths_in_webp_and_jpeg(client, newsdesk):
    hero = client.get(f"/api/v2/pages/{newsdesk.release.pk}/").json()["hero_image"]

    # The factory's photo is 1600x900.
    assert sizes(hero["srcset"]) == [
        (480, 270, "webp"),
        (480, 270, "jpeg"),
        (960, 540, "webp"),
        (960, 540, "jpeg"),
        (1440, 810, "webp"),
        (1440, 810, "jpeg"),
    ]
    assert all(source["url"].startswith("http://localhost/images/") for source in hero["srcset"])


def test_a_source_url_makes_the_rendition_it_promises(client, newsdesk, settings):
    hero = client.get(f"/api/v2/pages/{newsdesk.release.pk}/").json()["hero_image"]
    source = next(s for s in hero["srcset"] if (s["width"], s["format"]) == (960, "webp"))

    response = client.get(urlsplit(source["url"]).path)

    assert response.status_code == 302
    rendition = NewsRendition.objects.get(image=newsdesk.photo, filter_spec="width-960|format-webp")
    assert response["Location"] == rendition.url
    with rendition.file.open() as file:
        picture = PILImage.open(BytesIO(file.read()))
        assert (picture.format, picture.size) == ("WEBP", (960, 540))


def test_a_forged_source_url_is_refused(client, newsdesk):
    hero = client.get(f"/api/v2/pages/{newsdesk.release.pk}/").json()["hero_image"]
    path = urlsplit(hero["srcset"][0]["url"]).path.replace("width-480", "width-4000")

    assert client.get(path).status_code == 403


def test_a_narrow_photo_is_never_enlarged(client, newsdesk):
    narrow = NewsImageFactory(file=ContentFile(jpeg_bytes(600, 400), name="narrow.jpg"))

    data = client.get(f"/api/v2/images/{narrow.pk}/").json()

    assert sizes(data["srcset"]) == [
        (480, 320, "webp"),
        (480, 320, "jpeg"),
        (600, 400, "webp"),
        (600, 400, "jpeg"),
    ]


def test_images_list_and_body_images_carry_the_srcset(client, newsdesk):
    listed = client.get("/api/v2/images/").json()["items"]
    body = client.get(f"/api/v2/pages/{newsdesk.release.pk}/").json()["body"]
    [block] = [block for block in body if block["type"] == "image"]

    assert all(len(item["srcset"]) == 6 for item in listed)
    assert sizes(block["value"]["srcset"])[-1] == (1440, 810, "jpeg")


def test_every_source_url_is_the_one_wagtail_signs(client, newsdesk):
    from wagtail.images.views.serve import generate_image_url

    from cms.models import NewsImage

    listed = client.get("/api/v2/pages/?type=newsroom.PressReleasePage&fields=hero_image").json()
    heroes = [item["hero_image"] for item in listed["items"] if item["hero_image"]]
    assert heroes
    for hero in heroes:
        image = NewsImage.objects.get(pk=hero["id"])
        for source in hero["srcset"]:
            spec = f"width-{source['width']}|format-{source['format']}"
            assert urlsplit(source["url"]).path == generate_image_url(image, spec)
