from wagtail import hooks

from cms.private_responses import mark_restricted


@hooks.register("before_serve_page")
def keep_restricted_pages_out_of_caches(page, request, serve_args, serve_kwargs):
    # The restrictions are kept in memory (cms.routing): no query of its own.
    if page.get_view_restrictions():
        mark_restricted(request)
