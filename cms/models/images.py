from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class NewsImage(AbstractImage):
    """A photo with the credit and caption a newsroom must print with it."""

    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text='Shown under the image wherever it appears: "Photo by Ana Ruiz via Reuters".',
    )
    caption = models.CharField(max_length=500, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit", "caption")


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
