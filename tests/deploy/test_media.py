"""Photos in production: cms.views.media under cms.settings.production, through gunicorn and
Varnish, for a rendition URL the pages API hands out."""

from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from cms.factories import NewsImageFactory
from newsroom.factories import PressReleasePageFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_image_rendition_from_the_api_is_served_with_long_cache_headers(stack, site_pages):
    photo = NewsImageFactory(title="Flooded fields")
    release = PressReleasePageFactory(
        parent=site_pages["newsroom"], slug="floods", hero_image=photo
    )
    release.save_revision().publish()

    detail = stack.get(f"/api/v2/pages/{release.pk}/", via="gunicorn").json()
    url = detail["hero_image"]["small"]["url"]
    assert url.startswith("http://localhost/media/images/")
    path = urlsplit(url).path

    direct = stack.get(path, via="gunicorn")
    assert direct.status_code == 200
    assert direct.headers["Content-Type"] == "image/jpeg"
    assert direct.content[:3] == b"\xff\xd8\xff"  # a JPEG
    assert "max-age=604800" in direct.headers["Cache-Control"]

    stack.get(path)
    cached = stack.get(path)
    assert cached.status_code == 200
    assert cached.headers["X-Cache"] == "HIT"
    assert cached.content == direct.content

    original = stack.get(urlsplit(photo.file.url).path, via="gunicorn")
    assert original.status_code == 200


def test_document_files_are_not_served_from_disk(stack, site_pages):
    """/documents/ checks a document's privacy; /media/documents/ would bypass it."""
    document = Document.objects.create(
        title="Report", file=ContentFile(b"%PDF-1.4 private", name="report.pdf")
    )
    path = urlsplit(document.file.url).path
    assert path.startswith("/media/documents/")
    assert stack.get(path, via="gunicorn").status_code == 404
    assert (
        stack.get("/media/images/../" + path[len("/media/") :], via="gunicorn").status_code == 404
    )
    assert stack.get(document.url, via="gunicorn").status_code == 200
