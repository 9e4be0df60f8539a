from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from wagtail.images.models import Filter, ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found

from cms.app_cache import remember
from cms.stored_renderings import allow_scripts
from frontend import page_meta
from frontend.content_security import allow_inline_script, rendering_scripts
from frontend.templatetags.stored_renderings import render_part

register = template.Library()

META_TEMPLATE = "components/page_meta.html"


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


@register.simple_tag(takes_context=True)
def page_meta_tags(context):
    """Canonical URL, Open Graph, Twitter card and JSON-LD for the page being rendered: as
    stored when the page was published, for the page's own address."""
    request = context.get("request")
    page = context.get("page")
    if request is None or page is None or not hasattr(page, "get_full_url"):
        return ""
    query = context.get("canonical_query")
    if getattr(request, "is_preview", False):
        return _meta_tags(request, page, query)
    # Hot: from this process's memory until anything is published; cold: the stored head
    # (a listing's filters and pages have their own canonical URL: worked out).
    key = f"page-head:{page.pk}:{request.scheme}://{request.get_host()}?{query or ''}"
    html, scripts = remember(
        key, lambda: rendering_scripts(request, lambda: _head(request, page, query))
    )
    # The Content-Security-Policy lets this exact JSON-LD through by its hash.
    allow_scripts(request, scripts)
    return mark_safe(html)


def _head(request, page, query):
    if query:
        return str(_meta_tags(request, page, query))
    return str(render_part(request, page, "head", lambda: _meta_tags(request, page, None)))


def _meta_tags(request, page, query):
    """The tags worked out: renditions, the site and its settings cost a third of an
    article's render."""
    meta = _page_meta(request, page, query)
    allow_inline_script(request, meta["json_ld"])
    return get_template(META_TEMPLATE).render(
        {**meta, "page": page, "json_ld": mark_safe(meta["json_ld"])}
    )


def _page_meta(request, page, query):
    url = page.get_full_url(request)
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
        "site_name": page_meta.organisation(request)["name"],
        "json_ld": str(page_meta.json_ld(page_meta.structured_data(page, request, image))),
    }


@register.inclusion_tag("components/share_links.html", takes_context=True)
def share_links(context, page):
    request = context["request"]
    return {"links": page_meta.share_links(page.title, page.get_full_url(request))}
