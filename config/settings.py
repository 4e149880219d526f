"""Settings for Verdensmålsportalen, read from the environment in this one place.

Unset DATABASE_URL: a SQLite file in the project. Unset CELERY_BROKER_URL: tasks run in-process.
Unset EMAIL_URL: e-mail is printed to the console. See README.md for production.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Verdensmålsportalen")  # e-mails, two-factor apps

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "accounts",
    "core",
    "libraries",
    "partners",
    "actionplans",
    "certification",
    "inspiration",
    "themes",
    "events",
    "portal",
    # Deletes a file from storage once the row that held it is deleted or points at another
    # file (after commit). Only models marked @cleanup.select: some files are shared by rows.
    "django_cleanup.apps.CleanupSelectedConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "accounts.security.RefusedAccessLogMiddleware",
]

ROOT_URLCONF = "config.urls"
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
                "core.context_processors.site",
                "core.context_processors.review_queue",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # A file, not shared memory, so a test's Celery worker thread waits for locks
            # instead of failing with "table is locked".
            "TEST": {"NAME": str(BASE_DIR / "var" / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 600)

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["name*", "email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer alike whether or not an address has an account (ASVS
# 2.2, 3.x): allauth then e-mails the address's owner instead of saying so on the page.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Confirming the address in the browser that signed up signs the user in (allauth keeps the
# pending sign-up in that session; another browser confirms the address and asks to sign in).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# allauth's rate limits, "amount/period/per", per = ip (the client address behind the trusted
# proxy, accounts.security.client_ip), key (see each) or user. In the default cache.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # key: the login AND the client address (accounts.adapter), so wrong passwords from one
    # client never lock the account out for its owner elsewhere; the same key limits wrong
    # two-factor codes per account, wherever they come from.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/h/key",  # key: the address the e-mail goes to
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",  # resending a confirmation to one address
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "request_login_code": "20/m/ip,3/m/key",  # login by code is off; closed if it is turned on
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_TOTP_TOLERANCE = 1  # accept the previous/next 30-second code: phone clocks drift

# Sessions end after 30 minutes idle (cookie renewed on each request) and 12 hours at most.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)

# --- Security -----------------------------------------------------------------------------
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of Django append to X-Forwarded-For (compose: 1, the front proxy).
# The client address is the entry that many hops from the right; 0 trusts no header at all.
# Rate limits and the security log key on it (accounts.security.client_ip, allauth).
TRUSTED_PROXY_HOPS = env_int("DJANGO_TRUSTED_PROXY_HOPS", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_HOPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_FAILURE_VIEW = "accounts.security.csrf_failure"  # logs to verdensmaal.security
# The largest request body, form fields and files together: core.middleware refuses larger
# ones with a message on the form. The largest legitimate request is an example with three
# images of at most 5 MiB each, plus its text. The front proxy (deploy/nginx.conf) lets 1 MiB
# more through, so a body a little too large still gets the portal's message, and stops
# anything beyond that itself (a test checks that the two agree).
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 16 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields without the files
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads go to a temporary file

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
# The project's own strings, then plain Danish (and sentence-case English) for allauth's pages
# and e-mails, which win over allauth's own catalogue.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "allauth"]
FORMAT_MODULE_PATH = ["config.formats"]  # one date format per language (config/formats/)
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
# Public media: files of public objects (logos, approved examples' images, the published PDFs).
# The front proxy serves MEDIA_ROOT at MEDIA_URL to anyone, so nothing private may go there.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private media (plan-version PDFs, ...): a storage of their own with no public URL. A view
# checks access and then hands the file over (core.files.serve_private), as
# PRIVATE_MEDIA_SERVING says: "django" streams it (the embedded default), "x-accel" lets the
# front proxy send it from its internal location PRIVATE_MEDIA_INTERNAL_URL (deploy/nginx.conf),
# "s3" redirects to a signed URL that expires after PRIVATE_MEDIA_URL_SECONDS.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
PRIVATE_MEDIA_SERVING = env_choice(
    "PRIVATE_MEDIA_SERVING", ("django", "x-accel", "s3"), default="django"
)
PRIVATE_MEDIA_INTERNAL_URL = "/_private/"
PRIVATE_MEDIA_URL_SECONDS = env_int("PRIVATE_MEDIA_URL_SECONDS", 60)
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")
PRIVATE_MEDIA_STORAGE = env_str("PRIVATE_MEDIA_STORAGE", "core.files.PrivateFileSystemStorage")
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE},
    "private": {"BACKEND": PRIVATE_MEDIA_STORAGE},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# With MEDIA_STORAGE=storages.backends.s3.S3Storage (pip install ".[s3]"), media live in a bucket
# shared by every web node and worker; private media in a second bucket that is never public.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True
if "s3" in PRIVATE_MEDIA_STORAGE.lower():
    if not env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured(
            "Private media on S3 need a bucket of their own: set AWS_PRIVATE_STORAGE_BUCKET_NAME."
        )
    STORAGES["private"]["OPTIONS"] = {
        "bucket_name": env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME"),
        "querystring_auth": True,
        "querystring_expire": PRIVATE_MEDIA_URL_SECONDS,
        "default_acl": "private",
        "file_overwrite": False,
    }
if PRIVATE_MEDIA_SERVING == "s3" and "s3" not in PRIVATE_MEDIA_STORAGE.lower():
    raise ImproperlyConfigured(
        "PRIVATE_MEDIA_SERVING=s3 needs PRIVATE_MEDIA_STORAGE=storages.backends.s3.S3Storage "
        "(and AWS_PRIVATE_STORAGE_BUCKET_NAME)."
    )
# Public media served by Django itself (development, `make run`); off behind the front proxy.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=True)
# Without collectstatic (development, tests) WhiteNoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG

# --- E-mail -------------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    vars().update(dj_email_url.parse(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Verdensmålsportalen <noreply@verdensmaal.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "verdensmaal@example.org")

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 1_000_000)  # KiB
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "verdensmaal")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker dies (SIGKILL, OOM, a lost node) stays unacknowledged in Redis until the
# visibility timeout has passed; then any worker takes it again. Redis's default is an hour.
# It must be longer than a task may run (time limit) plus the longest countdown a worker holds
# a task for (render retries back off up to 240 s), or a live task is handed out twice.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 600)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT ({CELERY_VISIBILITY_TIMEOUT} s) must be longer than "
        f"CELERY_TASK_TIME_LIMIT ({CELERY_TASK_TIME_LIMIT} s)."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often each worker looks for such tasks (kombu's default is every 100 s).
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_SECONDS", 10),
    "unacked_restore_throttle": 1,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Expire lapsed certifications and send report reminders (idempotent; safe to run twice).
    "certification-daily": {
        "task": "certification.daily",
        "schedule": timedelta(days=1),
    },
    # Queue again every PDF that should exist and does not, or is older than what it shows
    # (core.renders): a lost task delays a file by minutes, never for good.
    "reconcile-renders": {
        "task": "core.reconcile_renders",
        "schedule": timedelta(seconds=env_int("RECONCILE_RENDERS_SECONDS", 300)),
    },
    # Uploads kept for forms that failed validation and were never sent again (core.uploads).
    "delete-stale-kept-uploads": {
        "task": "core.delete_stale_kept_uploads",
        "schedule": timedelta(days=1),
    },
    # Read the libraries' own calendar feeds that are due (hourly; broken ones back off).
    "events-refresh-feeds": {
        "task": "events.refresh_feeds",
        "schedule": timedelta(seconds=env_int("EVENT_FEEDS_SECONDS", 3600)),
    },
}
# A queued public-PDF render holds a "pending" marker so bursts of changes collapse into one
# render; if its task is lost, the marker lets a new render through after this long.
RENDER_PENDING_SECONDS = env_int("RENDER_PENDING_SECONDS", 300)
# How many parts of a long PDF (the catalogue) render at once, each in a child process.
PDF_PART_PROCESSES = env_int("PDF_PART_PROCESSES", 2)

# --- The programme ------------------------------------------------------------------------
PROGRAMME_NAME = "Verdensmålscertificering af biblioteker"
PLAN_YEARS = env_int("PLAN_YEARS", 3)
CERTIFICATION_VALID_MONTHS = env_int("CERTIFICATION_VALID_MONTHS", 12)
CERTIFICATION_GRACE_DAYS = env_int("CERTIFICATION_GRACE_DAYS", 30)
REPORT_REMINDER_DAYS = (60, 14, 1)
LOGO_MAX_BYTES = 2 * 1024 * 1024
# Below MAX_REQUEST_BYTES, so that a material at the limit still reaches the form's own message.
THEME_MATERIAL_MAX_BYTES = 15 * 1024 * 1024

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "verdensmaal.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Their INFO lines are progress chatter (every CSS parse, every PDF opened).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
