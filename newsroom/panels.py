from django.utils.functional import lazy
from django.utils.timezone import get_current_timezone_name
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TabbedInterface


def _in_time_zone(text):
    # Evaluated when the form renders, inside the editor's own time zone.
    return f"{text} Times are in {get_current_timezone_name()}."


in_time_zone = lazy(_in_time_zone, str)


def schedule_panel():
    """Go-live (the embargo) and expiry as plain fields in the editor's main view, instead of
    the Status panel's "Set schedule" dialog, whose date picker covers its own Save button."""
    return MultiFieldPanel(
        [
            FieldPanel(
                "go_live_at",
                heading="Goes live at",
                help_text=in_time_zone(
                    "Leave empty to publish at once. Embargo: the page stays invisible "
                    "everywhere (its address, listings, search, feeds, the API, social posts) "
                    "until this moment; press Publish to schedule it."
                ),
            ),
            FieldPanel(
                "expire_at",
                heading="Expires at",
                help_text=in_time_zone("The page is unpublished at this moment."),
            ),
        ],
        heading="Publishing schedule",
    )


class TabsWithScheduleInContent(TabbedInterface):
    """The page editor's tabs when the schedule is in the Content tab (schedule_panel): the
    Status panel's "Set schedule" would open a dialog that is no longer there."""

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.show_schedule_publishing_toggle = False
        return form_class
