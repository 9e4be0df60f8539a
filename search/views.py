"""The visitor's search page and title suggestions: thin views over search.service."""

import sys
from dataclasses import replace

from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from cms.app_cache import remember_answer
from search.service import (
    SearchUnavailable,
    faceted_search_or_last_page,
    parse_search_params,
    suggest_titles,
)

PAGE_SIZE = 20
FACET_HEADINGS = {
    "kind": "Kind",
    "topic": "Topic",
    "country": "Country",
    "region": "Region",
    "campaign": "Campaign",
    "year": "Year",
}
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
# Values listed in each facet; the rest (a newsroom may report on 150 countries) fold under
# "Show more". Chosen values are always listed.
FACET_VALUES_SHOWN = 8


def _noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def search_page(request):
    params, notices = parse_search_params(request.GET, strict=False)
    # The page's own size: page_size belongs to the API.
    params = replace(params, page_size=PAGE_SIZE)
    context = {"params": params, "notices": notices, "sort_labels": SORT_LABELS}
    status = 200
    # Everyone asking the same gets the same facets and results until the content changes:
    # kept in memory, so a search shared during a breaking story is worked out once.
    key = f"search-page:{request.get_host()} {params!r}"
    try:
        searched = remember_answer(
            key, lambda: _search(request, params), lambda kept: _kept_bytes(kept["results_html"])
        )
        context.update(searched)
    except SearchUnavailable:
        status = 503
        context["unavailable"] = True
    return _noindex(render(request, "search/search.html", context, status=status))


def _search(request, params):
    """The search's parameters (the page may change), its facets and its results as HTML."""
    # Past the end (results changed since the link was made, or out of reach): the last page.
    outcome = faceted_search_or_last_page(params)
    params = outcome.params
    facets = [
        (name, FACET_HEADINGS[name], values, *_shown_and_more(values))
        for name, values in outcome.facets.items()
    ]
    context = {"params": params, "outcome": outcome, "facets": facets}
    html = render_to_string("search/results.html", context, request=request)  # safe HTML
    # The chosen values, which the words form keeps (a facet may list a hundred values).
    chosen = [
        (name, value.value)
        for name, values in outcome.facets.items()
        for value in values
        if value.selected
    ]
    return {"params": params, "results_html": html, "chosen": chosen}


def _kept_bytes(html):
    """What a kept search holds in memory: its HTML as Python stores it (one to four bytes a
    letter: a single curly quote in an excerpt doubles it), and the parameters."""
    return sys.getsizeof(html) + 2048


def _shown_and_more(values):
    """A facet's values to list, and those folded away: the first few and every chosen one."""
    shown, more = [], []
    for position, value in enumerate(values):
        (shown if position < FACET_VALUES_SHOWN or value.selected else more).append(value)
    return shown, more


@require_GET
def suggestions(request):
    """Titles starting like the visitor's words: JSON for the script, a page without it."""
    text = request.GET.get("q", "")
    wants_json = request.GET.get("format") == "json" or "application/json" in request.headers.get(
        "Accept", ""
    )
    status = 200
    try:
        articles = suggest_titles(text)
    except SearchUnavailable:
        articles, status = [], 503
    if wants_json:
        payload = {
            "query": text[:200],
            "suggestions": [
                {"title": article.title, "url": article.get_url(request), "kind": article.kind}
                for article in articles
            ],
        }
        if status == 503:
            payload["message"] = "Search is temporarily unavailable."
        response = JsonResponse(payload, status=status)
    else:
        context = {"query": text[:200], "articles": articles, "unavailable": status == 503}
        response = render(request, "search/suggestions.html", context, status=status)
    # JSON or HTML by the Accept header: caches must keep the two apart.
    patch_vary_headers(response, ["Accept"])
    return _noindex(response)
