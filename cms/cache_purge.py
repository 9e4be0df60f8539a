"""Which cached URLs a page change makes stale, and purging them from the front-end cache.

Varnish treats a purged path as stale under every query string (filters, pagination, API
parameters), and a path ending in "*" as a prefix (feeds). See deploy/varnish/newsdesk.vcl.
"""

import logging
import threading
import time
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Page, Site

from cms import resilient_cache
from cms.app_cache import bump_content_version, bump_content_version_on_change

logger = logging.getLogger(__name__)

# Seconds a purge waits for the proxy: a stalled Varnish must not hold a publish for long.
PURGE_TIMEOUT = 2
# A cache failure this recent may have lost a content version bump of the change being purged.
CACHE_FAILURE_WINDOW = 30
RETRY_BATCH = 500

# Listings served outside the page tree; any query string under them is purged with the path.
SITE_WIDE_LISTING_PATHS = [
    "/api/v2/pages/",
    "/api/v2/changes/",
    "/api/v2/search/",
    "/sitemap.xml",
]
# Prefixes: every feed (per kind, topic, country, campaign) and the search page with suggestions.
SITE_WIDE_LISTING_PREFIXES = ["/feeds/*", "/search/*"]


def _site_root_urls(page):
    try:
        site = page.get_site()
    except Site.DoesNotExist:  # a page outside every site (e.g. the installer's welcome page)
        site = None
    sites = [site] if site else Site.objects.all()
    return [s.root_url.rstrip("/") for s in sites]


# Where the apps above cms list their pages: functions (specific page) -> (pages, URL prefixes),
# registered from their AppConfig.ready(), so the foundation imports none of them.
_listers = []


def register_listings(lister):
    """Purge what `lister(page)` names (live pages and URL prefixes) whenever `page` changes."""
    if lister not in _listers:
        _listers.append(lister)


def listing_urls(page):
    """Full URLs of the pages and endpoints that list or link to `page`."""
    specific = page.specific_deferred
    pages = []
    prefixes = []
    for lister in _listers:
        listed_pages, listed_prefixes = lister(specific)
        pages += listed_pages
        prefixes += listed_prefixes
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        pages.append(parent)

    urls = [url for listed in pages if (url := listed.get_full_url())]
    urls += prefixes
    for root in _site_root_urls(page):
        urls += [root + path for path in SITE_WIDE_LISTING_PATHS + SITE_WIDE_LISTING_PREFIXES]
        urls.append(f"{root}/api/v2/pages/{page.pk}/")
    return urls


def page_urls(page):
    """Full URLs of the page itself (and its routable sub-paths)."""
    url = page.get_full_url()
    if url is None:
        return []
    return [url + path.lstrip("/") for path in page.specific_deferred.get_cached_paths()]


def whole_site_urls():
    """Every site's pages, feeds and API answers, under any path and query."""
    return [f"{site.root_url.rstrip('/')}/*" for site in Site.objects.all()]


def using_a_proxy():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


# The one callback that purges, once the current transaction commits, the URLs it collects.
_pending = threading.local()


def purge_after_commit(urls):
    """Purge once the change is committed, so no request can re-cache the old version.

    The changes of one transaction (an import that edits many images or topics, say) are purged
    together, in one batch after the commit, not once per object."""
    if not urls or not using_a_proxy():
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _purge(set(urls))
        return
    flush = getattr(_pending, "flush", None)
    # A rolled-back transaction (or savepoint) drops its callback: start a new batch then.
    if flush is None or not any(entry[1] is flush for entry in connection.run_on_commit):

        def flush():
            if _pending.flush is flush:
                _pending.flush = None
            _purge(flush.urls)

        flush.urls = set()
        _pending.flush = flush
        transaction.on_commit(flush)
    flush.urls.update(urls)


def _purge(urls):
    # A path ending in "*" purges everything under it: the URLs it covers need no request.
    prefixes = [url[:-1] for url in urls if url.endswith("*")]
    urls = sorted(
        url
        for url in urls
        if not any(url.startswith(prefix) and url != prefix + "*" for prefix in prefixes)
    )
    if not urls:
        return
    failure = resilient_cache.last_failure()
    cache_failed = failure is not None and time.monotonic() - failure < CACHE_FAILURE_WINDOW
    try:
        _send(urls)
    except Exception as error:  # publishing succeeds; the purge is kept and retried
        logger.warning(
            "Purging %d URLs from the front-end cache failed (%s: %s); kept to retry",
            len(urls),
            type(error).__name__,
            error,
        )
        _defer(urls, cache_failed, f"{type(error).__name__}: {error}")
        return
    if cache_failed:
        # Processes may go on serving the old content version once the cache server answers
        # again: purge again after a new version has started.
        _defer(urls, cache_failed, "the cache server was down during the change")


def _send(urls):
    """Purge now, raising if a proxy did not confirm (Wagtail's own purge is a background task
    that logs failures: a failed purge must be kept instead)."""
    for backend in get_backends().values():
        backend.purge_batch(urls)


def _defer(urls, new_content_version, error):
    from cms.models import PendingPurge

    try:
        PendingPurge.objects.create(
            urls=sorted(urls), new_content_version=new_content_version, last_error=error
        )
    except Exception:
        logger.exception("Could not keep %d URLs to purge later", len(urls))


class VarnishPurgeBackend(HTTPBackend):
    """Wagtail's HTTP purger, with a timeout, and raising when the proxy does not confirm a
    purge (Wagtail's logs and carries on) so that the purge is kept and retried."""

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""]),
            headers={"Host": host, "User-Agent": "Newsdesk-purge"},
        )
        with urlopen(request, timeout=PURGE_TIMEOUT):  # noqa: S310 (LOCATION comes from settings)
            pass  # urlopen raises on a refused connection, a timeout or an error status


