"""Settings shared by every environment; values that differ come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("NEWSPAPER_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no environment variable: 1, true, yes or on (any case) is yes."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_from_url(url: str | None) -> dict:
    """A DATABASES entry from a URL; SQLite under var/ when no URL is given.

    Every engine gets the options that make faults end cleanly: SQLite waits for a busy
    database instead of failing (WAL, a busy timeout, writes that take the lock up front);
    PostgreSQL gives up on an unreachable server and on a runaway statement.
    """
    if not url:
        url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # A transaction that reads and then writes would otherwise fail at once with
        # "database is locked" when another writer got in between (no busy wait is possible
        # for a lock upgrade); IMMEDIATE takes the write lock at BEGIN, where the busy
        # timeout applies. WAL lets readers go on while one editor writes.
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")))
        options.setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        )
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # A database that is down or frozen answers within seconds, not after a TCP timeout.
        options.setdefault("connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5")))
        statement_timeout = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "30000"))
        options.setdefault("options", f"-c statement_timeout={statement_timeout}")
    return config


def cache_from_url(url: str | None) -> dict:
    """Redis when REDIS_URL is set, else local memory.

    The Redis backend is Django's RedisCache made forgiving (``newspaper.cache``): an
    unreachable or frozen Redis is a cache miss, logged, never an error, and short socket
    timeouts keep a frozen one from holding a page up.
    """
    if url:
        return {
            "BACKEND": "newspaper.cache.ForgivingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "newspaper",
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "ckeditor",
    "reversion",
    "csp",
    "axes",
    "editions",
    "articles",
    "newspaper",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Anonymous public pages from the cache (newspaper/caching.py); outside the CSP
    # middleware, so a stored page keeps its policy (with a nonce replaced on every hit).
    "newspaper.caching.PublicPageCacheMiddleware",
    "newspaper.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newspaper.middleware.AdminHttpsOnlyMiddleware",
    "newspaper.middleware.DatabaseUnavailableMiddleware",
    # django-axes turns a locked-out login into its lockout page; it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newspaper.urls"

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
                "newspaper.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newspaper.wsgi.application"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_url(os.environ.get("REDIS_URL"))}

AUTHENTICATION_BACKENDS = [
    # Refuses any login, right password or not, while the account or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Editors and readers see Simplified Chinese whatever their browser asks for (there is no
# LocaleMiddleware); msgids are English, translated in locale/zh_Hans.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    # Skips CKEditor's bundled sample pages, which must never be served.
    "newspaper.staticfinders.AppDirectoriesFinderWithoutSamples",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Uploads are small documents and images; anything larger goes to disk, not memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The admin's page PDF uploads wait here for their ingest job (articles.ingest.jobs): a
# private folder outside MEDIA_ROOT, never served, on the machine that runs the job.
NEWSPAPER_INGEST_STAGING_ROOT = Path(os.environ.get("INGEST_STAGING_ROOT", VAR_DIR / "ingest"))
# Ingest jobs run in a thread started when the upload commits; True runs them in the
# request instead (the tests, for determinism).
NEWSPAPER_INGEST_INLINE = env_bool("INGEST_INLINE", False)
# A job queued or running for longer than this (seconds) is shown as failed: the process
# that ran it has died (a 16-page edition takes well under a minute).
NEWSPAPER_INGEST_JOB_TIMEOUT = int(os.environ.get("INGEST_JOB_TIMEOUT", "900"))

# The public site serves this publication; a database may hold several.
NEWSPAPER_PUBLICATION = os.environ.get("NEWSPAPER_PUBLICATION", "lyrb")
NEWSPAPER_PAGINATE_BY = 20
NEWSPAPER_FEED_ITEMS = 30
# The public page cache (newspaper/caching.py): on by default; pages are kept this many
# seconds at most (never past the next scheduled publish time), the site's version is
# rechecked in the database this often (a change made by signals is seen at once; one made
# by a bare UPDATE in a shell within this time), and browsers and CDNs may reuse a page
# this long without revalidating (0: always revalidate, which costs a 304).
NEWSPAPER_PAGE_CACHE = env_bool("PAGE_CACHE", True)
NEWSPAPER_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
NEWSPAPER_CACHE_STATE_SECONDS = int(os.environ.get("CACHE_STATE_SECONDS", "60"))
NEWSPAPER_PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "0"))
NEWSPAPER_PAGE_CACHE_EXCLUDE = ["/search/"]
# What the apps' caches (article counts) key on: the site's version (newspaper/caching.py).
NEWSPAPER_CACHE_VERSION = "newspaper.caching.current_token"
# A list of articles has at most this many pages (the archive by date reaches the rest),
# so that neither its count nor its deepest page reads more rows than that.
NEWSPAPER_MAX_PAGES = int(os.environ.get("MAX_LIST_PAGES", "250"))
# A WebSub hub (https://www.w3.org/TR/websub/) the feeds name, so readers get pushes.
NEWSPAPER_WEBSUB_HUB = os.environ.get("WEBSUB_HUB", "")

CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic", "Underline", "Strike", "Subscript", "Superscript"],
            ["NumberedList", "BulletedList", "Blockquote", "Table"],
            # No Image button: pictures are the article's images (uploaded with the page
            # checks, staff only), not pasted into the body.
            ["Link", "Unlink"],
            ["RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        # Full-page mode would let an editor store <html>/<head>; the sanitiser strips it
        # anyway, but the editor should not offer it.
        "fullPage": False,
        # 4.22's version notification fetches from CKSource's domain (CVE-2024-43411 is a
        # takeover of that domain); the policy forbids the request anyway.
        "versionCheck": False,
        "height": 420,
        "width": "100%",
        "language": "zh-cn",
    }
}

# --- Security (see the README's "Security" section) ---

# The admin's path: it gets the CKEditor policy below and, in production, https only.
NEWSPAPER_ADMIN_PREFIX = "/admin/"
# Refuse (403) every admin request that did not arrive over https; production turns it on.
NEWSPAPER_ADMIN_REQUIRES_HTTPS = False
# Seconds a reader is asked to wait on the 503 page when the database cannot be reached.
NEWSPAPER_RETRY_AFTER = int(os.environ.get("RETRY_AFTER", "30"))

# Logins: a few wrong passwords lock the account and the address out for a while
# (django-axes); the right password is refused too until the cool-off has passed.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
# Either one counts: guessing many passwords for one account, or many accounts from one address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newspaper.middleware.lockout_response"
AXES_COOLOFF_MESSAGE = _("Too many failed logins. Try again later.")
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE
AXES_CLIENT_IP_CALLABLE = "newspaper.middleware.client_ip"
# Set when a proxy in front adds X-Forwarded-For and X-Forwarded-Proto (and strips the
# client's own): the client's address and https are then read from those headers.
NEWSPAPER_BEHIND_PROXY = env_bool("BEHIND_PROXY", False)

# Sessions end after this long without a request (each request renews the cookie).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(2 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it; forms carry the token
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"


def _origin(url: str) -> list[str]:
    """The scheme and host of an absolute URL, for the policy; nothing for a path."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# Hosts (https://img.example.com) besides our own whose images pages may show.
