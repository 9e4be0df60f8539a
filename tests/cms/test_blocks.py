"""Blocks on their own: to_python, clean and render, without any page."""

import pytest
from django.core.exceptions import ValidationError

from cms.blocks import ArticleBody, CallToActionBlock, FactBoxBlock, QuoteBlock
from cms.factories import SpokespersonFactory
from tests.blocks_data import every_block_body

pytestmark = pytest.mark.django_db


def test_article_body_cleans_and_renders_every_block_type():
    raw, expected = every_block_body()
    block = ArticleBody()
    value = block.clean(block.to_python(raw))
    assert [child.block_type for child in value] == [item["type"] for item in raw]
    html = block.render(value)
    assert [name for name, fragment in expected.items() if fragment not in html] == []


def test_quote_needs_a_spokesperson_or_an_attribution():
    block = QuoteBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"quote": "Words", "spokesperson": None, "attribution": ""}))


def test_quote_renders_the_spokesperson_attribution():
    person = SpokespersonFactory(name="Grace Okafor", role="Head of Campaigns", organisation="")
    block = QuoteBlock()
    value = block.clean(
        block.to_python(
            {"quote": "Not one step back.", "spokesperson": person.pk, "attribution": ""}
        )
    )
    html = block.render(value)
    assert "<blockquote><p>Not one step back.</p></blockquote>" in html
    assert '<span class="quote-name">Grace Okafor</span>' in html
    assert '<span class="quote-role">Head of Campaigns</span>' in html


@pytest.mark.parametrize(
    "link",
    [{"page": None, "url": ""}, {"page": 1, "url": "https://example.org"}],
    ids=["neither", "both"],
)
def test_call_to_action_needs_exactly_one_destination(link):
    block = CallToActionBlock()
    raw = {"heading": "Act", "text": "", "button_label": "Go", "link": link}
    with pytest.raises(ValidationError):
        block.clean(block.to_python(raw))


def test_fact_box_renders_each_fact_as_a_list_item():
    block = FactBoxBlock()
    value = block.clean(block.to_python({"title": "Key facts", "facts": ["One", "Two"]}))
    html = block.render(value)
    assert "<li>One</li><li>Two</li>" in html
    assert 'aria-label="Key facts"' in html
