"""Faults end cleanly: a busy SQLite waits, a dead or frozen database answers 503 quickly,
a dead or frozen Redis is a cache miss. (Issue 13, items 4, 10 and 16.)"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from importlib import import_module
from pathlib import Path

import pytest
from django.db import OperationalError, connection, connections, transaction

from newspaper.cache import ForgivingRedisCache
from newspaper.settings.base import database_from_url

from .factories import ArticleFactory
from .test_renditions import photo

ROOT = Path(__file__).resolve().parent.parent
ON_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def silent_port():
    """A TCP port that accepts connections into its backlog and never answers: a frozen
    server, as a hung database or Redis looks from the client."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    server.close()


# --- SQLite under a small newsroom (item 4) ---------------------------------------------


@pytest.fixture
def own_database(django_db_blocker):
    """Lets a test open connections of its own, to a database file outside the test's."""
    with django_db_blocker.unblock():
        yield


def test_the_default_sqlite_database_waits_for_writers_in_wal_mode(tmp_path, own_database):
    """The embedded database (var/db.sqlite3 when DATABASE_URL is unset) is opened in WAL
    mode with a busy timeout, and its transactions take the write lock at BEGIN."""
    settings_dict = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    wrapper = _sqlite_wrapper(settings_dict, "probe")
    with wrapper.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
    wrapper.close()
    assert database_from_url(None)["OPTIONS"] == settings_dict["OPTIONS"]


def _sqlite_wrapper(settings_dict: dict, alias: str):
    backend = import_module(settings_dict["ENGINE"] + ".base")
    full = {**connections.settings["default"], **settings_dict, "TEST": {}}
    return backend.DatabaseWrapper(full, alias)


def test_concurrent_saves_on_sqlite_wait_for_each_other_and_all_succeed(tmp_path, own_database):
    """Eight editors saving at once, each save a read then a write in one transaction (as
    the admin's save with its revision and audit entry is): every save succeeds, none fails
    with "database is locked"."""
    settings_dict = database_from_url(f"sqlite:///{tmp_path / 'newsroom.sqlite3'}")
    setup = _sqlite_wrapper(settings_dict, "setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE save_log (editor INTEGER, seen INTEGER)")
    setup.close()

    editors, saves_each = 8, 15
    errors: list[BaseException] = []
    start = threading.Barrier(editors)

    def editor(number: int) -> None:
        alias = f"editor{number}"
        connections[alias] = _sqlite_wrapper(settings_dict, alias)
        try:
            start.wait()
            for _ in range(saves_each):
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM save_log")
                    seen = cursor.fetchone()[0]
                    time.sleep(0.001)  # the form's work between reading and writing
                    cursor.execute("INSERT INTO save_log VALUES (%s, %s)", [number, seen])
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    check = _sqlite_wrapper(settings_dict, "check")
    with check.cursor() as cursor:
        rows = cursor.execute("SELECT seen FROM save_log").fetchall()
    check.close()
    # Serialised: every save saw exactly the saves before it.
    assert sorted(seen for (seen,) in rows) == list(range(editors * saves_each))


# --- The database down or frozen (item 10) ------------------------------------------------

PROBE = """
import json, os
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
if os.environ.get("PROBE_SESSION"):
    client.cookies["sessionid"] = os.environ["PROBE_SESSION"]
out = {}
for path in json.loads(os.environ["PROBE_PATHS"]):
    started = __import__("time").monotonic()
    response = client.get(path, secure=True, HTTP_HOST="paper.example.com")
    out[path] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode(),
        "seconds": __import__("time").monotonic() - started,
    }
print(json.dumps(out))
"""

READER_PATHS = ["/", "/articles/1/", "/editions/2024-04-01/01/", "/feeds/latest/rss/"]