NEWSPAPER_CSP_IMG_HOSTS = env_list("CSP_IMG_HOSTS")

# Content-Security-Policy (django-csp). Readers' pages run no script but our own files and
# nonce-carrying inline ones; style attributes are allowed (the page map positions its
# regions with them), style elements are not. No page may be framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", *_origin(MEDIA_URL), *NEWSPAPER_CSP_IMG_HOSTS],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The admin's policy replaces these directives: CKEditor 4 needs inline event handlers,
# Function() and inline styles, and shows pasted images as data: or blob: URLs. Staff only,
# and nothing it produces reaches a reader unsanitised.
NEWSPAPER_CSP_ADMIN = {
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *_origin(MEDIA_URL), *NEWSPAPER_CSP_IMG_HOSTS],
}

SILENCED_SYSTEM_CHECKS = [
    # ckeditor.W001 warns that CKEditor 4.22.1 has known unfixed security issues. We accept
    # the editor only because every rich-text field is sanitised on the server with nh3
    # before it is stored (articles.sanitize), templates mark only sanitised fields safe,
    # uploads are disabled and the bundled sample pages are not served.
    "ckeditor.W001",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Scaling out (README "Production: scaling out") --------------------------------------
# The benchmark's ceiling views (newspaper/bench_views.py); never on in production.
NEWSPAPER_BENCH_VIEWS = os.environ.get("NEWSPAPER_BENCH_VIEWS", "") in {"1", "true", "yes", "on"}
if NEWSPAPER_BENCH_VIEWS:
    MIDDLEWARE.insert(0, "newspaper.bench_views.QueryCountMiddleware")

# An optional read replica: anonymous readers' GET/HEAD requests read from it.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(os.environ["DATABASE_REPLICA_URL"])
    DATABASE_ROUTERS = ["newspaper.db_routers.ReplicaRouter"]
    MIDDLEWARE.insert(0, "newspaper.db_routers.PrimaryDatabaseMiddleware")


def media_storage(environ) -> dict:
    """The default (media) storage: S3-compatible object storage through django-storages
    when AWS_STORAGE_BUCKET_NAME is set, else the file system under MEDIA_ROOT."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        # Uploads keep their own names; a second upload of the same name gets a new one.
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": environ.get("AWS_QUERYSTRING_AUTH", "") in {"1", "true", "yes"},
    }
    for option, variable in [
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
        ("location", "AWS_LOCATION"),
    ]:
        if environ.get(variable):
            options[option] = environ[variable]
    # Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the instance role,
    # read by boto3 itself; they never appear in the settings.
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES["default"] = media_storage(os.environ)
# Static files through a CDN that pulls from whitenoise: STATIC_HOST=https://cdn.example.com
STATIC_URL = os.environ.get("STATIC_HOST", "").rstrip("/") + "/static/"
