"""GET /api/v2/search/: the search service as JSON for the mobile app."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from cms.api_representations import IMAGE_FILTERS, image_representation
from cms.models import NewsImage
from search.service import (
    InvalidSearchParameter,
    SearchUnavailable,
    faceted_search,
    parse_search_params,
)


def result_representation(hit, request):
    article = hit.article
    return {
        "id": article.pk,
        "title": article.title,
        "kind": article.kind,
        "kind_label": article.kind_name,
        "html_url": article.get_full_url(request),
        "publication_date": article.publication_date.isoformat(),
        "teaser": article.teaser,
        "highlight": hit.highlight,
        "hero_image": image_representation(article.hero_image, request),
    }


def _json(payload, status=200):
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def search_api(request):
    try:
        params, _ = parse_search_params(request.GET, strict=True)
    except InvalidSearchParameter as error:
        return _json({"message": error.message, "parameter": error.parameter}, status=400)
    try:
        outcome = faceted_search(params)
    except InvalidSearchParameter as error:  # a page past the last one
        return _json({"message": error.message, "parameter": error.parameter}, status=400)
    except SearchUnavailable:
        return _json({"message": "Search is temporarily unavailable. Try again shortly."}, 503)
    # A result whose article went since the search (unpublished meanwhile) is left out.
    hits = [hit for hit in outcome.hits if hit.article is not None]
    articles = [hit.article for hit in hits]
    # Both renditions for every hero image in one query for the images and one for the
    # renditions, whatever the page size.
    image_ids = {article.hero_image_id for article in articles if article.hero_image_id}
    images = NewsImage.objects.filter(pk__in=image_ids).prefetch_renditions(*IMAGE_FILTERS)
    by_id = {image.pk: image for image in images} if image_ids else {}
    for article in articles:
        article.hero_image = by_id.get(article.hero_image_id)
    return _json(
        {
            "query": params.query,
            "sort": params.sort,
            "page": params.page,
            "page_size": params.page_size,
            "total": outcome.total,
            "num_pages": outcome.num_pages,
            "results": [result_representation(hit, request) for hit in hits],
            "facets": {
                facet: [
                    {
                        "value": value.value,
                        "label": value.label,
                        "count": value.count,
                        "selected": value.selected,
                    }
                    for value in values
                ]
                for facet, values in outcome.facets.items()
            },
        }
    )
