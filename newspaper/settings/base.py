"""Settings shared by every environment; values that differ come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("NEWSPAPER_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str | None) -> dict:
    """A DATABASES entry from a URL; SQLite under var/ when no URL is given."""
    if not url:
        url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    return dj_database_url.parse(url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")))


def cache_from_url(url: str | None) -> dict:
    """Django's own RedisCache when REDIS_URL is set, else local memory."""
    if url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "newspaper",
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
    "editions",
    "articles",
    "newspaper",
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

# The public site serves this publication; a database may hold several.
NEWSPAPER_PUBLICATION = os.environ.get("NEWSPAPER_PUBLICATION", "lyrb")
NEWSPAPER_PAGINATE_BY = 20
NEWSPAPER_FEED_ITEMS = 30
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
        "height": 420,
        "width": "100%",
        "language": "zh-cn",
    }
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
