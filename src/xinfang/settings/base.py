"""Production settings, read from the environment: this module is what a deployment runs.

Secure by default (ADR 0014 §8): DEBUG is off and cannot be turned on here; the secret, SM4 and
lookup keys have no default (environment or ``*_FILE``) and the checks in
``xinfang.common.checks`` refuse to start without them; HTTPS-only cookies, HSTS and a CSP without
inline script. ``xinfang.settings.dev`` (``make run`` only) and ``xinfang.settings.test`` build on
this module. The embedded database default is SQLite under ./var/.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF

from xinfang.common.secrets import read_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XINFANG_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = read_secret("XINFANG_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("XINFANG_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("XINFANG_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "xinfang.common",
    "xinfang.security",
    "xinfang.jobs",
    "xinfang.orgs",
    "xinfang.statute",
    "xinfang.petitions",
    "xinfang.audit",
    "xinfang.api",
    "xinfang.demo",
    "xinfang.documents",
    "xinfang.ledgers",
    "xinfang.intake",
    "xinfang.supervision",
    "xinfang.analytics",
    "xinfang.integrations",
    "xinfang.places",
    "xinfang.open311",
    "xinfang.portal",
    "xinfang.web",
]

MIDDLEWARE = [
    "xinfang.common.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "xinfang.common.middleware.ControlCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "xinfang.security.middleware.AccountPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xinfang.urls"
WSGI_APPLICATION = "xinfang.wsgi.application"

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
                "xinfang.supervision.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'xinfang.sqlite3'}"),
        conn_max_age=60,
    )
}
# A streaming replica for analytics and report reads (docs/deploy.md §5): set DATABASE_REPLICA_URL.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
    DATABASE_ROUTERS = ["xinfang.common.routers.AnalyticsReplicaRouter"]
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("XINFANG_DB_POOL", True):
    # psycopg 3's pool, bounded: each worker process holds at most XINFANG_DB_POOL_MAX connections,
    # and a request waits up to XINFANG_DB_POOL_TIMEOUT seconds for one instead of failing with
    # "too many clients". Size the product (processes x max) below PostgreSQL's max_connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("XINFANG_DB_POOL_MIN", "1")),
        "max_size": int(os.environ.get("XINFANG_DB_POOL_MAX", "8")),
        "timeout": float(os.environ.get("XINFANG_DB_POOL_TIMEOUT", "20")),
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the demo server read while a generator writes; the timeout turns
    # short write contention into waiting instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

AUTH_USER_MODEL = "orgs.User"
# --- Identity (等保三级, docs/security.md) ---
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # lockout: web login, admin and token endpoint alike
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("XINFANG_PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "xinfang.security.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "xinfang.security.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "xinfang.security.passwords.PasswordHistoryValidator", "OPTIONS": {"count": 5}},
]
XINFANG_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("XINFANG_PASSWORD_MAX_AGE_DAYS", "90"))
AXES_FAILURE_LIMIT = int(os.environ.get("XINFANG_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("XINFANG_LOCKOUT_MINUTES", "30")))
# Per account, as 等保 asks ("登录失败处理"). Not per address: a bureau's staff share one NAT address,
# and one mistyping colleague must not lock out the office; nginx limits request rates per address
# (docs/deploy.md), so axes.W006 is silenced on purpose.
AXES_LOCKOUT_PARAMETERS = ["username"]
# models.W040: the clock index's INCLUDE columns (petitions.Deadline, deadline_state_due) are a
# PostgreSQL covering index; SQLite builds the same index without them, which is what we want.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "xinfang.security.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # unlocking is the security administrator's page, /security/lockouts/
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]
OTP_TOTP_ISSUER = "智慧信访"
OTP_TOTP_THROTTLE_FACTOR = 1
XINFANG_TOKEN_DAYS = int(os.environ.get("XINFANG_TOKEN_DAYS", "30"))
# Ledgers with more matching rows are built by the worker and the user notified (#13.5). openpyxl
# writes about 1,400 rows a second on one core (docs/benchmarks.md): 1,000 rows is a download of
# well under a second; a bureau with faster hardware may raise it.
XINFANG_LEDGER_INTERACTIVE_ROWS = int(os.environ.get("XINFANG_LEDGER_INTERACTIVE_ROWS", "1000"))
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

# --- Transport and browser security (manage.py check --deploy is clean) ---
SECURE_SSL_REDIRECT = env_bool("XINFANG_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # nginx sets it; see docs/deploy.md
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("XINFANG_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("XINFANG_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "xf_session"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "xinfang.common.errorpages.csrf_failure"
# Sessions: an absolute lifetime (the cookie and the server-side row expire together) and an
# idle timeout enforced by xinfang.orgs.middleware (等保三级 “登录连接超时自动退出”).
SESSION_COOKIE_AGE = int(os.environ.get("XINFANG_SESSION_MAX_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
XINFANG_SESSION_IDLE_SECONDS = int(os.environ.get("XINFANG_SESSION_IDLE_SECONDS", str(30 * 60)))
# No inline script or style anywhere (templates load static files only).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Chinese for the few messages Django and django-tasks leave untranslated (#11.7).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("XINFANG_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("XINFANG_MEDIA_ROOT", VAR_DIR / "media"))
# whitenoise serves static files compressed, with far-future caching of hashed names
# (``xinfang serve`` runs collectstatic first).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "xinfang.security.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "xinfang.security.tokens.TokenScopePermission",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "xinfang.api.pagination.PetitionPagination",
    "EXCEPTION_HANDLER": "xinfang.api.errors.exception_handler",
    "PAGE_SIZE": 20,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Xinfang 智慧信访 API",
    "DESCRIPTION": "Petition lifecycle under the 2022 《信访工作条例》. Errors: {code, message, fields}.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "xinfang.api.schema.add_error_responses",
    ],
}

# Personal data keys (ADR 0004, 0014 §8). SM4 encrypts ID and phone numbers at rest; the lookup key
# feeds the keyed SM3 hash that makes exact-match search possible without decrypting. From the
# environment or a file (``*_FILE``), never from the source; ``xinfang keys rotate`` moves rows
# to a new version while old versions listed in XINFANG_SM4_OLD_KEYS still decrypt.
XINFANG_SM4_KEY = read_secret("XINFANG_SM4_KEY")
XINFANG_SM4_KEY_VERSION = int(os.environ.get("XINFANG_SM4_KEY_VERSION", "1"))
XINFANG_SM4_OLD_KEYS = read_secret("XINFANG_SM4_OLD_KEYS")
XINFANG_LOOKUP_KEY = read_secret("XINFANG_LOOKUP_KEY")
XINFANG_LOOKUP_OLD_KEYS = read_secret("XINFANG_LOOKUP_OLD_KEYS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "xinfang.common.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("XINFANG_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        "axes": {"level": "ERROR"},  # failures and lockouts go to the security log instead
    },
}

# Choices the regulation leaves open (regulation.md §3 and §5): configurable, never hard-coded as law.
XINFANG_RULES: dict[str, Any] = {
    # 民法典 Art. 203 by analogy: a deadline ending on a rest day moves to the next working day.
    "rollover_rest_days": env_bool("XINFANG_ROLLOVER_REST_DAYS", True),
    # Art. 36(2) pauses only the 复核 clock for hearings; pausing elsewhere is a local choice.
    "pause_hearing_first_instance": env_bool("XINFANG_PAUSE_HEARING_FIRST_INSTANCE", False),
    "pause_hearing_review": env_bool("XINFANG_PAUSE_HEARING_REVIEW", False),
    # Whether the first and last day of a hearing both count as hearing time (end - start + 1).
    "hearing_days_inclusive": env_bool("XINFANG_HEARING_DAYS_INCLUSIVE", False),
    # "多人" for the representative advice of Art. 20(3) (regulation.md: number unconfirmed).
    "collective_threshold": int(os.environ.get("XINFANG_COLLECTIVE_THRESHOLD", "5")),
    # Outcomes a 复查 / 复核 decision may take (codes of petitions.constants.ReviewOutcome).
    "review_outcomes": env_list("XINFANG_REVIEW_OUTCOMES", "uphold,change,revoke"),
    "recheck_outcomes": env_list("XINFANG_RECHECK_OUTCOMES", "uphold,change,revoke"),
    # Share of a clock's time after which it shows as "due soon".
    "warn_ratio": float(os.environ.get("XINFANG_WARN_RATIO", "0.8")),
}
# Service account that online acts (portal, Open311) are recorded under; see petitions.services.online.
XINFANG_ONLINE_ACCOUNT = os.environ.get("XINFANG_ONLINE_ACCOUNT", "online-platform")
# django-tasks on the database (ADR 0014 §9): `xinfang worker` runs the queue, `xinfang scheduler`
# enqueues the periodic jobs of xinfang/jobs/schedule.py. "immediate" runs tasks in-process (tests).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("XINFANG_TASK_BACKEND", "database")]}}
XINFANG_NUMBER_PREFIX = os.environ.get("XINFANG_NUMBER_PREFIX", "XF")
