"""A body that uses every block in the library, for rendering tests of every page type."""

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from cms.factories import DocumentFactory, NewsImageFactory, SpokespersonFactory

VIDEO_URL = "https://video.example.org/watch/1234"


def every_block_body():
    """(body as stored, dict of what a visitor must see)."""
    person = SpokespersonFactory(name="Irena Vasik", role="Director", organisation="Lumen Rights")
    image = NewsImageFactory(
        title="Vigil", credit="Photo by Ana Ruiz via Northlight", caption="A vigil at night."
    )
    document = DocumentFactory(title="Briefing paper")
    # Embeds are cached in the database; a cached one renders without reaching the provider.
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="Testimony video" src="https://video.example.org/embed/1234"></iframe>',
        title="Testimony",
    )
    body = [
        {"type": "heading", "value": {"text": "What we found", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Researchers spoke to <b>64 people</b>.</p>"},
        {
            "type": "quote",
            "value": {"quote": "This must end now.", "spokesperson": person.pk, "attribution": ""},
        },
        {
            "type": "quote",
            "value": {
                "quote": "They took my phone.",
                "spokesperson": None,
                "attribution": "A man detained at the border",
            },
        },
        {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": ""}},
        {"type": "embed", "value": VIDEO_URL},
        {"type": "document", "value": {"document": document.pk, "title": ""}},
        {
            "type": "call_to_action",
            "value": {
                "heading": "Act now",
                "text": "Write to the minister.",
                "button_label": "Send a letter",
                "link": {"page": None, "url": "https://act.example.org/letter"},
            },
        },
        {"type": "fact_box", "value": {"title": "In numbers", "facts": ["64 interviews"]}},
        {
            "type": "table",
            "value": {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Interviews by place",
                "data": [["Place", "Interviews"], ["Border camp", "40"]],
            },
        },
    ]
    expected = {
        "heading": "<h2>What we found</h2>",
        "paragraph": "Researchers spoke to <b>64 people</b>.",
        "quote": '<span class="quote-name">Irena Vasik</span>',
        "quote role": "Director, Lumen Rights",
        "free attribution": "A man detained at the border",
        "image credit": "Photo: Ana Ruiz / Northlight",
        "image caption": "A vigil at night.",
        "embed": 'title="Testimony video"',
        "document": f'href="{document.url}"',
        "call to action": 'href="https://act.example.org/letter"',
        "fact box": "64 interviews",
        "table": '<th scope="col">Interviews</th>',
    }
    return body, expected
