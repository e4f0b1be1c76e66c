"""The one settings module. Everything that differs between machines comes from the environment.

DJANGO_ENV=production turns on the strict mode: every secret must be given, DEBUG is off, and
cookies, HSTS and SSL redirects are on. Development defaults are safe for a laptop and never
used in production because the production branch has no defaults for secrets.
"""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, not {DJANGO_ENV!r}.")
IS_PRODUCTION = DJANGO_ENV == "production"


def _dev_secret(purpose: str) -> str:
    """A stable, clearly-not-production secret for development machines."""
    return hashlib.sha256(f"feedbackhub-development-{purpose}".encode()).hexdigest()


if IS_PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True)
    DEBUG = False
    FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", required=True)
    BUYER_KEY_SECRET = env_str("BUYER_KEY_SECRET", required=True)
    _database_url = env_str("DATABASE_URL", required=True)
    REDIS_URL = env_str("REDIS_URL", required=True)
else:
    SECRET_KEY = env_str("SECRET_KEY", _dev_secret("secret-key"))
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
    DEBUG = env_bool("DEBUG", True)
    FIELD_ENCRYPTION_KEYS = env_list(
        "FIELD_ENCRYPTION_KEYS",
        [base64.urlsafe_b64encode(bytes.fromhex(_dev_secret("field-key"))).decode()],
    )
    BUYER_KEY_SECRET = env_str("BUYER_KEY_SECRET", _dev_secret("buyer-key"))
    # PostgreSQL everywhere: `make run`, `make test` and `make bench` start a private server and set it.
    _database_url = env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/feedbackhub")
    REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Links in emails and the Amazon consent's redirect URI start with it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000", required=IS_PRODUCTION).rstrip("/")
if IS_PRODUCTION:
    if not SITE_URL.startswith("https://"):
        raise ImproperlyConfigured(f"SITE_URL must be the site's https:// address in production, not {SITE_URL!r}.")
    # An HMAC key shorter than its hash's block of entropy weakens every buyer key in the shared table.
    if len(BUYER_KEY_SECRET.encode()) < 32:
        raise ImproperlyConfigured(
            "BUYER_KEY_SECRET must be at least 32 bytes (for example `openssl rand -hex 32`); "
            "set it once and never change it."
        )
# An email alert the mail server refused is tried again after this many seconds, doubling.
ALERT_RETRY_BASE_SECONDS = float(env_str("ALERT_RETRY_BASE_SECONDS", "60"))

INSTALLED_APPS = [
    "common.apps.SecureAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_celery_beat",
    "anymail",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "common",
    "eventlog",
    "sellers",
    "optouts",
    "campaigns",
    "messaging",
    "insights",
    "alerts",
    "api",
    "webhooks",
    "sandbox",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "common.timezones.ViewerTimeZoneMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sellers.tenancy.current_seller",
            ],
        },
    }
]

DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "fh"),
    }
}

AUTH_USER_MODEL = "sellers.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# django-allauth: email is the identity; nothing happens until the address is verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[FeedbackHub] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if IS_PRODUCTION else "http"
ACCOUNT_ADAPTER = "sellers.account_adapter.AccountAdapter"
# Proxies in front of the app that append to X-Forwarded-For (the README's TLS proxy: 1). Failed
# logins are counted per client address: behind a proxy the address is the proxy's unless this
# says how many to trust, and then one address would stand for everyone. Required in production.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0", required=IS_PRODUCTION))
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Security events (a second factor added or removed, a password changed) are mailed to the
# account, so its owner learns when someone else holds the password.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "FeedbackHub"
# Staff reach the Django admin only with a second factor in production.
ADMIN_REQUIRES_MFA = env_bool("ADMIN_REQUIRES_MFA", IS_PRODUCTION)
# A second factor added to a staff account opens the admin only after this long (the owner is
# mailed at once), unless an operator approves it: `python manage.py approve_staff_factor EMAIL`.
ADMIN_NEW_FACTOR_DELAY = timedelta(hours=env_int("ADMIN_NEW_FACTOR_DELAY_HOURS", 24))

