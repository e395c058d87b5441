"""Settings read from the environment; the embedded default is SQLite under ./var/."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XINFANG_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("XINFANG_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = env_bool("XINFANG_DEBUG", True)
ALLOWED_HOSTS = os.environ.get("XINFANG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "xinfang.common",
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
    "xinfang.open311",
    "xinfang.portal",
    "xinfang.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the demo server read while a generator writes; the timeout turns
    # short write contention into waiting instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

AUTH_USER_MODEL = "orgs.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
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
}

# Personal data keys. SM4 encrypts ID and phone numbers at rest; the lookup key
# feeds the keyed SM3 hash that makes exact-match search possible without
# decrypting. Production must set both from a secret store.
XINFANG_SM4_KEY = os.environ.get("XINFANG_SM4_KEY", "")
XINFANG_LOOKUP_KEY = os.environ.get("XINFANG_LOOKUP_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XINFANG_LOG_LEVEL", "WARNING")},
}

# Choices the regulation leaves open (regulation.md §3 and §5): configurable, never hard-coded as law.
XINFANG_RULES = {
    # 民法典 Art. 203 by analogy: a deadline ending on a rest day moves to the next working day.
    "rollover_rest_days": env_bool("XINFANG_ROLLOVER_REST_DAYS", True),
    # Art. 36(2) pauses only the 复核 clock for hearings; pausing elsewhere is a local choice.
    "pause_hearing_first_instance": env_bool("XINFANG_PAUSE_HEARING_FIRST_INSTANCE", False),
    "pause_hearing_review": env_bool("XINFANG_PAUSE_HEARING_REVIEW", False),
    # Share of a clock's time after which it shows as "due soon".
    "warn_ratio": float(os.environ.get("XINFANG_WARN_RATIO", "0.8")),
}
# Service account that online acts (portal, Open311) are recorded under; see petitions.services.online.
XINFANG_ONLINE_ACCOUNT = os.environ.get("XINFANG_ONLINE_ACCOUNT", "online-platform")
# django-tasks: the warning job (supervision.tasks) runs in-process unless a deployment
# configures a worker backend; cron can call `xinfang warnings run` instead.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
XINFANG_NUMBER_PREFIX = os.environ.get("XINFANG_NUMBER_PREFIX", "XF")
