"""What a page tells other machines: share cards, canonical URL, JSON-LD, share links."""

import json
import logging
from urllib.parse import urlencode

from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from cms.site_address import absolute_url
from newsroom.listing import LISTING_IMAGE_FILTERS

logger = logging.getLogger(__name__)

# Open Graph's recommended card: 1.91:1, large enough for every network's large card.
CARD_IMAGE_FILTER = "fill-1200x630"

# Named image sizes for templates: the renditions a srcset offers and the layout widths they fill.
IMAGE_SIZES = {
    "card": (LISTING_IMAGE_FILTERS, "(min-width: 64rem) 20rem, (min-width: 40rem) 45vw, 100vw"),
    "hero": (("fill-800x450", "fill-1200x675", "fill-1600x900"), "(min-width: 52rem) 50rem, 100vw"),
    "body": (("max-800x600", "max-1200x900"), "(min-width: 46rem) 44rem, 100vw"),
    "thumb": (("fill-160x160",), "5rem"),
}

# Plain links, no third-party scripts. Mastodon has no central instance: share2fedi asks the
# visitor for theirs and hands over, which is the usual way without running a picker ourselves.
SHARE_TARGETS = (
    ("mastodon", "Mastodon", "https://s2f.kytta.dev/?{}", lambda t, u: {"text": f"{t} {u}"}),
    ("bluesky", "Bluesky", "https://bsky.app/intent/compose?{}", lambda t, u: {"text": f"{t} {u}"}),
    ("x", "X", "https://x.com/intent/post?{}", lambda t, u: {"text": t, "url": u}),
    (
        "facebook",
        "Facebook",
        "https://www.facebook.com/sharer/sharer.php?{}",
        lambda t, u: {"u": u},
    ),
    (
        "linkedin",
        "LinkedIn",
        "https://www.linkedin.com/sharing/share-offsite/?{}",
        lambda t, u: {"url": u},
    ),
    ("email", "Email", "mailto:?{}", lambda t, u: {"subject": t, "body": f"{t}\n\n{u}"}),
)


def share_links(title, url):
    """[(slug, network name, href)] for the networks we post to, and email."""
    links = []
    for slug, name, template, params in SHARE_TARGETS:
        query = urlencode(params(title, url))
        if slug == "email":
            # mailto: wants %20 for spaces, not '+'.
            query = query.replace("+", "%20")
        links.append((slug, name, template.format(query)))
    return links


def organisation(request):
    """The publisher: the site's organisation name and home page."""
    from cms.models import PressSettings

    site = Site.find_for_request(request)
    name = PressSettings.for_request(request).organisation_name if site else ""
    home = site.root_page.get_full_url(request) if site else absolute_url("/")
    return {"@type": "Organization", "name": name or "Newsdesk", "url": home}


def card_image(page, request):
    """The hero image as a card-sized rendition with an absolute URL, or None."""
    image = getattr(page, "hero_image", None)
    if image is None:
        return None
    try:
        rendition = image.get_rendition(CARD_IMAGE_FILTER)
    except SourceImageIOError as error:
        # The page stays up; it is shared without a picture until the file is uploaded again.
        logger.warning("Image %s has no card rendition: %s", image.pk, error)
        return None
    return {
        "url": absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
        "credit": image.credit,
        "caption": image.caption,
    }


def structured_data(page, request, image=None):
    """schema.org JSON-LD: NewsArticle for press releases and updates, Report for reports."""
    from newsroom.models import ArticlePage, ReportPage

    url = page.get_full_url(request)
    publisher = organisation(request)
    if not isinstance(page, ArticlePage):
        if page.depth <= 2:
            return {"@context": "https://schema.org", **publisher}
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": page.seo_title or page.title,
            "url": url,
            "publisher": publisher,
        }
    data = {
        "@context": "https://schema.org",
        "@type": "Report" if isinstance(page, ReportPage) else "NewsArticle",
        "headline": page.title[:110],
        "description": page.teaser,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": page.publication_date.isoformat(),
        "publisher": publisher,
        "author": publisher,
        "articleSection": page.kind_name,
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    topics = [topic.name for topic in page.topics.all()]
    if topics:
        data["keywords"] = topics
    countries = [country.name for country in page.countries.all()]
    if countries:
        data["contentLocation"] = [{"@type": "Place", "name": name} for name in countries]
    if image:
        data["image"] = {
            "@type": "ImageObject",
            "url": image["url"],
            "width": image["width"],
            "height": image["height"],
        }
        if image["credit"]:
            data["image"]["creditText"] = image["credit"]
        if image["caption"]:
            data["image"]["caption"] = image["caption"]
    if isinstance(page, ReportPage):
        if page.reference_number:
            data["reportNumber"] = page.reference_number
        if page.report_pdf:
            data["associatedMedia"] = {
                "@type": "MediaObject",
                "contentUrl": absolute_url(page.report_pdf.url),
                "encodingFormat": "application/pdf",
            }
    return data


def json_ld(data):
    """JSON safe inside a <script> element: no '<', '>' or '&' can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