# Mail: a file mailbox in development (readable at /_dev/mailbox/), SMTP or an ESP in production.
_EMAIL_BACKENDS = {
    "mailbox": "common.mail.MailboxBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "mailgun": "anymail.backends.mailgun.EmailBackend",
    "sendgrid": "anymail.backends.sendgrid.EmailBackend",
    "postmark": "anymail.backends.postmark.EmailBackend",
}
_email_backend = env_str("EMAIL_BACKEND", "smtp" if IS_PRODUCTION else "mailbox")
EMAIL_BACKEND = _EMAIL_BACKENDS.get(_email_backend, _email_backend)
MAILBOX_DIR = Path(env_str("MAILBOX_DIR", str(VAR_DIR / "mailbox")))
DEV_MAILBOX_ENABLED = EMAIL_BACKEND == _EMAIL_BACKENDS["mailbox"] and not IS_PRODUCTION
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587 if IS_PRODUCTION else 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", IS_PRODUCTION)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "FeedbackHub <no-reply@feedbackhub.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ANYMAIL = {
    key: value
    for key, value in {
        "MAILGUN_API_KEY": env_str("MAILGUN_API_KEY", ""),
        "MAILGUN_WEBHOOK_SIGNING_KEY": env_str("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
        "SENDGRID_API_KEY": env_str("SENDGRID_API_KEY", ""),
        "POSTMARK_SERVER_TOKEN": env_str("POSTMARK_SERVER_TOKEN", ""),
        "WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET", ""),
    }.items()
    if value
}

# DKIM keys to trust without DNS ("selector._domainkey.domain": "v=DKIM1; k=rsa; p=..."): the
# sandbox Amazon signs its notices with a test key (sandbox/dkim_key.py). Never in production,
# where only DNS says which keys are Amazon's.
_SANDBOX_DKIM = {
    "sandbox._domainkey.amazon.com": "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnxwykkKua1uQ4SjOrC7CTGZbP4m1aXGZLvvuyP6oAq2b2tGMbPX+cvkdjckbaMeZH5AsX17nssghKtaiVE1i5nq+mqnoaW92XV981Ndz64CS6Q4NaGNkIDSDmiZDw0JHEdQdZprAXf3Q1NmNo27t+XHOgWhMvguJAPA8fq21nbu4IiIMDAwaWakTOuLdm0l9e8i5HzhEL+hYVqCbyrIIp946fuNY5iWH3UPTlPjF5PlcVOQhB6/SPLorVHxFH02OEQsHCXb0K0vpZVp+qSPoRGbAGmaYBD8RG27trR/6++xjIkAja4p8nNNim1beOhJlcc6ofxpVxyH9cfYqRaljGQIDAQAB"
}
DKIM_TEST_KEYS = {} if IS_PRODUCTION else _SANDBOX_DKIM

# Inbound mail through an ESP's webhook (/inbound/esp/<esp>/...), for the ESPs named here only;
# each route checks the ESP's signature and the basic-auth secret, which is then required.
INBOUND_ESPS = env_list("INBOUND_ESPS", [])
_unknown_esps = sorted(set(INBOUND_ESPS) - {"mailgun", "sendgrid", "postmark"})
if _unknown_esps:
    raise ImproperlyConfigured(f"INBOUND_ESPS may name mailgun, sendgrid and postmark, not {', '.join(_unknown_esps)}.")
if INBOUND_ESPS and not ANYMAIL.get("WEBHOOK_SECRET"):
    raise ImproperlyConfigured(
        "Set ANYMAIL_WEBHOOK_SECRET (user:password for the webhook URLs): without it the "
        f"inbound webhooks of INBOUND_ESPS ({', '.join(INBOUND_ESPS)}) would store anyone's mail."
    )
if "mailgun" in INBOUND_ESPS and not ANYMAIL.get("MAILGUN_WEBHOOK_SIGNING_KEY"):
    raise ImproperlyConfigured("Set MAILGUN_WEBHOOK_SIGNING_KEY: INBOUND_ESPS names mailgun, whose posts are signed.")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # pages show the viewer's zone (common.timezones); mail and logs UTC
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]  # one date format everywhere: "6 Dec 2026, 14:15"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security headers. In production everything is served over HTTPS behind a proxy that sets
# X-Forwarded-Proto.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Celery: a killed worker must neither lose nor duplicate work, so acknowledge late, re-queue on
# worker loss, prefetch one task at a time, bound every task, and speak JSON only.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The visibility timeout must exceed the longest task, or Redis re-delivers a running task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 4}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"

