"""Admin widgets for choosing several topics, countries or spokespeople at once."""

from django import forms
from wagtail.snippets.widgets import AdminSnippetChooser


class Checklist(forms.CheckboxSelectMultiple):
    """Every value as a checkbox (a click never drops the others), a box that filters the list
    as the editor types, and Wagtail's chooser beside it to find or create one that is missing.
    """

    template_name = "cms/admin/checklist.html"

    def __init__(self, model, attrs=None):
        super().__init__(attrs)
        self.model = model
        self.adder = AdminSnippetChooser(model)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"].update(
            noun=self.model._meta.verbose_name,
            plural=self.model._meta.verbose_name_plural,
            filter_id=f"{base_id}-filter",
            # Posted under a name the form ignores: the checkbox it ticks is what counts.
            adder=self.adder.render(f"{name}-add", None, {"id": f"{base_id}-add"}),
        )
        return context

    @property
    def media(self):
        return self.adder.media + forms.Media(
            js=["newsdesk-admin/checklist.js"], css={"all": ["newsdesk-admin/checklist.css"]}
        )
