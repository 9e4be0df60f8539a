"""Inline scripts the Content-Security-Policy allows by hash (e.g. JSON-LD structured data)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from frontend.content_security import allow_inline_script

register = template.Library()

# The characters that could close the <script> element or start a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _script(context, text, script_type):
    allow_inline_script(context.get("request"), text)
    return format_html('<script type="{}">{}</script>', script_type, mark_safe(text))


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    """{% json_ld data %}: a <script type="application/ld+json"> the CSP lets through."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return _script(context, text, "application/ld+json")


class InlineScriptNode(template.Node):
    def __init__(self, nodelist, script_type):
        self.nodelist = nodelist
        self.script_type = script_type

    def render(self, context):
        text = self.nodelist.render(context).replace("</", "<\\/")
        script_type = self.script_type.resolve(context) if self.script_type else "text/javascript"
        return _script(context, text, script_type)


@register.tag
def inline_script(parser, token):
    """{% inline_script "application/ld+json" %}...{% endinline_script %}"""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("inline_script takes at most one argument: the type")
    script_type = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endinline_script",))
    parser.delete_first_token()
    return InlineScriptNode(nodelist, script_type)