# Amazon and the product's own secrets.
SPAPI_LWA_APP_ID = env_str("SPAPI_LWA_APP_ID", "", required=IS_PRODUCTION)
SPAPI_LWA_CLIENT_SECRET = env_str("SPAPI_LWA_CLIENT_SECRET", "", required=IS_PRODUCTION)
SPAPI_APP_ID = env_str("SPAPI_APP_ID", "", required=IS_PRODUCTION)
SPAPI_ENDPOINT_OVERRIDE = env_str("SPAPI_ENDPOINT_OVERRIDE", "")
LWA_TOKEN_URL_OVERRIDE = env_str("LWA_TOKEN_URL_OVERRIDE", "")
INBOUND_DOMAIN = env_str("INBOUND_DOMAIN", "inbound.localhost", required=IS_PRODUCTION)
# Mail one seller's inbound address may store per UTC day; past it, receivers answer "retry later".
INBOUND_DAILY_MESSAGES = env_int("INBOUND_DAILY_MESSAGES", 20_000)
INBOUND_DAILY_BYTES = env_int("INBOUND_DAILY_BYTES", 500 * 1024 * 1024)
# Days the content of received mail that is not an opt-out notice is kept (to be read again if the
# parser learns a new wording); then it is erased, its envelope and verdict kept.
INBOUND_OTHER_MAIL_DAYS = env_int("INBOUND_OTHER_MAIL_DAYS", 30)
# Batch opt-out checks of at least this many keys (the planner's) are answered from a sorted
# in-memory copy of the table's key prefixes, kept in step with it; 0 sends every check to the
# database. The copy is rebuilt at least every OPTOUT_MIRROR_MAX_AGE seconds.
OPTOUT_MIRROR_MIN_BATCH = env_int("OPTOUT_MIRROR_MIN_BATCH", 1000)
OPTOUT_MIRROR_MAX_AGE = env_int("OPTOUT_MIRROR_MAX_AGE", 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "mail.log": {"level": "WARNING"},
    },
}
# While the Amazon app is in Draft, its consent link must carry version=beta.
SPAPI_APP_IS_DRAFT = env_bool("SPAPI_APP_IS_DRAFT", not IS_PRODUCTION)

CELERY_BEAT_SCHEDULE = {
    "sync-orders": {"task": "sellers.tasks.sync_all_connections", "schedule": env_int("ORDER_SYNC_INTERVAL", 300)},
    "check-authorization-expiry": {"task": "sellers.tasks.check_authorization_expiry", "schedule": 6 * 3600},
    "resolve-pending-notices": {"task": "optouts.tasks.resolve_pending_notices", "schedule": 15 * 60},
    "parse-waiting-inbound-mail": {"task": "optouts.tasks.process_waiting_messages", "schedule": 60},
    "erase-other-inbound-mail": {"task": "optouts.tasks.erase_other_mail", "schedule": 3600},
    "plan-due-dispatches": {"task": "campaigns.tasks.plan_due_dispatches", "schedule": 60},
    "plan-lookback": {"task": "campaigns.tasks.plan_lookback", "schedule": 3600},
    "outbox-keep-pumps-running": {"task": "messaging.tasks.ensure_pumps", "schedule": 10},
    "outbox-maintenance": {"task": "messaging.tasks.outbox_maintenance", "schedule": 60},
    # Emails to sellers (alerts/): quota check, lost deliveries, negative feedback no email told
    # of, digests; the policy re-check runs when a deploy changed the guidelines, else daily.
    # (alerts/migrations/0001 renamed the periodic tasks these had as notices-*.)
    "alerts-check-quota": {"task": "alerts.tasks.check_quota_usage", "schedule": 300},
    "alerts-redeliver": {"task": "alerts.tasks.redeliver_alerts", "schedule": 600},
    "alerts-unannounced-feedback": {"task": "alerts.tasks.raise_unannounced_feedback", "schedule": 600},
    "alerts-digests": {"task": "alerts.tasks.send_digests", "schedule": 3600},
    "campaigns-policy-recheck": {"task": "campaigns.tasks.recheck_campaign_policy", "schedule": 3600},
    # Seller feedback (insights/): the tick starts the syncs that are due (FEEDBACK_SYNC_INTERVAL).
    "feedback-sync-due": {"task": "insights.tasks.sync_due_feedback", "schedule": env_int("FEEDBACK_SYNC_TICK", 300)},
    # The dashboard's rollups (insights/rollups.py): new outcomes every minute, recent days again
    # every quarter of an hour (outcomes committed late), the dashboard's 90 days nightly.
    "insights-rollups": {"task": "insights.tasks.refresh_rollups", "schedule": 60},
    "insights-rollups-recount": {"task": "insights.tasks.recount_recent_rollups", "schedule": 15 * 60},
    "insights-rollups-history": {"task": "insights.tasks.recount_rollup_history", "schedule": 24 * 3600},
    # Outgoing webhooks (webhooks/): retries that came due and any start that was lost; the log's old rows.
    "webhooks-catch-up": {"task": "webhooks.tasks.catch_up", "schedule": 10},
    "webhooks-prune-log": {"task": "webhooks.tasks.prune_log", "schedule": 24 * 3600},
}
# The outbox's pumps run on their own queue (a sender worker: celery worker -Q outbox), so that
# a slice of sending never waits behind a sync, and a sync never behind a slice of sending.
CELERY_TASK_ROUTES = {"messaging.tasks.pump": {"queue": "outbox"}}
# How long one call to Amazon may take before it counts as failed (and, for a send, in doubt).
SPAPI_TIMEOUT_SECONDS = float(env_str("SPAPI_TIMEOUT_SECONDS", "30"))
OUTBOX_PUMPS = env_int("OUTBOX_PUMPS", 2)
OUTBOX_PUMP_SECONDS = env_int("OUTBOX_PUMP_SECONDS", 60)
# A worker that holds a dispatch longer than this is taken to have died: another takes it over.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 120)
# Back-off after a 5xx or timeout: this many seconds, doubled per attempt (capped at an hour).
OUTBOX_RETRY_BASE_SECONDS = float(env_str("OUTBOX_RETRY_BASE_SECONDS", "30"))
# Seller templates render in a pool of render processes (campaigns/templating/pool.py), per web or
# worker process; each render may use this much memory (above the process's own) and CPU, and
# run this long on the wall clock, before the OS stops it and the render fails with that reason.
RENDER_POOL_SIZE = env_int("RENDER_POOL_SIZE", 2)
RENDER_MEMORY_MB = env_int("RENDER_MEMORY_MB", 64)
RENDER_CPU_MS = env_int("RENDER_CPU_MS", 120)
RENDER_WALL_MS = env_int("RENDER_WALL_MS", 1000)
# How long to wait between polls of a report Amazon is preparing.
SYNC_REPORT_POLL_SECONDS = env_int("SYNC_REPORT_POLL_SECONDS", 30)
# Seller feedback: seconds between syncs of a marketplace's feedback report, and how many days
# before the end of the last window each new one starts (feedback is revised or removed for up to
# 90 days after it was left: Amazon takes removal requests that long).
FEEDBACK_SYNC_INTERVAL = env_int("FEEDBACK_SYNC_INTERVAL", 3600)
FEEDBACK_SYNC_OVERLAP_DAYS = env_int("FEEDBACK_SYNC_OVERLAP_DAYS", 90)

