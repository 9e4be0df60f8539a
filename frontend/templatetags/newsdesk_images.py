from django import template

register = template.Library()


@register.simple_tag
def rendition(image, spec):
    """The rendition of `image` for a spec held in a variable (Wagtail's tag takes literals only).

    Uses renditions prefetched with `prefetch_renditions` when present, so listings stay at a
    constant number of queries.
    """
    return image.get_rendition(spec)
