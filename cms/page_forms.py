"""The base of the page editor's forms."""

import uuid

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm


class PageCreationForm(WagtailAdminPageForm):
    """Carries the key that makes every post of one "new page" form edit the same page
    (cms.page_creation)."""

    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
