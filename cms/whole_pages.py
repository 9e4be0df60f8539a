"""Whole pages served from one row, without routing or rendering.

An anonymous visitor's GET of a page's own address (no query string, no session, no
credentials) is answered with the page exactly as the last such visitor got it, read from the
page's `StoredRendering` row by its path: one query when nothing is in memory, none when this
process read it before for the current content version.

The row's `whole` part follows the rules of the other stored parts (cms/stored_renderings.py):
it is written only under the token read before the page was rendered (`claim_whole_page`,
before Wagtail serves the page), it is emptied in the transaction of any change to what the
page shows, and also when a page it lists changes (`forget_listings`: the latest news on the
home page, an article's related articles). It is read only for the live revision it was
rendered from, with the layout in use. Restricted pages, previews and signed-in visitors never
get it. See docs/freshness.md.
"""

import logging
import sys

from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from wagtail import views as wagtail_views

from cms.app_cache import keep_answer, remember_answer
from cms.kept_answers import shared_answer_key
from cms.stored_renderings import allow_scripts, claim, keep_whole, stored_whole, usable_for

logger = logging.getLogger(__name__)

# Bytes a kept whole page counts for beyond its text.
_OVERHEAD = 1024


def may_be_whole(request):
    """Whether every visitor asking this gets the same page: a GET or HEAD of a bare address
    by someone without a session or credentials."""
    return shared_answer_key(request) is not None and not request.META.get("QUERY_STRING")


def _size(found):
    # As Python holds the text: a page with one letter beyond Latin-1 takes two bytes a letter.
    return None if found is None else sys.getsizeof(found[0]) + _OVERHEAD


def serve(request, path):
    """Wagtail's page view, answering from the stored whole page when there is one."""
    site = getattr(request, "_wagtail_site", None)
    if site is None or not may_be_whole(request):
        return wagtail_views.serve(request, path)
    key = f"whole:{site.pk}:{request.path}"
    found = remember_answer(key, lambda: stored_whole(site, request.path), _size)
    if found is not None:
        html, scripts = found
        allow_scripts(request, scripts)
        response = HttpResponse(html)
        # As the rendered page says: a visitor with a session may be answered otherwise.
        patch_vary_headers(response, ("Cookie",))
        return response
    request.may_keep_whole_page = True
    response = wagtail_views.serve(request, path)
    claimed = getattr(request, "whole_page_claim", None)
    if (
        claimed is None
        or request.method != "GET"
        or response.status_code != 200
        or response.cookies
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    page, token = claimed
    if not usable_for(request, page):  # it turned out restricted
        return response
    html = response.content.decode(response.charset)
    scripts = list(getattr(request, "csp_script_hashes", []))
    try:
        with transaction.atomic():
            kept = keep_whole(request, page, token, html, scripts)
    except DatabaseError:  # the visitor still gets the page; the next one renders it again
        logger.warning("Could not keep the whole page %s", request.path, exc_info=True)
        kept = False
    if kept:
        keep_answer(key, (html, scripts), _size((html, scripts)))
    return response


def claim_whole_page(page, request, serve_args, serve_kwargs):
    """before_serve_page: read the page's token before it is rendered, when its whole page may
    be kept (the page itself at its own address, not one of its sub-routes)."""
    if not getattr(request, "may_keep_whole_page", False) or serve_args or serve_kwargs:
        return
    if not usable_for(request, page):
        return
    try:
        with transaction.atomic():
            token = claim(request, [page]).get(page.pk)
    except DatabaseError:
        logger.warning("Could not claim the whole page of page %s", page.pk, exc_info=True)
        return
    if token:
        request.whole_page_claim = (page, token)
