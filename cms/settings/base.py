"""Settings shared by every environment. The environment is read here and nowhere else."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is convenient in development; the real environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database shared by the web server, the Celery worker and beat: readers never
    # wait for a writer (WAL), a writer waits its turn instead of failing with "database is
    # locked" (busy timeout), and a transaction takes the write lock when it starts, since one
    # that upgrades from reading to writing while another writes fails at once, whatever the
    # timeout.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "timeout": env.float("SQLITE_BUSY_TIMEOUT", default=20.0),
        "transaction_mode": "IMMEDIATE",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")

INSTALLED_APPS = [
    "cms",
    "newsroom",
    "campaigns",
    "campaigns.social",
    "search",
    "frontend",
    "api",
    "demo",
    "corsheaders",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.private_responses.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cms.app_cache.ContentVersionMiddleware",
    "cms.routing.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cms.accounts.two_factor.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username,
# or from one address, sign-in is refused (the right password too) for AXES_COOLOFF_MINUTES.
# Every sign-in, failure and lockout is recorded (admin: Settings → Sign-in audit).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The attempt that reaches the limit is the first refused: five wrong passwords, then locked.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=6)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The visitor's address: REMOTE_ADDR, unless TRUSTED_PROXY_COUNT proxies (load balancer, Varnish)
# each append to X-Forwarded-For; then the address that many hops from the end.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
OTP_TOTP_ISSUER = env.str("SITE_NAME", default="Newsdesk")
# Passkeys (django-otp-webauthn) as a second factor, never instead of the password. The relying
# party is BASE_URL: its host name is the RP id and its origin the only one accepted
# (cms/accounts/passkeys.py), hence no OTP_WEBAUTHN_ALLOWED_ORIGINS list to keep in step.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "cms.accounts.passkeys.SiteWebAuthnHelper"
OTP_WEBAUTHN_RP_ID_CALLABLE = "cms.accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME_CALLABLE = "cms.accounts.passkeys.relying_party_name"
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E030"]  # "no allowed origins": BASE_URL is the one

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Photos and renditions from MEDIA_ROOT are served by the application (cms.views.media) unless
# media live elsewhere (object storage with its own MEDIA_URL): browsers keep them a week,
# Varnish a month (deleting or replacing an image purges it).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
MEDIA_MAX_AGE = env.int("MEDIA_MAX_AGE", default=7 * 24 * 3600)
MEDIA_SHARED_MAX_AGE = env.int("MEDIA_SHARED_MAX_AGE", default=30 * 24 * 3600)

# Redis, failing soft (cms/resilient_cache.py): an outage or a stalled server turns cache calls
# into misses after a short timeout, and the site answers from the database meanwhile.
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)


def redis_caches(url, socket_timeout=CACHE_SOCKET_TIMEOUT):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "newsdesk",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": socket_timeout,
                "SOCKET_TIMEOUT": socket_timeout,
                "REDIS_CLIENT_CLASS": "cms.resilient_cache.FailFastRedis",
            },
        }
    }


# Off: every fragment and answer is worked out on each request (the benchmark's "worked out"
# rows measure the first visitor after a publish this way). Never off in production.
APP_CACHES = env.bool("APP_CACHES", default=True)

if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when configured; otherwise an embedded broker on the local filesystem,
# so `make run` has a real worker without any server (cms/embedded_broker.py: it survives its
# folders being removed).
CELERY_BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(BASE_DIR / "var" / "celery")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A stalled broker must fail a publish's enqueue (the sweeps send it later), not hang it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT = "cms.embedded_broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Newsdesk")
# The site's one public address (cms/site_address.py): the Site record follows it, and every
# absolute URL (pages, feeds, sitemap, API, Open Graph, JSON-LD, emails) names it.
BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILAPI_BASE_URL = BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "cms.NewsImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.NewsImageForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Every background task logs twice at INFO; keep the console for what matters.
        "django_tasks": {"level": "WARNING"},
    },
}

CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {
        "task": "cms.tasks.publish_scheduled_pages",
        "schedule": env.float("SCHEDULED_PUBLISHING_INTERVAL", default=60.0),
    },
    # Purges kept while Varnish or the cache server was down (cms/cache_purge.py).
    "retry-deferred-purges": {
        "task": "cms.tasks.retry_deferred_purges",
        "schedule": env.float("PURGE_RETRY_INTERVAL", default=10.0),
    },
}
# Each Celery worker records that it is alive this often; /healthz/ wants a recent record.
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=15.0)

# Social cross-posting. The key encrypts account credentials (Fernet; comma-separate keys to
# rotate, the first one encrypts). Development and test settings embed a throwaway key.
SOCIAL_CREDENTIALS_KEY = env.str("SOCIAL_CREDENTIALS_KEY", default="")
# Networks (CIDR) the workers may reach although they are not public internet addresses, e.g. a
# webhook on the organisation's own chat server. Empty: loopback, private, link-local and cloud
# metadata addresses are refused (campaigns/social/outbound.py).
OUTBOUND_ALLOWED_NETWORKS = env.list("OUTBOUND_ALLOWED_NETWORKS", default=[])
SOCIAL_HTTP_TIMEOUT = env.float("SOCIAL_HTTP_TIMEOUT", default=20.0)
SOCIAL_MAX_ATTEMPTS = env.int("SOCIAL_MAX_ATTEMPTS", default=10)
SOCIAL_RETRY_BASE_SECONDS = env.float("SOCIAL_RETRY_BASE_SECONDS", default=30.0)
SOCIAL_RETRY_MAX_SECONDS = env.float("SOCIAL_RETRY_MAX_SECONDS", default=3600.0)
SOCIAL_CLAIM_LEASE_SECONDS = env.float("SOCIAL_CLAIM_LEASE_SECONDS", default=300.0)
SOCIAL_SWEEP_INTERVAL = env.float("SOCIAL_SWEEP_INTERVAL", default=60.0)
SOCIAL_SWEEP_GRACE_SECONDS = env.float("SOCIAL_SWEEP_GRACE_SECONDS", default=60.0)
SOCIAL_SWEEP_BATCH = env.int("SOCIAL_SWEEP_BATCH", default=500)
CELERY_BEAT_SCHEDULE["sweep-social-cross-posts"] = {
    "task": "campaigns.social.tasks.sweep_cross_posts",
    "schedule": SOCIAL_SWEEP_INTERVAL,
}

NEWSROOM_PAGE_SIZE = env.int("NEWSROOM_PAGE_SIZE", default=12)

# Email (workflow notifications to reviewers): console unless EMAIL_URL says otherwise,
# e.g. smtp+tls://user:password@mail.example.org:587
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsdesk@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Search: Elasticsearch when ELASTICSEARCH_URL is set, otherwise the database's own full text
# (PostgreSQL with English stemming; SQLite FTS5).
if ELASTICSEARCH_URL:
    from search.engine_settings import backend_settings

    WAGTAILSEARCH_BACKENDS = {
        "default": backend_settings(
            ELASTICSEARCH_URL,
            index_prefix=env.str("ELASTICSEARCH_INDEX_PREFIX", default="newsdesk_"),
            timeout=env.int("ELASTICSEARCH_TIMEOUT", default=5),
        )
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "english"
CELERY_BEAT_SCHEDULE["catch-up-search-index"] = {
    "task": "search.tasks.catch_up_search_index",
    "schedule": 60.0,
}

# The API for the mobile app (/api/v2/).
# CORS: only the app's web origins, only the API, read-only.
MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
CORS_PREFLIGHT_MAX_AGE = 86400
# Rich text in API responses: display HTML with links resolved, unless ?rich_text_format= asks.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 50
# Seconds the app and shared caches may reuse an API response before revalidating it.
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
API_CACHE_STALE_WHILE_REVALIDATE = env.int("API_CACHE_STALE_WHILE_REVALIDATE", default=300)
# Production shape (docs/deployment.md): Content-Security-Policy, front-end cache purging.
MIDDLEWARE.insert(1, "frontend.content_security.ContentSecurityPolicyMiddleware")
CSP_FRAME_SRC = env.list(
    "CSP_FRAME_SRC",
    default=[
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ],
)
CSP_EXTRA_IMG_SRC = env.list("CSP_EXTRA_IMG_SRC", default=[])
CSP_REPORT_URI = env.str("CSP_REPORT_URI", default="")
CSP_UPGRADE_INSECURE_REQUESTS = False
# Varnish's address for PURGE requests (e.g. http://varnish:80); unset: nothing to purge.
VARNISH_URL = env.str("VARNISH_URL", default="")
if VARNISH_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "cms.cache_purge.VarnishPurgeBackend",
            "LOCATION": VARNISH_URL,
        }
    }
