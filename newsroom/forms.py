"""The article editor's form: what is missing is said in the editor's words."""

from cms.page_forms import PageCreationForm


class ArticlePageForm(PageCreationForm):
    # Required on publishing and on submitting for review; a draft may leave them empty.
    missing_messages = {
        "title": "Give the page a title: it heads the page, listings, search and shares.",
        "slug": "The page needs an address (Promote tab, “Slug”): it is made from the title.",
        "teaser": "Write a teaser: one or two sentences shown in listings, search and shares.",
        "publication_date": "Give the publication date shown on the page and in listings.",
    }
    required_to_publish = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required_to_publish:
            if name in self.fields:
                self.fields[name].required = True
        for name, message in self.missing_messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message

    def clean(self):
        cleaned = super().clean()
        if not self.is_deferred_validation:  # drafts may wait; publishing and review may not
            self.require_alt_text(cleaned)
        return cleaned

    def require_alt_text(self, cleaned):
        """Every photo on the page is described for people who cannot see it."""
        hero = cleaned.get("hero_image")
        if hero is not None and not hero.alt:
            self.add_error("hero_image", missing_alt_text(hero))
        body = cleaned.get("body") or []
        for block in body:
            if block.block_type == "image" and block.value.get("image") is not None:
                image = block.value["image"]
                if not (block.value.get("alt_text") or image.alt):
                    self.add_error("body", missing_alt_text(image, in_block=True))


def missing_alt_text(image, in_block=False):
    where = " or write it in the image block's “Alt text”" if in_block else ""
    return (
        f"The photo “{image.title}” has no alt text. Describe what it shows for people who "
        f"cannot see it: edit the image (Images menu) and fill in “Alt text”{where}."
    )


class ReportPageForm(ArticlePageForm):
    missing_messages = {
        **ArticlePageForm.missing_messages,
        "report_pdf": (
            "A report cannot be published without its PDF: choose or upload it under "
            "“The report”, then publish again."
        ),
    }
    required_to_publish = ("report_pdf",)
