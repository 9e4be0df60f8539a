"""Page routing through the application cache: one query for a hot page instead of one per level.

Wagtail walks the tree from the home page, two queries per level. For a path that ends at a page
whose ancestors all route the default way, the cache remembers the page's type and id (until the
next save of any page bumps the content version) and the page is loaded in a single query.
Anything else (routable pages, missing pages) falls back to Wagtail's own routing.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from cms.app_cache import remember


def _routes_by_default(model):
    return model.route is Page.route


def _direct_target(root, url_path):
    page = Page.objects.filter(url_path=url_path).only("pk", "content_type_id", "path").first()
    if page is None or not _routes_by_default(page.specific_class):
        return None
    between = Page.objects.filter(depth__gt=root.depth).ancestor_of(page).only("content_type_id")
    if not all(_routes_by_default(ancestor.specific_class) for ancestor in between):
        return None
    return (page.content_type_id, page.pk)


def route_from_cache(root, request, path_components):
    """A RouteResult for a page below `root`, or None to let Wagtail route the usual way."""
    if not path_components or getattr(request, "is_preview", False):
        return None
    url_path = root.url_path + "/".join(path_components) + "/"
    target = remember(f"route:{url_path}", lambda: _direct_target(root, url_path) or False)
    if not target:
        return None
    content_type_id, pk = target
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=pk, live=True).first() if model else None
    return RouteResult(page) if page is not None else None
