"""Settings shared by every runtime mode.

The embedded default needs nothing but Python: SQLite, the in-memory channel layer, a
Whoosh index and media under ``var/``. Scale-out is switched on by environment variables:
``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` (channels_redis layer and Redis cache) and
``SEARCH_BACKEND=database`` (modelsearch's database full-text backend).
``SEARCH_BACKEND=tantivy`` keeps search embedded but on Tantivy (a compiled engine, index
under ``var/tantivy``), the fast option for large archives.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .mail import email_settings_from_env
from .sso import claims_from_env, providers_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PRAXIS_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
# A refused form (expired or missing CSRF token) answers with the site's own 403 page.
CSRF_FAILURE_VIEW = "core.error_pages.csrf_failure"

INSTALLED_APPS = [
    "daphne",
    "core",
    "communities",
    "discussions",
    "meetings",
    "peer_learning",
    "programmes",
    "guidebook",
    "digests",
    "search",
    "outbox",
    "dashboards",
    "facilitation",
    "api",
    "about",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.admin",
    "wagtail",
    "wagtail.search",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "modelcluster",
    "taggit",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "channels",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sitemaps",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # Outermost: a read that lost its database connection is answered again (core.db_retry).
    "core.db_retry.DatabaseRetryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.csp.CSPMiddleware",
    # CORS for the public read-only API only (CORS_URLS_REGEX), before CommonMiddleware so
    # a preflight is answered before anything else looks at it.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Wagtail's site for the request from a per-process copy (core.sites).
    "core.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.presence.PresenceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "communities.context_processors.navigation",
                "discussions.context_processors.notifications",
                "core.csp.csp",
                "about.context_processors.footer",
                "about.context_processors.demo_notice",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'praxis.sqlite3'}",
        conn_max_age=0,
        # A connection PostgreSQL terminated is noticed and replaced before it is used.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits (Daphne + management commands).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py's default 5 s socket timeout races channels_redis's 5 s
                # BZPOPMIN and drops idle sockets' receives; a thread with many readers
                # needs more than the default pool of connections (options in the URL win).
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": 30,
                        "max_connections": int(os.environ.get("REDIS_MAX_CONNECTIONS", "2000")),
                    }
                ],
                "prefix": os.environ.get("CHANNELS_PREFIX", "praxis"),
            },
        }
    }
    CACHES = {
        "default": {
            # Redis down: pages answer without the cache (core.cache), never 500.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "praxis"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Page fragments (core.fragments) apart from the default cache: in process memory
        # the default cache drops entries when full, and fragments for many query strings
        # must not push out rate-limit counters or presence. (Redis keeps both and lets
        # fragments expire.)
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "praxis-fragments",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh")
# The Whoosh backend as Praxis configures it, in either mode (its tests use it too).
WHOOSH_SEARCH_BACKEND = {
    "BACKEND": "search.backends.whoosh",
    "PATH": str(VAR_DIR / "whoosh"),
    # Posts and threads are stemmed in their own language (discussions' PostLanguage;
    # Whoosh stems English, Norwegian and Hungarian), the rest in LANGUAGE_CODE's; accents
    # are folded for all. Changing this needs a rebuild.
    "LANGUAGE_FIELD": "language",
    "LANGUAGES": ["en", "pl", "sl", "lt", "nb", "bg", "lv", "hu"],
}
# The Tantivy backend, with the same per-language analysis (English, Norwegian and
# Hungarian stemming; accents folded for all). Changing this needs a rebuild too.
TANTIVY_SEARCH_BACKEND = {
    "BACKEND": "search.backends.tantivy",
    "PATH": str(VAR_DIR / "tantivy"),
    "LANGUAGE_FIELD": "language",
    "LANGUAGES": ["en", "pl", "sl", "lt", "nb", "bg", "lv", "hu"],
}
if SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
elif SEARCH_BACKEND == "tantivy":
    WAGTAILSEARCH_BACKENDS = {"default": TANTIVY_SEARCH_BACKEND}
else:
    WAGTAILSEARCH_BACKENDS = {"default": WHOOSH_SEARCH_BACKEND}
# How thread and post saves reach the index after commit (search.indexer): "background"
# (an in-process writer thread: the request does not wait for Whoosh) or "inline" (at
# commit, in the request: cheap with the database backend, which writes in PostgreSQL).
# A django-tasks queue backend under TASKS takes precedence over both.
PRAXIS_SEARCH_INDEXING = os.environ.get(
    "PRAXIS_SEARCH_INDEXING",
    "background" if SEARCH_BACKEND in ("whoosh", "tantivy") else "inline",
)

AUTH_USER_MODEL = "communities.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: sign-up, e-mail verification, password reset; its OpenID Connect and
# SAML providers are how a ministry plugs in its single sign-on.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "communities.forms.SignupProfileForm"
ACCOUNT_FORMS = {"login": "communities.forms.LoginForm"}
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Praxis] "
# Links in allauth's e-mails come from PRAXIS_BASE_URL, not from the request's host.
ACCOUNT_ADAPTER = "communities.adapters.AccountAdapter"
# Limits per client address (sign-ups, sign-ins) and, for wrong passwords, per account from
# one address (the adapter's key): 5 wrong passwords in 5 minutes stop that address trying
# that account, never its owner elsewhere. The rest are allauth's defaults.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
}
# How many proxies in front of Daphne append to X-Forwarded-For (the TLS proxy: 1): allauth
# then takes the client address from that header instead of the proxy's. 0 (the default)
# trusts no header; set it only when every request comes through the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0") or 0)

# Single sign-on (config/settings/sso.py): a ministry's OpenID Connect provider from the
# OIDC_* variables, its SAML 2.0 identity provider from the SAML_* ones; none set, none
# shown. Claims fill the profile (communities.sso); what they leave out is asked once on
# the completion form; the username is always derived, never asked.
SOCIALACCOUNT_PROVIDERS = providers_from_env(os.environ)
PRAXIS_SSO_CLAIMS = claims_from_env(os.environ)
if "saml" in SOCIALACCOUNT_PROVIDERS:
    # Needs python3-saml (and libxmlsec1): pip install -e '.[saml]'.
    INSTALLED_APPS.append("allauth.socialaccount.providers.saml")
SOCIALACCOUNT_ADAPTER = "communities.sso.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "communities.sso_forms.SingleSignOnSignupForm"}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# An address the provider says is verified is not verified again by mail.
SOCIALACCOUNT_EMAIL_VERIFICATION = ACCOUNT_EMAIL_VERIFICATION
SOCIALACCOUNT_EMAIL_REQUIRED = True
# With OIDC_EMAIL_AUTHENTICATION / SAML_EMAIL_AUTHENTICATION: an existing account with the
# provider's verified address is signed in to and connected to the provider.
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True

# Content-Security-Policy (core.csp): strict on the site's pages, looser on the Wagtail
# admin (its inline scripts). The sign-in button's redirect to the identity provider is a
# form target: its origin comes from the provider settings above; CSP_FORM_ACTION_EXTRA
# (space-separated origins) adds others, e.g. an authorisation endpoint on another host.
CSP_ADMIN_PREFIXES = ["/admin/"]
CSP_FORM_ACTION_EXTRA = os.environ.get("CSP_FORM_ACTION_EXTRA", "").split()
# The admin calls no third party from editors' browsers (its policy would refuse them):
# no Gravatar images (they would tell gravatar.com who edits Praxis), no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("pl", _("Polish")),
    ("sl", _("Slovenian")),
    ("lt", _("Lithuanian")),
    ("nb", _("Norwegian Bokmål")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_THOUSAND_SEPARATOR = False
# English date formats (day first, 24-hour clock); the other languages use Django's own.
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Praxis"
# Every absolute link (e-mails, calendars, the admin's own mails) starts with this.
PRAXIS_BASE_URL = os.environ.get("PRAXIS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PRAXIS_BASE_URL
# Content in the interface languages: pages are translated in the admin with
# wagtail.contrib.simple_translation ("Translate" copies a page into a locale as a draft);
# translations are served under /<lang>/ (config/urls.py, core.middleware).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "png", "jpg"]
TAGGIT_CASE_INSENSITIVE = True

# E-mail: every message is first stored in the durable queue (outbox.OutgoingEmail), so no
# request waits on SMTP and a failing server or a restart loses nothing; the job runner
# (core.jobs: in the server process, or `manage.py run_jobs`) hands the queue to the real
# transport, OUTBOX_DELIVERY_BACKEND: SMTP when EMAIL_HOST is set, else the console
# (config/settings/mail.py reads EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT, DEFAULT_FROM_EMAIL).
EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
globals().update(email_settings_from_env(os.environ))
# "background": the queue is delivered by the job runner, woken as soon as a message is
# stored (after the commit); "inline": delivered in the same call that queued it.
OUTBOX_DELIVERY = os.environ.get("OUTBOX_DELIVERY", "background")
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_KEEP_DAYS = int(os.environ.get("OUTBOX_KEEP_DAYS", "30"))
# Periodic jobs (core.jobs: the mail queue, and whatever else registers) run in a daemon
# thread of the ASGI server process, so `make run` needs no cron; set it to false when
# `manage.py run_jobs` runs in worker processes instead.
PRAXIS_JOBS_IN_PROCESS = os.environ.get("PRAXIS_JOBS_IN_PROCESS", "true").lower() in {
    "1",
    "true",
    "yes",
    "on",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Practice attachments: at most 20 MB, and always served as downloads (never inline), so a
# document cannot run as a page of this site.
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# Documents only through Wagtail's view (/documents/<id>/<name>), which applies collection
# privacy and guidebook's draft rule; never a direct or redirected storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Uploads in the admin get the public form's checks (type, size, first bytes; images must
# decode), as form errors (guidebook.admin_forms).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "guidebook.admin_forms.PraxisDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "guidebook.admin_forms.PraxisImageForm"


# WebSocket origins (config/websockets.py): besides CSRF_TRUSTED_ORIGINS, accept
# PRAXIS_BASE_URL and the allowed hosts on the port this server runs on. Production turns
# this off and accepts CSRF_TRUSTED_ORIGINS only.
PRAXIS_WS_LOCAL_ORIGINS = True


# The public read-only JSON API (api/, /api/v1/): Django REST framework with django-filter
# and drf-spectacular. Its views set their own renderers, authentication (none: it serves
# what a signed-out visitor sees) and throttling, so Wagtail's own DRF views are untouched.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Requests per client address (DRF's rate syntax: "120/minute", "2000/hour").
PRAXIS_API_ANON_RATE = os.environ.get("PRAXIS_API_ANON_RATE", "120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Praxis API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["api.docs.only_this_api"],
    # Swagger UI and Redoc from this site's static files (drf-spectacular-sidecar), never
    # from a CDN: the site's Content-Security-Policy allows scripts from 'self' only.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "tryItOutEnabled": True},
}
# CORS (django-cors-headers), for /api/ only: public anonymous data, so any origin may
# read it, without credentials; only the read methods, and the request headers a
# revalidating or language-choosing client sends.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Language"]
CORS_PREFLIGHT_MAX_AGE = 86400
