"""{% published_cache "name" page %}...{% endpublished_cache %}: a template fragment kept in the
application cache until anything is published or edited (see cms/app_cache.py). Previews of
drafts always render fresh."""

from django import template

from cms.app_cache import remember
from cms.stored_renderings import allow_scripts
from frontend.content_security import rendering_scripts

register = template.Library()


class PublishedCacheNode(template.Node):
    def __init__(self, nodelist, name, page):
        self.nodelist = nodelist
        self.name = name
        self.page = page

    def render(self, context):
        page = self.page.resolve(context)
        request = context.get("request")
        if getattr(request, "is_preview", False) or getattr(page, "pk", None) is None:
            return self.nodelist.render(context)
        # The content version in remember()'s key changes on any save of a page, snippet or image.
        key = f"fragment:{self.name.resolve(context)}:{page.pk}"
        html, script_hashes = remember(
            key, lambda: rendering_scripts(request, lambda: self.nodelist.render(context))
        )
        # Inline scripts inside the fragment must stay allowed when it comes from the cache.
        allow_scripts(request, script_hashes)
        return html


@register.tag
def published_cache(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError('usage: {% published_cache "name" page %}')
    nodelist = parser.parse(("endpublished_cache",))
    parser.delete_first_token()
    return PublishedCacheNode(
        nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2])
    )
