"""The project's own guarantees: migrations in step, checks clean, settings safe."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_models_and_migrations_are_in_step():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_system_checks_are_clean_with_ckeditor_warning_silenced():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues (1 silenced)" in out.getvalue()


def run_settings(env_overrides: dict, module: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE=module)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({"ALLOWED_HOSTS": "example.com"}, "newspaper.settings.prod")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_settings({"SECRET_KEY": "x" * 50}, "newspaper.settings.prod")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_starts_with_its_environment():
    result = run_settings(
        {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.com"}, "newspaper.settings.prod"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_redis_url_selects_djangos_redis_cache():
    """REDIS_URL selects Django's RedisCache (in its forgiving subclass, newspaper.cache)."""
    from django.core.cache.backends.redis import RedisCache
    from django.utils.module_loading import import_string

    from newspaper.settings.base import cache_from_url

    backend = import_string(cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"])
    assert issubclass(backend, RedisCache)
    assert "locmem" in cache_from_url(None)["BACKEND"]


def test_database_url_selects_the_database():
    from newspaper.settings.base import database_from_url

    assert database_from_url("postgres://u@db:5432/paper")["ENGINE"] == (
        "django.db.backends.postgresql"
    )
    assert database_from_url(None)["ENGINE"] == "django.db.backends.sqlite3"


def test_ckeditor_sample_pages_are_never_found_or_served(client, db):
    # db: the 404 page is the site's own, with the paper's name and sections.
    assert finders.find("ckeditor/ckeditor/samples/index.html") is None
    assert finders.find("ckeditor/ckeditor/ckeditor.js") is not None
    assert client.get("/static/ckeditor/ckeditor/samples/index.html").status_code == 404


def test_compiled_chinese_catalogue_is_committed():
    assert (ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo").stat().st_size > 1000
