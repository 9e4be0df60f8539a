import re

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image

ALT_TEXT_HELP = (
    "Required. What the photo shows, for people who cannot see it, in a sentence "
    '(e.g. "Two women hold candles outside the court at night"). Do not start with '
    '"Photo of"; leave the credit out.'
)


def split_credit(text):
    """(photographer, agency) from a credit typed in one line: "Photo by Ana Ruiz via Reuters",
    "Photo: Ana Ruiz/Reuters", "Ana Ruiz for Newsdesk"."""
    text = re.sub(r"^\s*(photo(graph)?\s*(by|:)|©)\s*", "", text or "", flags=re.I).strip()
    parts = re.split(r"\s+(?:via|for)\s+|\s*/\s*", text, maxsplit=1, flags=re.I)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")


class NewsImage(AbstractImage):
    """A photo with the credit and caption a newsroom must print with it."""

    photographer = models.CharField(
        max_length=150, blank=True, help_text='The name alone, e.g. "Ana Ruiz".'
    )
    agency = models.CharField(
        max_length=150,
        blank=True,
        help_text='The agency or organisation, e.g. "Reuters"; printed as "Photo: Ana Ruiz / '
        'Reuters".',
    )
    # Printed after "Photo: " wherever the image appears; made from the two fields above.
    credit = models.CharField(max_length=255, blank=True, editable=False)
    caption = models.CharField(max_length=500, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "photographer", "agency", "caption")

    def save(self, *args, **kwargs):
        if self.credit and not (self.photographer or self.agency):
            self.photographer, self.agency = split_credit(self.credit)
        self.credit = " / ".join(part for part in (self.photographer, self.agency) if part)
        super().save(*args, **kwargs)

    @property
    def alt(self):
        """The alt text the editor wrote (the image's description); never its title."""
        return self.description


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
