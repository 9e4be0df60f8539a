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


class ReportPageForm(ArticlePageForm):
    missing_messages = {
        **ArticlePageForm.missing_messages,
        "report_pdf": (
            "A report cannot be published without its PDF: choose or upload it under "
            "“The report”, then publish again."
        ),
    }
    required_to_publish = ("report_pdf",)
