"""The JSON shapes the API gives images, documents, taxonomy and people, wherever they appear.

Page fields (hero images, topics, report PDFs) and StreamField blocks (image, quote, document)
use the same shapes, so the mobile app parses each kind of thing one way.
"""

import re
from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.api.utils import get_base_url, get_full_url
from wagtail.images.models import SourceImageIOError
from wagtail.images.utils import generate_signature
from wagtail.images.views.serve import generate_image_url

# The agreed rendition sizes: a card-sized crop and a detail-sized fit.
SMALL_IMAGE_FILTER = "fill-480x270"
LARGE_IMAGE_FILTER = "max-1200x1200"
IMAGE_FILTERS = (SMALL_IMAGE_FILTER, LARGE_IMAGE_FILTER)

# Widths for phone screens (1x, 2x, 3x of a 480-point column), each in WebP and in JPEG.
PHONE_WIDTHS = (480, 960, 1440)
PHONE_FORMATS = ("webp", "jpeg")

# Root-relative links in rendered rich text; the app has no site to resolve them against.
ROOT_RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")(/(?!/))')


def request_of(context):
    return (context or {}).get("request")


def rendition_representation(rendition, request):
    return {
        "url": get_full_url(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


@lru_cache(maxsize=8)
def _serve_url_pattern(script_prefix):
    """Wagtail's rendition view URL with {0} for the signature, {1} the image id and {2} the
    filter (None if the route is not shaped as expected): one reverse() per process, not one
    per phone-sized URL (six per image, a sixth of a cold API list's time)."""
    url = reverse("wagtailimages_serve", args=("SIGNATURE", 0, "FILTER"))
    if url.count("SIGNATURE") != 1 or url.count("/0/FILTER/") != 1 or "{" in url or "}" in url:
        return None
    return url.replace("SIGNATURE", "{0}").replace("/0/FILTER/", "/{1}/{2}/")


def signed_image_url(image, spec):
    """What wagtail.images.views.serve.generate_image_url(image, spec) gives, made faster."""
    pattern = _serve_url_pattern(get_script_prefix())
    if pattern is None:
        return generate_image_url(image, spec)
    signature = generate_signature(image.id, spec)
    # reverse() quotes its arguments so: the same characters stay as they are.
    safe = RFC3986_SUBDELIMS + "/~:@"
    url = pattern.format(quote(signature, safe=safe), image.id, quote(spec, safe=safe))
    return url + image.file.name[len("original_images/") :]


def phone_sources(image, request):
    """The image at phone widths, as a srcset: signed URLs to Wagtail's rendition view, which
    makes each rendition on its first request. Listing them costs no query and no resizing.
    Never wider than the original: widths it cannot reach are left out."""
    sources = []
    base = get_base_url(request) or ""
    widths = sorted({min(width, image.width) for width in PHONE_WIDTHS if image.width})
    for width in widths:
        height = round(image.height * width / image.width)
        for image_format in PHONE_FORMATS:
            spec = f"width-{width}|format-{image_format}"
            sources.append(
                {
                    "url": base + signed_image_url(image, spec),
                    "width": width,
                    "height": height,
                    "format": image_format,
                }
            )
    return sources


def image_representation(image, request, alt="", caption=""):
    """An image with its credit and the two agreed renditions, or None."""
    if image is None:
        return None
    try:
        renditions = image.get_renditions(*IMAGE_FILTERS)
    except SourceImageIOError:
        # The original file is missing: say so with null sizes rather than fail the response.
        renditions = {}
    return {
        "id": image.pk,
        "alt": alt or image.alt,
        "credit": image.credit,
        "caption": caption or image.caption,
        "small": (
            rendition_representation(renditions[SMALL_IMAGE_FILTER], request)
            if SMALL_IMAGE_FILTER in renditions
            else None
        ),
        "large": (
            rendition_representation(renditions[LARGE_IMAGE_FILTER], request)
            if LARGE_IMAGE_FILTER in renditions
            else None
        ),
        "srcset": phone_sources(image, request),
    }


def document_representation(document, request, title=""):
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": title or document.title,
        "url": get_full_url(request, document.url),
        # Wagtail records the size on upload; older documents get it measured once here.
        "size": document.get_file_size(),
        "extension": document.file_extension.lower(),
    }


def taxonomy_representation(term):
    """A topic or a country."""
    return {"id": term.pk, "name": term.name, "slug": term.slug}


def campaign_representation(campaign):
    if campaign is None:
        return None
    return {"id": campaign.pk, "title": campaign.title}


def spokesperson_representation(person, request):
    if person is None:
        return None
    return {
        "id": person.pk,
        "name": person.name,
        "role": person.role,
        "organisation": person.organisation,
        "attribution": person.attribution,
        "photo": image_representation(person.photo, request),
    }


def absolute_links(html, request):
    """Rich text HTML with root-relative href/src made absolute for the app."""
    base = get_full_url(request, "")
    if not base:
        return html
    return ROOT_RELATIVE_LINK.sub(lambda match: match.group(1) + base + match.group(2), html)
