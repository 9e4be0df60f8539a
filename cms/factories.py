"""Factories for the shared content model, used by the tests and the demo-content command."""

import io

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms import models


def jpeg_bytes(width=1600, height=900, colour=(120, 30, 40), seed=0):
    """A photo-like JPEG: a diagonal gradient with a few shapes, so renditions have work to do."""
    picture = PILImage.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(picture)
    for row in range(0, height, 6):
        shade = tuple(min(255, channel + row * 80 // height) for channel in colour)
        draw.rectangle([0, row, width, row + 6], fill=shade)
    for index in range(5):
        x = (seed * 97 + index * 311) % width
        y = (seed * 53 + index * 173) % height
        radius = 40 + (seed + index * 29) % 120
        draw.ellipse(
            [x - radius, y - radius, x + radius, y + radius], outline=(250, 250, 240), width=8
        )
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80)
    return out.getvalue()


def pdf_bytes(title="Report", pages=1):
    """A small, valid PDF with one line of text on each page."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i * 2} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>")
    font_ref = 3 + pages * 2
    for number in range(pages):
        text = f"BT /F1 18 Tf 72 720 Td ({title} - page {number + 1}) Tj ET".encode(
            "latin-1", "replace"
        )
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_ref} 0 R >> >> /Contents {4 + number * 2} 0 R >>"
        )
        objects.append(f"<< /Length {len(text)} >>\nstream\n{text.decode('latin-1')}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    # BytesIO(initial) starts writing at 0 and would overwrite the header: write it instead.
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def root_collection():
    return Collection.get_first_root_node()


class NewsImageFactory(DjangoModelFactory):
    class Meta:
        model = models.NewsImage

    title = factory.Sequence(lambda n: f"Photo {n}")
    collection = factory.LazyFunction(root_collection)
    description = factory.LazyAttribute(lambda obj: obj.title)
    # A credit typed in one line ("Photo by Ana Ruiz via Reuters") is split on save.
    credit = ""
    photographer = factory.LazyAttributeSequence(
        lambda obj, n: "" if obj.credit else f"Staff Photographer {n}"
    )
    agency = factory.LazyAttribute(lambda obj: "" if obj.credit else "Newsdesk")
    caption = ""
    file = factory.LazyAttributeSequence(
        lambda obj, n: ContentFile(jpeg_bytes(seed=n), name=f"{slugify(obj.title) or 'photo'}.jpg")
    )


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Document {n}")
    collection = factory.LazyFunction(root_collection)
    file = factory.LazyAttribute(
        lambda obj: ContentFile(
            pdf_bytes(obj.title), name=f"{slugify(obj.title) or 'document'}.pdf"
        )
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As Wagtail's upload form does: record size and hash with the file.
        document = model_class(*args, **kwargs)
        document._set_document_file_metadata()
        document.save()
        return document


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = models.Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = models.Country
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))
    region = factory.SubFactory(RegionFactory)


class SpokespersonFactory(DjangoModelFactory):
    class Meta:
        model = models.Spokesperson

    name = factory.Sequence(lambda n: f"Spokesperson {n}")
    role = "Director of Research"
    organisation = "Newsdesk"


class PressContactFactory(DjangoModelFactory):
    class Meta:
        model = models.PressContact

    name = factory.Sequence(lambda n: f"Press Officer {n}")
    email = factory.Sequence(lambda n: f"press{n}@example.org")
    phone = "+44 20 7946 0000"


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.HomePage

    title = "Home"
    intro = "Independent reporting on human rights."
