from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


class Spokesperson(index.Indexed, models.Model):
    """Someone quoted in our publications, attributed by name, role and organisation."""

    name = models.CharField(max_length=150)
    role = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    photo = models.ForeignKey(
        "cms.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "spokespeople"

    def __str__(self):
        return self.name

    @property
    def attribution(self):
        """'Name, Role, Organisation' with the empty parts left out."""
        return ", ".join(part for part in (self.name, self.role, self.organisation) if part)


class PressContact(models.Model):
    """A named contact journalists can reach about a particular release."""

    name = models.CharField(max_length=150)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


# The viewsets give each chooser a short "create" form (cms.snippets).
register_snippet(Spokesperson, viewset="cms.snippets.SpokespersonViewSet")
register_snippet(PressContact)