def probe(database_url: str, paths=READER_PATHS, **env) -> dict:
    """GET each path in a fresh production process whose database is ``database_url``."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newspaper.settings.prod",
        "SECRET_KEY": "probe-" + "k" * 60,
        "ALLOWED_HOSTS": "paper.example.com",
        "DATABASE_URL": database_url,
        "PROBE_PATHS": json.dumps(paths),
        **env,
    }
    environment.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "database_url",
    [
        "postgres://postgres@127.0.0.1:1/newspaper",
        "sqlite:////nonexistent-directory/newspaper.sqlite3",
    ],
    ids=["postgresql-dead-port", "sqlite-unreachable-file"],
)
def test_readers_get_a_chinese_503_with_retry_after_when_the_database_is_down(database_url):
    """Every reader page answers 503 with Retry-After and a Chinese explanation, at once,
    instead of a bare 500."""
    for path, answer in probe(database_url).items():
        assert answer["status"] == 503, path
        assert answer["retry_after"] == "30", path
        assert "暂时无法访问" in answer["body"], path
        assert answer["seconds"] < 5, path


def test_staff_with_a_session_get_the_503_too():
    """A logged-in editor's request, whose session the database cannot load or save, gets
    the same 503 (the session middleware's error reaches the 500 handler, which knows)."""
    answers = probe(
        "postgres://postgres@127.0.0.1:1/newspaper",
        paths=["/", "/admin/"],
        PROBE_SESSION="a" * 32,
    )
    for path, answer in answers.items():
        assert answer["status"] == 503, path
        assert "暂时无法访问" in answer["body"], path


def test_only_database_errors_become_a_503(rf):
    """The 500 handler answers 503 for a database error and the ordinary 500 for a bug."""
    from newspaper.errors import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        assert server_error(rf.get("/")).status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(rf.get("/")).status_code == 500


def test_a_frozen_postgresql_server_answers_503_within_the_connect_timeout(silent_port):
    """A database that accepts the connection and never answers costs the connect timeout
    (here 1 s), not a 30 s hang, and the reader still gets the 503 page."""
    answers = probe(
        f"postgres://postgres@127.0.0.1:{silent_port}/newspaper",
        paths=["/"],
        DB_CONNECT_TIMEOUT="1",
        RETRY_AFTER="12",
    )
    assert answers["/"]["status"] == 503
    assert answers["/"]["retry_after"] == "12"
    assert answers["/"]["seconds"] < 4


def test_postgresql_gets_connect_and_statement_timeouts(monkeypatch):
    """PostgreSQL connections give up connecting after 5 s and cancel a statement after
    30 s by default; both come from the environment."""
    options = database_from_url("postgres://u@db:5432/paper")["OPTIONS"]
    assert options["connect_timeout"] == 5
    assert options["options"] == "-c statement_timeout=30000"
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_MS", "1500")
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "2")
    options = database_from_url("postgres://u@db:5432/paper")["OPTIONS"]
    assert options == {"connect_timeout": 2, "options": "-c statement_timeout=1500"}
    assert database_from_url("postgres://u@db:5432/paper")["CONN_HEALTH_CHECKS"] is True


@pytest.mark.skipif(not ON_POSTGRES, reason="a statement timeout is PostgreSQL's")
@pytest.mark.django_db
def test_a_runaway_statement_is_cancelled_by_the_statement_timeout(monkeypatch):
    """A query that runs past the statement timeout is cancelled with an OperationalError
    (which the site answers with its 503), not left to hold a worker."""
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_MS", "300")
    settings_dict = {
        **connection.settings_dict,
        "OPTIONS": database_from_url("postgres://x@h/d")["OPTIONS"],
    }
    backend = import_module(settings_dict["ENGINE"] + ".base")
    wrapper = backend.DatabaseWrapper(settings_dict, "runaway")
    started = time.monotonic()
    with pytest.raises(OperationalError, match="statement timeout"):
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
    wrapper.close()
    assert time.monotonic() - started < 3


@pytest.mark.skipif(not ON_POSTGRES, reason="needs a server that can go away and come back")
@pytest.mark.django_db(transaction=True)
def test_the_site_recovers_by_itself_when_the_database_returns(client, monkeypatch):
    """While the database is unreachable the home page is a 503; once it answers again the
    next request is served, with no restart."""
    connection.close()
    real_port = connection.settings_dict["PORT"]
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    assert client.get("/").status_code == 503
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", real_port)
    assert client.get("/").status_code in (200, 404)


# --- Redis down or frozen (items 10 and 16) ---------------------------------------------


def forgiving_cache(location: str, timeout: float = 0.3) -> ForgivingRedisCache:
    return ForgivingRedisCache(
        location,
        {
            "KEY_PREFIX": f"test-faults-{os.getpid()}",
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        },
    )


def test_a_dead_redis_is_an_empty_cache_and_is_logged(caplog):
    """With nothing listening, reads miss, writes do nothing, get_or_set computes, and the
    failure is logged instead of raised."""
    cache = forgiving_cache("redis://127.0.0.1:1/0")
    cache.set("key", "value")
    assert cache.get("key") is None
    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_or_set("key", lambda: "computed") == "computed"
    assert cache.add("key", "value") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("key") is False
    assert "Cache set failed" in caplog.text


def test_a_frozen_redis_costs_one_short_timeout_then_is_skipped(silent_port):
    """A Redis that accepts and never answers fails the first call within its socket
    timeout; the calls after it do not wait on it again for a while."""
    cache = forgiving_cache(f"redis://127.0.0.1:{silent_port}/0", timeout=0.3)
    started = time.monotonic()
    assert cache.get("key") is None
    assert time.monotonic() - started < 2
    started = time.monotonic()
    for _ in range(20):
        assert cache.get("key") is None
        cache.set("key", "value")
    assert time.monotonic() - started < 0.1


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_answers(), reason="no Redis at 127.0.0.1:6379")
def test_a_working_redis_is_used_as_a_normal_cache():
    """When Redis answers, the forgiving backend is plain RedisCache."""
    cache = forgiving_cache("redis://127.0.0.1:6379/15", timeout=1)
    cache.set("key", {"a": 1}, 30)
    assert cache.get("key") == {"a": 1}
    cache.set("counter", 1, 30)
    assert cache.incr("counter") == 2
    assert cache.delete("key") is True
    assert cache.get("key") is None


@pytest.mark.django_db
def test_an_article_page_with_an_image_is_served_with_redis_down(client, settings):
    """The image renditions' cache is Redis in production; with Redis down the article
    page is still a 200 with its image, only uncached."""
    settings.CACHES = {
        "default": {
            "BACKEND": "newspaper.cache.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    article = ArticleFactory()
    image = photo(article)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert image.image.name.rsplit("/", 1)[-1] in response.content.decode()
