"""Serializer fields the page types name in their `api_fields`, in the shared JSON shapes."""

from rest_framework import serializers

from cms.api_representations import (
    campaign_representation,
    document_representation,
    image_representation,
    phone_sources,
    spokesperson_representation,
    taxonomy_representation,
)


class ContextRequestMixin:
    @property
    def request(self):
        return self.context.get("request")


class ImageField(ContextRequestMixin, serializers.Field):
    """A hero image: null or {id, alt, credit, caption, small, large}."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, image):
        return image_representation(image, self.request)


class PhoneSourcesField(ContextRequestMixin, serializers.Field):
    """An image's phone-sized renditions: [{url, width, height, format}], WebP and JPEG."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, image):
        return phone_sources(image, self.request)


class DocumentField(ContextRequestMixin, serializers.Field):
    """A file to download: {id, title, url, size, extension}."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, document):
        return document_representation(document, self.request)


class TaxonomyListField(serializers.Field):
    """Topics or countries: [{id, name, slug}], in name order (the prefetch orders them)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [taxonomy_representation(term) for term in manager.all()]


class CampaignField(serializers.Field):
    """The campaign a publication belongs to: {id, title} or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        campaign = super().get_attribute(instance)
        # A campaign that is unpublished or private is not shown, not even by title.
        if campaign is None or not campaign.live:
            return None
        restricted_paths = self.context.get("restricted_paths", ())
        if any(campaign.path.startswith(path) for path in restricted_paths):
            return None
        return campaign

    def to_representation(self, campaign):
        return campaign_representation(campaign)


class SpokespeopleField(ContextRequestMixin, serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [spokesperson_representation(person, self.request) for person in manager.all()]


class PressContactsField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [
            {
                "name": contact.name,
                "role": contact.role,
                "email": contact.email,
                "phone": contact.phone,
            }
            for contact in manager.all()
        ]


class KindField(serializers.Field):
    """The article's kind (slug, as the `kind` filter takes it, or label), from its specific type.

    Listings hold base-class articles, so the kind comes from the content type, not the instance.
    """

    def __init__(self, attribute="kind_slug", **kwargs):
        self.attribute = attribute
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, page):
        return getattr(page.specific_class, self.attribute)
