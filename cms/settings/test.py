"""Tests: cheap, visible side effects. Tests that need the real services ask for them."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=BASE_DIR / "var" / "test-media")
# The tests' Site is localhost on port 80.
BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://localhost"
ALLOWED_HOSTS = ["*"]
CELERY_TASK_ALWAYS_EAGER = False
SOCIAL_CREDENTIALS_KEY = env.str(
    "SOCIAL_CREDENTIALS_KEY", default="dGVzdC1vbmx5LXNvY2lhbC1jcmVkZW50aWFscy1rZXk="
)
# The tests' network servers listen on loopback; tests of the refusal empty this list.
OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
# Every lane searches with its database's own engine, whatever ELASTICSEARCH_URL says: that
# variable only adds the Elasticsearch lane (tests/search/conftest.py), on indexes of its own.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "english"
