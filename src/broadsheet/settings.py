"""Broadsheet settings: one module, every value read from the environment.

Every variable is documented in `.env.example`. Defaults are safe: DEBUG is off,
the secret key is generated once into the data folder, SQLite runs in WAL mode.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("BROADSHEET_DATA_DIR", "./var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def read_or_create_secret_key(data_dir: Path) -> str:
    """Return SECRET_KEY from the environment, else from the data folder (created once).

    The key never lives in the repository; a generated key is written with mode 0600.
    """
    from_env = os.environ.get("SECRET_KEY") or os.environ.get("BROADSHEET_SECRET_KEY")
    if from_env:
        return from_env
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = read_or_create_secret_key(DATA_DIR)
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "broadsheet.core",
    "broadsheet.desk.apps.DeskAdminConfig",
    "django.contrib.auth",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "reversion",
    "django_prose_editor",
    "broadsheet.photos",
    "broadsheet.news",
    "broadsheet.readership",
    "broadsheet.search",
    "broadsheet.discussion",
    "django.contrib.sitemaps",
    "broadsheet.syndication",
    "broadsheet.wire",
    # The public API (broadsheet.api); "ninja" for its docs page's local assets (no CDN).
    "ninja",
    "broadsheet.api",
    "huey.contrib.djhuey",
    "broadsheet.pagecache",
    "broadsheet.public",
    "broadsheet.desk.apps.DeskConfig",
    "broadsheet.demo",
    "broadsheet.benchdata",
]

MIDDLEWARE = [
    "broadsheet.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "broadsheet.pagecache.middleware.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "broadsheet.desk.access.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "broadsheet.core.middleware.ContentSecurityPolicyMiddleware",
    # Branded error answers: bare 405/410/429, a lost database (503), JSON for JSON clients.
    "broadsheet.core.errors.ErrorPageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "broadsheet.urls"
WSGI_APPLICATION = "broadsheet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "broadsheet.public.context_processors.site",
            ],
        },
    },
    {
        # The parts of a page its first render spends most in (broadsheet/jinja.py says
        # why); in each app's jinja2/ folder.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "broadsheet.jinja.environment"},
    },
]

# Database: SQLite in the data folder unless DATABASE_URL names another (PostgreSQL).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            # Django's SQLite backend, its writers queued on a file lock (core/sqlite).
            "ENGINE": "broadsheet.core.sqlite",
            "NAME": str(DATA_DIR / "broadsheet.sqlite3"),
            "OPTIONS": {
                # WAL lets readers run while one writer writes; IMMEDIATE avoids
                # "database is locked" on read-then-write transactions.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                # Seconds a writer waits for the write lock (SQLite's busy timeout, and
                # the bound of the writers' queue in core/sqlite).
                "timeout": 5,
            },
            # Kept open between requests: a new connection runs the PRAGMAs above and
            # starts with an empty page cache (measured: bench/render_miss.py).
            "CONN_MAX_AGE": None,
        }
    }
# Optional PostgreSQL streaming replica: anonymous public reads go to it, everything that
# must read its own writes stays on the primary (core/dbrouter.py, docs/deploy.md). Tests
# treat it as a mirror of default and never create a database on a read-only server.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    if not DATABASE_URL:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL (the primary).")
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=60,
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
    # A replica that stops answering is skipped quickly instead of hanging readers.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASE_ROUTERS = ["broadsheet.core.dbrouter.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(0, "broadsheet.core.dbrouter.PrimaryPinMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; Redis (shared by every process) when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "broadsheet.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "broadsheet",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "broadsheet",
        }
    }
# Sessions live in the database and are cached: they survive a cache outage.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Addresses (or networks) of the reverse proxies in front: from them, and only from them,
# the reader's address is taken from X-Real-IP (rate limits, bans). Empty: no proxy.
BROADSHEET_TRUSTED_PROXIES = env_list("BROADSHEET_TRUSTED_PROXIES", "")
# Reverse proxies (nginx) told to drop a page when it changes (pagecache/proxy.py);
# comma-separated base URLs accepting `PURGE <path>`; empty: no proxy cache.
BROADSHEET_PROXY_PURGE_URLS = env_list("BROADSHEET_PROXY_PURGE_URLS", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("BROADSHEET_PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# A form refused by the CSRF check says what to do and shows back what was typed.
CSRF_FAILURE_VIEW = "broadsheet.core.views.csrf_failure"

# Site identity and locale.
SITE_NAME = os.environ.get("BROADSHEET_SITE_NAME", "Broadsheet")
# Without BROADSHEET_SITE_TAGLINE the default tagline follows the reader's language.
SITE_TAGLINE = os.environ.get("BROADSHEET_SITE_TAGLINE") or gettext_lazy(
    "News from Ukrainian- and Russian-language sources, in English"
)
LANGUAGE_CODE = os.environ.get("BROADSHEET_LANGUAGE", "en")
LANGUAGES = [("en", "English"), ("uk", "Українська"), ("ru", "Русский")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("BROADSHEET_TIME_ZONE", "Europe/Kyiv")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("BROADSHEET_MEDIA_DIR", str(DATA_DIR / "media"))).resolve()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "broadsheet.core.staticstorage.StaticStorage"},
}
# Serve static files straight from the apps when collectstatic has not run (tests, dev).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Source maps are for developers' tools; compressing them doubles collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "avif",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "swf",
    "flv",
    "woff",
    "woff2",
    "3gp",
    "3gpp",
    "asf",
    "avi",
    "m4v",
    "mov",
    "mp4",
    "mpeg",
    "mpg",
    "webm",
    "wmv",
    "map",
]
FILE_UPLOAD_PERMISSIONS = 0o644

# Security defaults. HTTPS-only settings turn on with BROADSHEET_HTTPS=1 (behind TLS).
HTTPS = env_bool("BROADSHEET_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS and env_bool("BROADSHEET_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
# HSTS covers the subdomains too (turn off if one of them is still served over http).
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("BROADSHEET_HSTS_INCLUDE_SUBDOMAINS", True)
# Asking browsers to ship the domain in their HTTPS-only list is hard to undo: the owner's
# decision (BROADSHEET_HSTS_PRELOAD=1), so `check --deploy` is not asked to insist on it.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("BROADSHEET_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Reader-facing paging.
BROADSHEET_PAGE_SIZE = int(os.environ.get("BROADSHEET_PAGE_SIZE", "20"))
BROADSHEET_PHOTO_WIDTHS = (320, 640, 960, 1280)
# Uploaded pictures (photos/images.py): larger files, or more pixels (megapixels, from the
# header, before any decoding), are refused; what is kept is re-encoded.
BROADSHEET_PHOTO_MAX_BYTES = int(os.environ.get("BROADSHEET_PHOTO_MAX_MB", "25")) * 1_000_000
BROADSHEET_PHOTO_MAX_PIXELS = (
    int(os.environ.get("BROADSHEET_PHOTO_MAX_MEGAPIXELS", "50")) * 1_000_000
)

# The page cache before Django (broadsheet.pagecache): anonymous reads of public pages
# are answered from memory, invalidated exactly when what they show changes.
BROADSHEET_PAGE_CACHE = env_bool("BROADSHEET_PAGE_CACHE", True)
# Memory for stored pages, per app process.
BROADSHEET_PAGE_CACHE_MB = int(os.environ.get("BROADSHEET_PAGE_CACHE_MB", "64"))
# How long a shared cache in front (a proxy) may keep a page without asking: the app
# cannot purge it, so keep this short (see docs/deploy.md).
BROADSHEET_PAGE_CACHE_SHARED_MAX_AGE = int(
    os.environ.get("BROADSHEET_PAGE_CACHE_SHARED_MAX_AGE", "1")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Discussion (broadsheet.discussion; documented in docs/discussion.md) -------------
# Mail: SMTP when EMAIL_HOST is set, else each message is written to a file in the data
# folder (the embedded default), so nothing is lost and nothing needs a mail server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Broadsheet <noreply@localhost>")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
# open | premoderated | closed: the site default, overridable per article in the desk.
DISCUSSION_DEFAULT_MODE = os.environ.get("DISCUSSION_DEFAULT_MODE", "open")
# Threads close by themselves this many days after publication; 0 keeps them open (the
# default: the reference site takes comments on every article, however old).
DISCUSSION_CLOSE_AFTER_DAYS = int(os.environ.get("DISCUSSION_CLOSE_AFTER_DAYS", "0"))
DISCUSSION_PAGE_SIZE = int(os.environ.get("DISCUSSION_PAGE_SIZE", "50"))
DISCUSSION_ORDER = os.environ.get("DISCUSSION_ORDER", "oldest")  # oldest | newest
DISCUSSION_CAPTCHA_TTL = int(os.environ.get("DISCUSSION_CAPTCHA_TTL", "900"))
DISCUSSION_MIN_SUBMIT_SECONDS = float(os.environ.get("DISCUSSION_MIN_SUBMIT_SECONDS", "3"))
DISCUSSION_POW_ENABLED = env_bool("DISCUSSION_POW_ENABLED", True)
DISCUSSION_POW_MAX_NUMBER = int(os.environ.get("DISCUSSION_POW_MAX_NUMBER", "100000"))
# A post with no proof of work (no JavaScript) is "hold" (pending) or "reject"ed.
DISCUSSION_POW_MISSING = os.environ.get("DISCUSSION_POW_MISSING", "hold")
DISCUSSION_MAX_LINKS = int(os.environ.get("DISCUSSION_MAX_LINKS", "2"))
DISCUSSION_RATE_PER_IP = os.environ.get("DISCUSSION_RATE_PER_IP", "5/60")  # posts/seconds
# Every try counts here, refused or not (a flood answering wrong never stores a comment);
# past twice this a bare 429 is all an address gets until the window ends.
DISCUSSION_ATTEMPTS_PER_IP = os.environ.get("DISCUSSION_ATTEMPTS_PER_IP", "20/60")
DISCUSSION_RATE_PER_ARTICLE = os.environ.get("DISCUSSION_RATE_PER_ARTICLE", "60/60")
DISCUSSION_DUPLICATE_WINDOW = int(os.environ.get("DISCUSSION_DUPLICATE_WINDOW", "3600"))
DISCUSSION_TRUST_THRESHOLD = int(os.environ.get("DISCUSSION_TRUST_THRESHOLD", "1"))
DISCUSSION_QUIET_HOURS = os.environ.get("DISCUSSION_QUIET_HOURS", "")  # e.g. "23:00-07:00"
DISCUSSION_REPORT_THRESHOLD = int(os.environ.get("DISCUSSION_REPORT_THRESHOLD", "3"))
DISCUSSION_IP_RETENTION_DAYS = int(os.environ.get("DISCUSSION_IP_RETENTION_DAYS", "30"))
DISCUSSION_MAIL_MAX_ATTEMPTS = int(os.environ.get("DISCUSSION_MAIL_MAX_ATTEMPTS", "5"))
# Send mail in a background thread after commit (never delays the reader's response);
# off: send inline after commit (tests, single-threaded setups).
DISCUSSION_MAIL_IN_THREAD = env_bool("DISCUSSION_MAIL_IN_THREAD", True)
# --- end Discussion --------------------------------------------------------------------

# --- Search (broadsheet.search; documented in docs/search.md) ---------------------------
# The backend follows the database: SQLite FTS5 embedded, PostgreSQL full-text in scale
# mode. A dotted path to a broadsheet.search.backends.base.SearchBackend overrides it.
BROADSHEET_SEARCH_BACKEND = os.environ.get("BROADSHEET_SEARCH_BACKEND", "")
# A search statement running longer than this is stopped and the reader asked to narrow
# the query: a safety net, so no query can hold a worker for long.
BROADSHEET_SEARCH_TIMEOUT_MS = int(os.environ.get("BROADSHEET_SEARCH_TIMEOUT_MS", "3000"))
# --- end Search ------------------------------------------------------------------------

# --- Syndication (broadsheet.syndication; documented in docs/syndication.md) -----------
# The site's public address (scheme and host, e.g. https://news.example) for canonical
# URLs, feeds, sitemaps and links in mail. Empty: built from the request's own host
# (mail sent outside a request then says http://localhost: set it in production).
BROADSHEET_BASE_URL = os.environ.get("BROADSHEET_BASE_URL", "").rstrip("/")
# How many articles each RSS/Atom feed carries.
BROADSHEET_FEED_SIZE = int(os.environ.get("BROADSHEET_FEED_SIZE", "30"))
# --- end Syndication -------------------------------------------------------------------

# --- Wire desk (broadsheet.wire; documented in docs/wire.md) ---------------------------
# The fetcher never connects to loopback, private, link-local or metadata addresses. Tests
# admit loopback (their own fixture server) through this setting; it is honoured only in
# development (DEBUG on) or inside a test run, and refused at start otherwise.
WIRE_ALLOW_LOOPBACK = env_bool("BROADSHEET_WIRE_ALLOW_LOOPBACK", False)
if WIRE_ALLOW_LOOPBACK and not DEBUG:
    raise ImproperlyConfigured(
        "BROADSHEET_WIRE_ALLOW_LOOPBACK lets the wire fetcher reach this machine's own "
        "services; it is for development (DEBUG=1) only. Remove it in production."
    )
# Installed translation models (unpacked .argosmodel packages).
WIRE_MODEL_DIR = Path(os.environ.get("BROADSHEET_WIRE_MODEL_DIR", str(DATA_DIR / "wire-models")))
WIRE_USER_AGENT = os.environ.get(
    "BROADSHEET_WIRE_USER_AGENT", "BroadsheetWire/0.1 (+https://github.com/broadsheet)"
)
# Background work: huey, on its own SQLite file (its writes never hold the site's write
# lock), or on Redis in the scale mode. The schedule itself lives in the database.
HUEY = {
    "name": "broadsheet-wire",
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "immediate": env_bool("BROADSHEET_WIRE_IMMEDIATE", False),
    "results": False,
    "connection": (
        {"url": REDIS_URL} if REDIS_URL else {"filename": str(DATA_DIR / "wire-queue.sqlite3")}
    ),
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
}
# --- end Wire desk ---------------------------------------------------------------------

# --- Desk access (documented in docs/security.md) --------------------------------------
# django-axes stands first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password guessing: failed desk logins are counted in the database (every process sees
# them), per account and per address apart; past the limit both are refused until the
# lockout ends. A failure during a lockout starts it again. Lift it early with
# `broadsheet axes_reset_username NAME` or `broadsheet axes_reset_ip ADDRESS`.
AXES_FAILURE_LIMIT = int(os.environ.get("BROADSHEET_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("BROADSHEET_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "broadsheet.desk.access.lockout_response"
# REMOTE_ADDR, already the reader's own behind a trusted proxy (TrustedProxyMiddleware).
AXES_CLIENT_IP_CALLABLE = "broadsheet.core.middleware.request_address"
# A second factor: staff may add a TOTP device (an authenticator app); one who has it
# gives its code at every login. With this on, editors (and superusers) without one
# cannot enter the desk until `broadsheet desk_totp NAME` gives them one.
BROADSHEET_OTP_REQUIRED_FOR_EDITORS = env_bool("BROADSHEET_OTP_REQUIRED_FOR_EDITORS", False)
OTP_TOTP_ISSUER = SITE_NAME
# A desk session ends this long after login (seconds; default 12 hours), and when the
# browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("BROADSHEET_SESSION_SECONDS", str(12 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# --- end Desk access -------------------------------------------------------------------
