"""Production: every secret comes from the environment, and the site refuses to boot without it."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, SILENCED_SYSTEM_CHECKS, STORAGES, env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

if not env.str("SOCIAL_CREDENTIALS_KEY", default=""):
    raise ImproperlyConfigured(
        "SOCIAL_CREDENTIALS_KEY must be set in the environment for production "
        "(generate one with: python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())')."
    )

# Every process (gunicorn's workers, the Celery worker and beat) must share one cache and broker:
# with each process's own memory, a change published by one would not reach the others at once.
if not env.str("REDIS_URL", default=""):
    raise ImproperlyConfigured(
        "REDIS_URL must be set in the environment for production (e.g. redis://redis:6379/0): "
        "the cache, the content version and the Celery broker are shared through it."
    )

# No SECURE_PROXY_SSL_HEADER: gunicorn sets the scheme from X-Forwarded-Proto only when the
# proxy sent it (deploy/gunicorn.conf.py forwarded_allow_ips); the header alone proves nothing.
SECURE_PROXY_SSL_HEADER = None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/(live/)?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading commits every subdomain to HTTPS for months: the operator opts in, not the default.
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override this with SAMEORIGIN
CSP_UPGRADE_INSECURE_REQUESTS = SECURE_SSL_REDIRECT

# Static files: hashed names, compressed copies, cached for a year (hashed) or an hour (others).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = env.int("WHITENOISE_MAX_AGE", default=60 * 60)

# Media: local files by default; any Django storage (e.g. django-storages' S3) from the environment.
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_STORAGE_BACKEND = env.str(
    "MEDIA_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
)
STORAGES["default"] = {
    "BACKEND": MEDIA_STORAGE_BACKEND,
    "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
}
# Files on this server's disk are served by the application behind Varnish; object storage
# (an absolute MEDIA_URL) serves its own.
SERVE_MEDIA = env.bool(
    "SERVE_MEDIA",
    default=MEDIA_URL.startswith("/") and MEDIA_STORAGE_BACKEND.endswith("FileSystemStorage"),
)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# One JSON object per log line, for the log collector.
LOGGING = {
    **LOGGING,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
}
