"""Helpers of the stored-rendering tests, measured as after a publish elsewhere: the
application caches answer nothing (APP_CACHES off)."""

import pytest
from django.core.cache import cache

from cms.models import StoredRendering


@pytest.fixture(autouse=True)
def worked_out(settings):
    settings.APP_CACHES = False
    # Wagtail keeps renditions in Django's cache by image id: ids come again in the next test.
    cache.clear()


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def row(page):
    return StoredRendering.objects.get(page_id=page.pk)
