from django import template
from django.utils.safestring import mark_safe
from wagtail.images.models import Filter, ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found

from frontend import page_meta

register = template.Library()


@register.simple_tag
def responsive_image(image, size, alt=None, lazy=False, **attrs):
    """<img> with a srcset of the named size's renditions and width and height set."""
    if not image:
        return ""
    specs, sizes = page_meta.IMAGE_SIZES[size]
    renditions = get_renditions_or_not_found(image, [Filter(spec=spec) for spec in specs])
    attributes = {"alt": image.default_alt_text if alt is None else alt, **attrs}
    if len(specs) > 1:
        attributes["sizes"] = sizes
    if lazy:
        attributes["loading"] = "lazy"
        attributes["decoding"] = "async"
    return ResponsiveImage(renditions, attributes).__html__()


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def page_meta_tags(context):
    """Canonical URL, Open Graph, Twitter card and JSON-LD for the page being rendered."""
    request = context.get("request")
    page = context.get("page")
    if request is None or page is None or not hasattr(page, "get_full_url"):
        return {}
    url = page.get_full_url(request)
    query = context.get("canonical_query")
    canonical = f"{url}?{query}" if query else url
    image = page_meta.card_image(page, request)
    description = (
        page.search_description or getattr(page, "teaser", "") or getattr(page, "intro", "")
    )
    return {
        "canonical": canonical,
        "title": page.seo_title or page.title,
        "description": description,
        "image": image,
        "og_type": "article" if hasattr(page, "publication_date") else "website",
        "page": page,
        "site_name": page_meta.organisation(request)["name"],
        "json_ld": mark_safe(page_meta.json_ld(page_meta.structured_data(page, request, image))),
    }


@register.inclusion_tag("components/share_links.html", takes_context=True)
def share_links(context, page):
    request = context["request"]
    return {"links": page_meta.share_links(page.title, page.get_full_url(request))}
