"""The image form: alt text is required, with guidance, under a name that says what it is."""

from wagtail.images.forms import BaseImageForm

from cms.models.images import ALT_TEXT_HELP


class NewsImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            alt = self.fields["description"]
            alt.required = True
            alt.label = "Alt text"
            alt.help_text = ALT_TEXT_HELP
            alt.error_messages["required"] = (
                "Write the alt text: what the photo shows, for people who cannot see it."
            )
