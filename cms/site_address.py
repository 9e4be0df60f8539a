"""The site's one public address: BASE_URL. The Wagtail Site record follows it (after every
`migrate`, and when the demo content creates the site), so that page URLs (canonical links,
sitemap, feeds, the API's html_url, social posts) and the URLs built from BASE_URL itself (Open
Graph images, JSON-LD, robots.txt, API renditions, review emails) all name the same host and port,
whatever Host header a request came with."""

from urllib.parse import urljoin, urlsplit

from django.conf import settings


def base_url():
    return settings.BASE_URL.rstrip("/")


def absolute_url(path):
    """`path` (a URL path or an already absolute URL) as an absolute URL on the site's address."""
    return urljoin(base_url() + "/", path)


def site_host_and_port():
    parts = urlsplit(base_url())
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def sync_site_record(**kwargs):
    """Point the default Site at BASE_URL (post_migrate; also called by the demo content)."""
    from wagtail.models import Site

    hostname, port = site_host_and_port()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
