from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

from newsroom.embargo import PreviewLinkUnavailable, page_for_preview_token


def embargoed_preview(request, token):
    """An article under embargo, for the journalist holding the link: never cached or indexed."""
    try:
        link, page = page_for_preview_token(token)
    except PreviewLinkUnavailable:
        response = HttpResponse(
            "This preview link has expired or been withdrawn. Please ask the press office for "
            "a new one.",
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    else:
        request.is_preview = True
        response = page.serve_preview(request, page.default_preview_mode)
        response.context_data["embargo_link"] = link
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
