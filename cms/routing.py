"""Page routing through the application cache: one query for a hot page instead of one per level.

Wagtail walks the tree from the home page, two queries per level. For a path that ends at a page
whose ancestors all route the default way, the cache remembers the page's type and id (until the
next save of any page bumps the content version) and the page is loaded in a single query.
Anything else (routable pages, missing pages) falls back to Wagtail's own routing.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from cms.app_cache import remember, remember_locally


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

    def load():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        return model.objects.filter(pk=pk, live=True).first() if model else None

    # The page object itself stays in this process's memory until the content changes.
    page = remember_locally(f"routed-page:{pk}", load)
    return RouteResult(page) if page is not None else None


_site_sql = []


def site_for(hostname, port):
    """The site Wagtail serves `hostname` and `port` from (its `get_site_for_hostname`: the
    exact hostname and port, else the hostname's default site, else the only other site with
    the hostname, else the default site), or None. One query written once: building Wagtail's
    (a ranking expression, the root page joined) cost most of a request answered from a stored
    whole page when nothing is in memory."""
    if not _site_sql:
        quote = connection.ops.quote_name
        _site_sql.append(
            f"SELECT * FROM {quote(Site._meta.db_table)}"
            f" WHERE {quote('hostname')} = %s OR {quote('is_default_site')}"
        )
    sites = list(Site.objects.raw(_site_sql[0], [hostname]))

    def match(site):
        if site.hostname == hostname:
            if site.port == port:
                return 0
            if site.is_default_site:
                return 1
            return 3
        return 2  # the default site, under another hostname

    sites.sort(key=match)
    if not sites:
        return None
    if len(sites) == 1 or match(sites[0]) in (0, 1):
        return sites[0]
    if match(sites[0]) == 2:
        return sites[len(sites) == 2]
    return None


class CachedSiteMiddleware:
    """Finds the request's Wagtail site in this process's memory (until the content changes)
    instead of asking the database on every request. Place it after CommonMiddleware, which
    turns away hosts that ALLOWED_HOSTS does not list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        try:
            site = remember_locally(f"site:{hostname}:{port}", lambda: site_for(hostname, port))
        except DatabaseError:
            # The health check must still say which service is down; views that need the
            # site look it up themselves.
            return self.get_response(request)
        request._wagtail_site = site  # Wagtail's Site.find_for_request() uses it
        return self.get_response(request)


class ViewRestrictionsFromMemory:
    """Page mixin: the view restrictions Wagtail checks before serving a page (two queries: the
    ancestors, then their restrictions) are kept in this process's memory until the content
    changes; saving or deleting a restriction starts a new content version. The result is the
    same queryset, already evaluated: refining it (as the admin does) queries afresh."""

    def get_view_restrictions(self):
        if self.pk is None:
            return super().get_view_restrictions()
        # Serving asks twice (Wagtail's check and ours): once per request when nothing is
        # remembered (APP_CACHES off, the first request after a publish).
        per_request = self.__dict__.get("_view_restrictions_now")
        if per_request is not None:
            return per_request

        def load():
            restrictions = super(ViewRestrictionsFromMemory, self).get_view_restrictions()
            len(restrictions)  # evaluated once; copies keep the rows
            return restrictions

        restrictions = remember_locally(f"view-restrictions:{self.pk}", load)
        self._view_restrictions_now = restrictions
        return restrictions