# The public API (api/, /api/v1/): Django REST framework, keys per seller, problem details.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.APIKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.KeyRolePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerKeyRateLimit"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "FeedbackHub API",
    "DESCRIPTION": (
        "Read a seller's orders, messages, campaigns, opt-outs, feedback and numbers, and change its "
        "blocklist and campaigns. Every request carries an API key an owner created under Team and "
        "settings → API keys: `Authorization: Bearer <key>`. Errors are RFC 9457 problem details."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DispatchStateEnum": "campaigns.models.Dispatch.State",
        "CampaignStateEnum": "campaigns.models.Campaign.State",
    },
}
# Requests one API key may make: API_RATE_PER_MINUTE on average, API_RATE_BURST at once (a
# Redis token bucket per key, shared by every web process); past it the API answers 429.
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 300)
API_RATE_BURST = env_int("API_RATE_BURST", 60)
# The largest request body the API reads; larger ones are refused with 413 unread.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 64 * 1024)
CELERY_BEAT_SCHEDULE["api-forget-idempotency-keys"] = {"task": "api.tasks.forget_idempotency_keys", "schedule": 3600}
# Outgoing webhooks (webhooks/). One request, all of it, may take this long.
WEBHOOK_TIMEOUT_SECONDS = float(env_str("WEBHOOK_TIMEOUT_SECONDS", "10"))
# Loopback receivers (127.0.0.1, ::1) for development and tests; private, link-local and every
# other non-global address are refused whatever this says.
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", not IS_PRODUCTION)
WEBHOOK_REQUIRE_HTTPS = env_bool("WEBHOOK_REQUIRE_HTTPS", IS_PRODUCTION)
# A failed delivery is tried again after this many seconds, doubling (with jitter) up to the cap,
# for WEBHOOK_RETRY_FOR_HOURS; an endpoint that failed everything for WEBHOOK_DISABLE_AFTER_HOURS
# is turned off and its owners mailed.
WEBHOOK_RETRY_BASE_SECONDS = float(env_str("WEBHOOK_RETRY_BASE_SECONDS", "10"))
WEBHOOK_RETRY_CAP_SECONDS = float(env_str("WEBHOOK_RETRY_CAP_SECONDS", "3600"))
WEBHOOK_RETRY_FOR_HOURS = env_int("WEBHOOK_RETRY_FOR_HOURS", 72)
WEBHOOK_DISABLE_AFTER_HOURS = env_int("WEBHOOK_DISABLE_AFTER_HOURS", 24)
# After a rotation the old signing secret signs beside the new one this long.
WEBHOOK_SECRET_OVERLAP_HOURS = env_int("WEBHOOK_SECRET_OVERLAP_HOURS", 24)
WEBHOOK_LOG_DAYS = env_int("WEBHOOK_LOG_DAYS", 30)
# A deliverer's time slice, and its threads (endpoints served at once).
WEBHOOK_RUNNER_SECONDS = env_int("WEBHOOK_RUNNER_SECONDS", 50)
WEBHOOK_THREADS = env_int("WEBHOOK_THREADS", 16)
