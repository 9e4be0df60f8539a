from django.utils.functional import lazy
from django.utils.timezone import get_current_timezone_name
from wagtail.admin.panels import FieldPanel, PublishingPanel


def _in_time_zone(text):
    # Evaluated when the form renders, inside the editor's own time zone.
    return f"{text} Times are in {get_current_timezone_name()}."


in_time_zone = lazy(_in_time_zone, str)


class EmbargoPublishingPanel(PublishingPanel):
    """Wagtail's scheduling panel, with help that names the time zone of the times entered."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        help_texts = {
            "go_live_at": in_time_zone(
                "Embargo: the page stays invisible everywhere (its address, listings, search, "
                "feeds, the API, social posts) until this moment."
            ),
            "expire_at": in_time_zone("The page is unpublished at this moment."),
        }
        self.children = [
            FieldPanel(child.field_name, widget=child.widget, help_text=help_texts[name])
            for child in self.children
            for name in [child.field_name]
        ]