def retry_deferred_purges():
    """Send the purges kept during an outage, once the cache server and the proxy answer.
    Returns how many kept purges were done."""
    from cms.health import check_cache
    from cms.models import PendingPurge

    pending = list(PendingPurge.objects.all()[:RETRY_BATCH])
    if not pending:
        return 0
    try:
        check_cache()
    except Exception as error:
        PendingPurge.objects.filter(pk__in=[p.pk for p in pending]).update(
            last_error=f"the cache server is still down ({type(error).__name__}: {error})"
        )
        return 0
    if any(p.new_content_version for p in pending):
        bump_content_version()
    urls = sorted({url for p in pending for url in p.urls})
    try:
        if using_a_proxy():
            _send(urls)
    except Exception as error:
        for p in pending:
            p.attempts += 1
            p.last_error = f"{type(error).__name__}: {error}"
        PendingPurge.objects.bulk_update(pending, ["attempts", "last_error"])
        logger.warning("Kept purges still failing (%s); retrying later", error)
        return 0
    PendingPurge.objects.filter(pk__in=[p.pk for p in pending]).delete()
    logger.info("Sent %d kept purges (%d URLs)", len(pending), len(urls))
    return len(pending)


def on_page_changed(instance, **kwargs):
    """page_published / page_unpublished (unpublish also runs when a live page is deleted)."""
    bump_content_version_on_change()
    try:
        urls = page_urls(instance) + listing_urls(instance)
    except Exception:  # never fail a publish over the cache: fall back to purging the site
        logger.exception("Could not list the URLs to purge for page %s", instance.pk)
        urls = whole_site_urls()
    purge_after_commit(urls)


def on_page_moved(instance, parent_page_before, parent_page_after, url_path_before, **kwargs):
    bump_content_version_on_change()
    if not instance.live and not instance.get_descendants().live().exists():
        return
    urls = listing_urls(instance) + page_urls(instance)
    old_parent_url = Page.objects.get(pk=parent_page_before.pk).get_full_url()
    if old_parent_url:
        # The page and everything below it were served under the old path.
        urls.append(f"{old_parent_url}{instance.slug}/*")
        urls.append(old_parent_url)
    new_url = instance.get_full_url()
    if new_url:
        urls.append(f"{new_url}*")
    purge_after_commit(urls)


def on_settings_changed(**kwargs):
    """Site settings (press contact, organisation name) appear on every page: purge them all."""
    if kwargs.get("created") and kwargs.get("sender") is not None:
        # Wagtail creates a site's settings row, with the defaults pages already showed,
        # the first time a page reads it; the settings form then saves over it.
        return
    bump_content_version_on_change()
    purge_after_commit(whole_site_urls())


def on_view_restriction_changed(**kwargs):
    """A page made private (or public again) leaves or joins every listing, feed and search."""
    on_settings_changed()


def on_content_saved(sender, instance, **kwargs):
    """Pages, taxonomy, people and media (and who may see a collection of media) all appear in
    cached fragments and answers (and imports skip publishing), so saving any of them starts a
    new content version; changing or deleting anything but a page also purges the proxy."""
    from wagtail.documents.models import AbstractDocument
    from wagtail.models import Collection, CollectionViewRestriction

    from cms.models import Country, NewsImage, PressContact, Region, Spokesperson, Topic

    # Wagtail fills in an image's or document's size and hash the first time it is shown:
    # bookkeeping that changes nothing a visitor sees.
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"file_size", "file_hash"}:
        return
    if not isinstance(
        instance,
        Page
        | Site
        | Topic
        | Region
        | Country
        | Spokesperson
        | PressContact
        | NewsImage
        | AbstractDocument
        | Collection
        | CollectionViewRestriction,
    ):
        return
    bump_content_version_on_change()
    if isinstance(instance, Page) or kwargs.get("created") or not using_a_proxy():
        # Pages reach visitors by publishing (purged then); a new topic, person or image is
        # on no page until one that uses it is published.
        return
    # A renamed topic, a corrected photo credit or a deleted document can be on any page.
    purge_after_commit(whole_site_urls())


def on_search_changed():
    """Search settings editors change (synonyms) alter every search's results: call once the
    search engine has them."""
    bump_content_version_on_change()
    purge_after_commit(
        [
            root + path
            for root in (site.root_url.rstrip("/") for site in Site.objects.all())
            for path in ("/api/v2/search/", "/search/*")
        ]
    )


def on_bulk_action(request, action_type, objects, action_class_instance):
    """Wagtail's bulk actions on images and documents (moving them to another collection, which
    may be private) update rows without saving each one: start a new version and purge the site.
    Pages' bulk actions publish, unpublish, move and delete page by page, with their signals."""
    if issubclass(action_class_instance.model, Page):
        return
    bump_content_version_on_change()
    purge_after_commit(whole_site_urls())


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail import hooks
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cms.models import PressSettings

    page_published.connect(on_page_changed, dispatch_uid="newsdesk-purge-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="newsdesk-purge-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="newsdesk-purge-moved")
    post_save.connect(on_content_saved, dispatch_uid="newsdesk-content-saved")
    post_delete.connect(on_content_saved, dispatch_uid="newsdesk-content-deleted")
    post_save.connect(on_settings_changed, sender=PressSettings, dispatch_uid="newsdesk-purge-cfg")
    for signal in (post_save, post_delete):
        signal.connect(
            on_view_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"newsdesk-purge-privacy-{signal is post_save}",
        )
    hooks.register("after_bulk_action", on_bulk_action)
