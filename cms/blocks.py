"""The StreamField block library every article body is built from."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.api_representations import (
    absolute_links,
    document_representation,
    image_representation,
    request_of,
    spokesperson_representation,
)

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Subheading")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation, attributed to a spokesperson on file or to someone named freely."""

    quote = blocks.TextBlock()
    spokesperson = SnippetChooserBlock("cms.Spokesperson", required=False)
    attribution = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="Use when the speaker is not a spokesperson on file.",
    )

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("spokesperson") and not cleaned.get("attribution"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "attribution": ErrorList(
                        [ValidationError("Choose a spokesperson or write who said it.")]
                    )
                }
            )
        return cleaned

    def get_api_representation(self, value, context=None):
        person = value.get("spokesperson")
        return {
            "quote": value.get("quote"),
            "spokesperson": spokesperson_representation(person, request_of(context)),
            "attribution": value.get("attribution") or (person.attribution if person else ""),
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, max_length=255, help_text="Leave empty to use the image's own alt text."
    )
    caption = blocks.CharBlock(
        required=False, max_length=500, help_text="Leave empty to use the image's caption."
    )

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"

    def get_api_representation(self, value, context=None):
        """The shared image shape, with this block's alt text and caption taking precedence."""
        return image_representation(
            value.get("image"),
            request_of(context),
            alt=value.get("alt_text"),
            caption=value.get("caption"),
        )


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=255, help_text="Leave empty to use the document's title."
    )

    class Meta:
        icon = "doc-full"
        template = "components/blocks/document.html"

    def get_api_representation(self, value, context=None):
        return document_representation(
            value.get("document"), request_of(context), title=value.get("title")
        )


class LinkBlock(blocks.StructBlock):
    """A page on this site or an external address; exactly one."""

    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False)

    def clean(self, value):
        cleaned = super().clean(value)
        if bool(cleaned.get("page")) == bool(cleaned.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ErrorList([ValidationError("Choose a page or give a URL.")])}
            )
        return cleaned

    def get_api_representation(self, value, context=None):
        """Where the link goes, as one absolute URL; null when the chosen page is gone."""
        page = value.get("page")
        if page is not None:
            return page.get_full_url(request_of(context))
        return value.get("url") or None


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=255)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=80)
    link = LinkBlock()

    class Meta:
        icon = "pick"
        template = "components/blocks/call_to_action.html"


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=255, default="Key facts")
    facts = blocks.ListBlock(blocks.CharBlock(max_length=500), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "components/blocks/fact_box.html"


class ArticleBody(blocks.StreamBlock):
    """The body of a press release, a report or a campaign update."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="components/blocks/paragraph.html"
    )
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock(icon="media", template="components/blocks/embed.html")
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
    fact_box = FactBoxBlock()
    table = TableBlock(template="components/blocks/table.html")

    def get_api_representation(self, value, context=None):
        stream = super().get_api_representation(value, context)
        request = request_of(context)
        if request is not None and request.GET.get("rich_text_format", "html") == "html":
            for block in stream:
                if block["type"] == "paragraph":
                    block["value"] = absolute_links(block["value"], request)
        return stream


class KeyFindings(blocks.StreamBlock):
    finding = blocks.CharBlock(max_length=500, icon="tick")
