"""Newsroom settings: one module, driven by the environment.

Every value a deployment may change is read here, once, from an environment
variable with a safe local default (see the README's Configuration table).
Production mode (``DJANGO_DEBUG=0``, the default) refuses to start without a
real secret key and an explicit host list.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_rate(name: str, default: str) -> str:
    """A rate such as "5/10m" (count per window in s, m, h or d), or "off"."""
    value = os.environ.get(name, default).strip() or default
    # Neither the count nor the window may be zero.
    if value != "off" and not re.fullmatch(r"[1-9]\d*/[1-9]\d*[smhd]", value):
        raise ImproperlyConfigured(
            f"{name} must look like 5/10m (count/window in s, m, h or d) or be 'off', "
            f"not {value!r}."
        )
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core ------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production mode (DJANGO_DEBUG=0) needs a random "
            "secret of at least 50 characters; for local work set DJANGO_DEBUG=1."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or "insecure" in SECRET_KEY):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is empty. Production mode needs the site's host names, "
        "comma separated (e.g. news.example,www.news.example)."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "Newsroom")
# The public address, for links in e-mails (which have no request to ask).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL and not re.fullmatch(r"https?://[^/\s]+(/\S*)?", SITE_URL):
    raise ImproperlyConfigured(f"SITE_URL must start with https:// or http://, not {SITE_URL!r}.")
# Production without SITE_URL links to https://<the first named host> and
# `check --deploy` says so (webcore.W001); with only wildcard hosts there is
# nothing to derive it from, so it refuses to start.
SITE_URL_DERIVED = False
if not SITE_URL and not DEBUG:
    named = [host for host in ALLOWED_HOSTS if host != "*" and not host.startswith(".")]
    if not named:
        raise ImproperlyConfigured(
            "SITE_URL is not set and DJANGO_ALLOWED_HOSTS names no single host to derive it "
            "from. Set SITE_URL to the site's public address (e.g. https://news.example.org): "
            "e-mails link to it."
        )
    SITE_URL = f"https://{named[0]}"
    SITE_URL_DERIVED = True

INSTALLED_APPS = [
    # Django's admin on our AdminSite (webcore/admin.py): staff input that
    # cannot be a filter value or a selection is answered 400, never 500.
    "webcore.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "webcore",
    "articles",
    "comments",
]

MIDDLEWARE = [
    # Before the page cache: the edition's URL patterns only resolve under
    # its language (does nothing with a single edition).
    "webcore.editions.EditionMiddleware",
    # Otherwise first on purpose: a cached reader page is answered before anything else
    # runs, with the headers (security, CSP, ...) the stack below gave it.
    "webcore.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF: an oversized post is refused before anything reads its body.
    "webcore.requestsize.RequestSizeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Locked-out logins get the lockout page (see Admin login below).
    "axes.middleware.AxesMiddleware",
    # Last: the URLconf and script prefix, read once per request for its links.
    "webcore.urlscope.URLScopeMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        # Reader pages and e-mails: Jinja2, for the speed of a cold render (see
        # webcore/jinja2.py). It leaves templates/admin/ to the engine below.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "webcore.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "articles.context_processors.navigation",
            ],
        },
    },
    {
        # The admin, our overrides of it, and third-party templates (crispy-forms).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# --- Data ------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE transactions plus a busy
    # timeout make concurrent writers wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Prepared statements: parameters bound on the server, so psycopg prepares
    # a statement it has run five times on a connection, and PostgreSQL keeps
    # one plan for it (force_generic_plan; by default it would plan again on
    # every run whenever it guesses that the values matter). The reader pages'
    # few small queries spent more of PostgreSQL's CPU on planning than on
    # running: this halves the database's share of a cold article page. Turn
    # it off behind a pooler that cannot keep prepared statements (PgBouncer
    # in transaction mode before 1.21). A migration that changes the type of
    # a column the workers read makes their prepared statements fail until
    # they restart: restart them after migrating, as a deploy does anyway.
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        db_options = DATABASES["default"].setdefault("OPTIONS", {})
        db_options.update(server_side_binding=True, prepare_threshold=5)
        # Added to, not replacing, any options the URL gave (search_path, timeouts).
        db_options["options"] = " ".join(
            filter(None, [db_options.get("options"), "-c plan_cache_mode=force_generic_plan"])
        )
    # Off by default: the check is a round trip (SELECT 1) at the start of
    # every request. Without it, after the database restarts or fails over,
    # each worker's first request on its old connection fails, and the worker
    # reconnects for the next one.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DATABASE_HEALTH_CHECKS", False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, minus a client object built per call.
            "BACKEND": "webcore.cache.ReusedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "TIMEOUT": 300,
        }
    }
elif DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
            "TIMEOUT": 300,
        }
    }
else:
    # Production without Redis (one machine, `make serve`): the page cache,
    # rate limits and the moderator-alert guard must be shared by every
    # worker process, which local memory is not. Files are; Redis is better.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("NEWSROOM_CACHE_DIR", str(BASE_DIR / ".cache")),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # FileSystemStorage with a cheaper url() (pages print hundreds of picture URLs).
    "default": {"BACKEND": "webcore.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Language and time -----------------------------------------------------

# Each edition is a language the site is published in; without
# NEWSROOM_EDITIONS there is one, LANGUAGE_CODE's, at today's unprefixed URLs.
# With several, every reader URL starts with its edition (/ckb/, /ar/) and the
# language comes from that prefix, never from the browser, so a cached page
# is the same for every reader of that edition.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
# Duplicates are kept here so that the system check (webcore.checks) can name them.
NEWSROOM_EDITIONS = env_list("NEWSROOM_EDITIONS") or [LANGUAGE_CODE]
# The languages the project has names for; another edition takes Django's.
_LANGUAGE_NAMES = {
    "en": _("English"),
    "ar": _("Arabic"),
    "ckb": _("Central Kurdish"),
    "tr": _("Turkish"),
}
LANGUAGES = [(code, _LANGUAGE_NAMES.get(code, code)) for code in dict.fromkeys(NEWSROOM_EDITIONS)]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date formats where Django's do not read naturally (newsroom/formats/).
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- E-mail ----------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A comment post that fails CSRF keeps the reader's text (comments.views).
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer probes /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    # DJANGO_SECURE_COOKIES=0 only for a local trial over plain HTTP (`make
    # serve`): browsers and scripts drop Secure cookies sent over http://
    # to any host but localhost, and every form post then fails CSRF (403).
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# No inline script anywhere, and nothing loaded from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:", "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Admin login ------------------------------------------------------------

# django-axes counts failed logins per account and per address (each alone);
# after AXES_FAILURE_LIMIT failures that account, or that address, is locked
# out for AXES_COOLOFF_TIME. `manage.py axes_reset` lifts every lockout;
# `axes_reset_username <name>` and `axes_reset_ip <address>` lift one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NEWSROOM_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "webcore.admin.lockout_response"
# The same address the comment rate limits believe (NEWSROOM_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "webcore.clients.client_ip"
# Failures are kept (that is the count); successful logins are not logged.
AXES_DISABLE_ACCESS_LOG = True
AXES_RESET_ON_SUCCESS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The number of reverse proxies in front of the app whose X-Forwarded-For
# entries can be believed; 0 means the client address is the connection's.
NEWSROOM_TRUSTED_PROXIES = env_int("NEWSROOM_TRUSTED_PROXIES", 0)

# --- Forms -----------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Articles --------------------------------------------------------------

ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 20)
# Comments on an article close by themselves this many days after publication.
ARTICLES_COMMENTS_CLOSE_AFTER_DAYS = env_int("ARTICLES_COMMENTS_CLOSE_AFTER_DAYS", 14)
# Reader search: how long one query's results are kept, and how many searches
# one address may run per window ("30/1m", or "off").
ARTICLES_SEARCH_CACHE_SECONDS = env_int("ARTICLES_SEARCH_CACHE_SECONDS", 60)
ARTICLES_SEARCH_RATE_LIMIT = env_rate("ARTICLES_SEARCH_RATE_LIMIT", "30/1m")
# How many error reports one address may send ("3/1h", or "off"), as for comments.
ARTICLES_REPORT_RATE_LIMIT = env_rate("ARTICLES_REPORT_RATE_LIMIT", "3/1h")

# --- Comments --------------------------------------------------------------

COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 3000)
# A comment post larger than this is refused (413) before its body is read.
# 64 KB holds a comment of 3,000 four-byte characters, percent-encoded, with room.
COMMENTS_MAX_REQUEST_BYTES = env_int("COMMENTS_MAX_REQUEST_KB", 64) * 1024
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 100)
COMMENTS_RATE_LIMIT = env_rate("COMMENTS_RATE_LIMIT", "5/10m")
COMMENTS_NOTIFY_COMMENTERS = env_bool("COMMENTS_NOTIFY_COMMENTERS", True)
# Where a commenter asks for a decision to be looked at again (shown under the form).
COMMENTS_REVIEW_CONTACT = os.environ.get("COMMENTS_REVIEW_CONTACT", "") or DEFAULT_FROM_EMAIL
COMMENTS_MODERATOR_ALERT_INTERVAL = timedelta(
    minutes=env_int("COMMENTS_MODERATOR_ALERT_MINUTES", 30)
)
COMMENTS_ANONYMISE_AFTER_DAYS = env_int("COMMENTS_ANONYMISE_AFTER_DAYS", 90)

# --- The moderation desk ----------------------------------------------------
# "Comments are waiting" also goes out when the oldest pending comment has
# waited this long (0 turns it off); `manage.py alert_overdue_comments` checks.
COMMENTS_OLDEST_PENDING_ALERT_MINUTES = env_int("COMMENTS_OLDEST_PENDING_ALERT_MINUTES", 60)

# --- Caching of reader pages -----------------------------------------------

NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 300)
# Each worker process also keeps the pages it served last, up to this many
# megabytes, and asks the shared cache only whether they are still current.
NEWSROOM_PAGE_CACHE_LOCAL_BYTES = env_int("NEWSROOM_PAGE_CACHE_LOCAL_MB", 16) * 1024 * 1024
# How long a CDN in front may keep a reader page (Cache-Control s-maxage).
NEWSROOM_PUBLIC_MAX_AGE = env_int("NEWSROOM_PUBLIC_MAX_AGE", 60)
NEWSROOM_BENCH = env_bool("NEWSROOM_BENCH", False)

# --- Logging ---------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A line per sign-in and a banner per command; lockouts are warnings and still show.
        "axes": {"level": "WARNING"},
    },
}

# Locally WhiteNoise serves straight from the source folders; in production
# from STATIC_ROOT, with hashed names and far-future caching.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Background work -------------------------------------------------------

# Mail and other work that can wait leaves the request through Django's Tasks
# API (the django-tasks backport on 5.2; on Django 6 the same code imports
# django.tasks and these backend paths change, nothing else). The backend is
# configuration:
#   immediate  run in the process that enqueues, after the commit: `make run`
#              and the tests, with nothing else to start;
#   database   a durable queue in the site's own database (django-tasks-db),
#              run by `manage.py db_worker`: one machine, or several sharing
#              the database;
#   rq         RQ on Redis (django-tasks-rq), run by `manage.py rqworker
#              --with-scheduler`: many machines, many workers.
NEWSROOM_TASKS_BACKEND = os.environ.get(
    "NEWSROOM_TASKS_BACKEND", "immediate" if DEBUG else "database"
)
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if NEWSROOM_TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, "
        f"not {NEWSROOM_TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[NEWSROOM_TASKS_BACKEND]}}
# The queue's table exists whichever backend runs, so switching is a setting.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
if NEWSROOM_TASKS_BACKEND == "rq":
    NEWSROOM_TASKS_REDIS_URL = os.environ.get("NEWSROOM_TASKS_REDIS_URL", REDIS_URL)
    if not NEWSROOM_TASKS_REDIS_URL:
        raise ImproperlyConfigured(
            "NEWSROOM_TASKS_BACKEND=rq needs Redis: set REDIS_URL or NEWSROOM_TASKS_REDIS_URL."
        )
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": NEWSROOM_TASKS_REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    # RQ's workers run Django tasks through django-tasks-rq's job class.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

# Sending mail: a temporary refusal (4xx, connection refused, timeout) is
# tried again after COMMENTS_MAIL_RETRY_SECONDS, doubling each time up to an
# hour, at most COMMENTS_MAIL_ATTEMPTS times; then the notice is marked failed
# in the admin, where staff can send it again.
COMMENTS_MAIL_RETRY_SECONDS = float(os.environ.get("COMMENTS_MAIL_RETRY_SECONDS", "30"))
COMMENTS_MAIL_ATTEMPTS = env_int("COMMENTS_MAIL_ATTEMPTS", 10)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# How long the link in the "confirm your address" mail stays valid.
COMMENTS_CONFIRM_DAYS = env_int("COMMENTS_CONFIRM_DAYS", 30)
