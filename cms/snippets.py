"""The snippets editors keep (taxonomy, people), each with a short "create" form in its chooser,
so a missing topic, country or spokesperson is added from where it is chosen."""

from django import forms
from django.utils.text import slugify
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Country, Spokesperson, Topic


class NamedWithSlugForm(forms.ModelForm):
    """Only the name is asked for; the address slug is made from it."""

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self._meta.model.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                f"There is already a {self._meta.model._meta.verbose_name} called “{name}”: "
                "find it on the “Choose” tab."
            )
        return name

    def save(self, commit=True):
        instance = super().save(commit=False)
        base = slugify(instance.name)[:90] or "item"
        slug, number = base, 2
        while type(instance).objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        instance.slug = slug
        if commit:
            instance.save()
        return instance


class TopicCreationForm(NamedWithSlugForm):
    class Meta:
        model = Topic
        fields = ["name"]


class CountryCreationForm(NamedWithSlugForm):
    class Meta:
        model = Country
        fields = ["name", "region"]


class SpokespersonCreationForm(forms.ModelForm):
    class Meta:
        model = Spokesperson
        fields = ["name", "role", "organisation"]


def chooser_with_creation(form_class, label):
    return type(
        f"{form_class.Meta.model.__name__}ChooserViewSet",
        (SnippetChooserViewSet,),
        {"creation_form_class": form_class, "create_action_label": label},
    )


class TopicViewSet(SnippetViewSet):
    icon = "tag"
    chooser_viewset_class = chooser_with_creation(TopicCreationForm, "Add topic")


class CountryViewSet(SnippetViewSet):
    icon = "site"
    chooser_viewset_class = chooser_with_creation(CountryCreationForm, "Add country")


class SpokespersonViewSet(SnippetViewSet):
    icon = "user"
    chooser_viewset_class = chooser_with_creation(SpokespersonCreationForm, "Add spokesperson")
