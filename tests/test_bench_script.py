"""scripts/bench.py: the parts that run without a server (the import bundle, the table)."""

import importlib.util
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from editions.models import Edition

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_grown_bundle_imports_as_sixteen_pages_of_two_hundred_articles(bench, demo, tmp_path):
    """The import benchmark's bundle (an exported edition grown to 16 pages and 200
    articles, dated IMPORT_DATE) is a valid bundle that imports whole."""
    call_command("export_edition", "2024-04-01", str(tmp_path / "b"), verbosity=0)
    path = tmp_path / "b" / "edition.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    bench.grow_bundle(document, pages=16, articles=200)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    call_command("import_edition", str(tmp_path / "b"), verbosity=0)
    edition = Edition.objects.get(date=bench.IMPORT_DATE)
    assert edition.pages.count() == 16
    assert edition.articles.count() == 200
    assert all(page.placements.count() in (12, 13) for page in edition.pages.all())


def measured(name, kind, rps, **extra):
    return {
        "name": name,
        "kind": kind,
        "rps": rps,
        "live_status": 200,
        "queries": "1",
        "p50_us": 1000,
        "p95_us": 2000,
        "connect_errors": 0,
        "read_errors": 0,
        "write_errors": 0,
        "status_errors": 0,
        "timeouts": 0,
        **extra,
    }


def test_table_gives_ratios_to_the_mean_of_both_ceiling_rounds(bench):
    """Each req/s is shown as a share of the mean of the two rounds of each ceiling view;
    sequentially timed rows are marked."""
    result = a_run(
        [
            measured("ceiling: constant", "constant", 1000.0),
            measured("ceiling: one row", "one-row", 300.0),
            measured("home", "page", 100.0),
            measured("search", "search", 0.5, sequential=True),
            measured("ceiling: constant (end)", "constant", 3000.0),
            measured("ceiling: one row (end)", "one-row", 100.0),
        ]
    )
    text = bench.table(result)
    home = next(line for line in text.splitlines() if line.startswith("| home"))
    assert "50.0 %" in home  # 100 of the one-row mean, 200
    assert "5.0 %" in home  # 100 of the constant mean, 2,000
    assert "0.5*" in text


def a_run(urls, *, memory=100.0, **extra):
    """What ``measure_round`` returns for one database and cache setting, with ``urls``."""
    return {
        "database": "sqlite",
        "counts": {"vendor": "sqlite", "articles": 10, "public_articles": 9, "editions": 1},
        "urls": urls,
        "single_client": {},
        "memory": {"peak_worker_rss_mib": memory},
        "import": None,
        "generate_seconds": None,
        **extra,
    }


def a_round(cache, number, one_row, home):
    return a_run(
        [
            measured("ceiling: constant", "constant", 1000.0),
            measured("ceiling: one row", "one-row", one_row),
            measured("home", "page", home),
        ],
        memory=90.0 + number,
        cache=cache,
        round=number,
    )


def test_both_cache_settings_are_measured_uncached_first(bench):
    assert bench.cache_modes("both") == ["off", "on"]
    assert bench.cache_modes("on") == ["on"]


def test_rounds_print_each_table_and_the_spread_of_each_ratio(bench):
    """With several rounds, each round's table, then per cache setting the median and the
    min–max of each ratio, every round's ratio taken to its own ceiling views."""
    rounds = [
        a_round("off", 1, one_row=200.0, home=50.0),  # 25 % of its one-row view
        a_round("on", 1, one_row=200.0, home=900.0),
        a_round("off", 2, one_row=100.0, home=40.0),  # 40 %
        a_round("on", 2, one_row=100.0, home=800.0),
    ]
    text = bench.report_text(rounds)
    assert text.count("| home ") == 4 + 2
    assert "page cache off, round 2" in text
    spreads = [line for line in text.splitlines() if line.startswith("| home") and "–" in line]
    assert len(spreads) == 2
    assert "32.5 % (25.0–40.0)" in spreads[0]  # off: median and spread of 25 % and 40 %
    assert "85.0 % (80.0–90.0)" in spreads[1]  # on, to the constant view
    assert "peak worker RSS over the rounds: 92.0 MiB (PSS " in text


def test_one_round_prints_its_table_without_a_spread(bench):
    text = bench.report_text([a_round("off", 1, one_row=200.0, home=50.0)])
    assert "rounds: median" not in text
    assert "25.0 %" in text


def test_only_keeps_the_ceiling_views_every_ratio_needs(bench):
    assert bench.chosen({"name": "ceiling: one row", "kind": "one-row"}, ["article"])
    assert bench.chosen({"name": "article (old)", "kind": "page"}, ["article"])
    assert not bench.chosen({"name": "home", "kind": "page"}, ["article"])
    assert bench.chosen({"name": "home", "kind": "page"}, None)


def test_warm_up_addresses_are_pages_of_their_own(bench):
    assert bench.warm_path("/") == "/?bench-warm=1"
    assert bench.warm_path("/sections/x/?page=3") == "/sections/x/?page=3&bench-warm=1"


def test_the_table_names_the_urls_whose_plans_read_a_large_table_in_full(bench):
    result = a_run(
        [
            measured("ceiling: constant", "constant", 1000.0),
            measured("ceiling: one row", "one-row", 300.0),
            {**measured("home", "page", 100.0), "full_scans": "none"},
            {**measured("archive", "page", 100.0), "full_scans": "articles_article"},
        ]
    )
    assert "full scans of large tables: archive: articles_article" in bench.table(result)
    result["urls"][3]["full_scans"] = "none"
    assert "full scans of large tables (EXPLAIN of every query): none" in bench.table(result)


def test_full_scans_are_read_from_either_databases_plan():
    from newspaper.bench_views import full_scans

    postgresql = (
        "Limit  (cost=0.42..8.44 rows=1 width=8)\n"
        "  ->  Seq Scan on articles_article  (cost=0.00..35811.00 rows=1 width=8)\n"
        "  ->  Index Scan using editions_page_pkey on editions_page  (cost=0.29..8.30)\n"
        "  ->  Seq Scan on articles_section  (cost=0.00..1.12 rows=12 width=8)\n"
        "  ->  Seq Scan on articles_articleimage  (cost=0.00..0.00 rows=1 width=486)"
    )
    assert full_scans(postgresql, "postgresql") == {"articles_article"}
    sqlite = (
        "SEARCH articles_article USING INDEX article_status_published_idx (status=?)\n"
        "SCAN articles_placement\n"
        "SCAN editions_page USING COVERING INDEX page_idx\n"
        "SCAN articles_section\n"
        "SCAN articles_articleimage"
    )
    assert full_scans(sqlite, "sqlite") == {"articles_placement", "editions_page"}


@pytest.mark.django_db
def test_an_explained_request_names_the_large_tables_its_queries_scan(
    client, settings, demo, monkeypatch
):
    """The bench's middleware, as the live server runs it (NEWSPAPER_BENCH_VIEWS): every
    query of an explained request is EXPLAINed once, and the large tables their plans read
    in full are named; a request without the header is not explained."""
    from newspaper.bench_views import QueryCountMiddleware

    settings.MIDDLEWARE = ["newspaper.bench_views.QueryCountMiddleware", *settings.MIDDLEWARE]
    settings.NEWSPAPER_PAGE_CACHE = False
    explained = []
    real = QueryCountMiddleware.explained_scans

    def explain(connection, sql, params):
        explained.append(sql)
        real(connection, sql, params)  # the database accepts every EXPLAIN
        return {"articles_placement"} if "articles_placement" in sql else set()

    monkeypatch.setattr(QueryCountMiddleware, "explained_scans", staticmethod(explain))
    client.get("/articles/")  # the frame and the version cached, as in the bench
    explained.clear()
    response = client.get("/articles/", HTTP_X_BENCH_EXPLAIN="1")
    assert len(explained) == int(response["X-Bench-Queries"]) > 0
    assert response["X-Bench-Full-Scans"] == "articles_placement"
    explained.clear()
    assert "X-Bench-Full-Scans" not in client.get("/articles/")
    assert explained == []


@pytest.mark.django_db
def test_the_import_timing_never_deletes_an_archives_edition(bench, capsys):
    """The import is timed on IMPORT_DATE and the edition there deleted afterwards: when the
    archive itself reaches that far back, the timing is skipped and the edition kept."""
    import datetime

    from .factories import EditionFactory

    edition = EditionFactory(date=datetime.date(1900, 1, 1), number=7)
    bench.import_timing(argparse_namespace(import_rounds=1))
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {
        "skipped": f"the archive has an edition on or before {bench.IMPORT_DATE}"
    }
    assert Edition.objects.filter(pk=edition.pk).exists()


def test_an_archive_of_another_size_is_never_dropped_unasked(bench, monkeypatch, tmp_path):
    """A bench database that holds another number of articles is reported, not recreated,
    unless --regenerate says so."""
    monkeypatch.setattr(bench, "BENCH_DIR", tmp_path)
    monkeypatch.setattr(bench, "manage", lambda *a, **k: "")
    monkeypatch.setattr(bench, "archive_size", lambda env: 999_957)
    dropped = []
    monkeypatch.setattr(bench, "pg_drop_database", lambda *a: dropped.append(a))
    monkeypatch.setattr(bench, "pg_ensure_database", lambda *a: None)
    args = argparse_namespace(size=1_000_000, regenerate=False, pg_url="postgres://x/", seed=1)
    with pytest.raises(SystemExit, match="999,957 articles, not 1,000,000"):
        bench.prepare_database("pg", args)
    assert dropped == []


def argparse_namespace(**values):
    import argparse

    defaults = {"redis": "", "workers": 2}
    return argparse.Namespace(**{**defaults, **values})


def test_the_memory_sampler_reads_a_processes_pss_and_private_memory(bench):
    import os

    figures = bench.smaps_rollup(os.getpid())
    assert figures["Pss"] > 0
    assert figures["Private_Clean"] + figures["Private_Dirty"] > 0
    assert bench.smaps_rollup(2**22 + 1) == {}  # no such process: nothing, no error


def test_every_request_of_the_bench_sends_the_clients_accept_encoding(bench, monkeypatch):
    """wrk and the bench's own requests both carry ``CLIENT_HEADERS`` (``--accept-encoding``,
    gzip by default) beside a request's own headers."""
    import subprocess
    import urllib.request

    monkeypatch.setitem(bench.CLIENT_HEADERS, "Accept-Encoding", "gzip")
    commands = []

    def run(command, **kwargs):
        commands.append(command)
        summary = {"duration_us": 1e6, "requests": 10}
        return subprocess.CompletedProcess(command, 0, "WRKJSON " + json.dumps(summary), "")

    monkeypatch.setattr(bench.subprocess, "run", run)
    result = bench.wrk(
        "wrk", 8000, "/", duration=1, connections=1, threads=1, headers={"If-None-Match": "x"}
    )
    assert result["rps"] == 10
    assert ["-H", "Accept-Encoding: gzip", "-H", "If-None-Match: x"] == commands[0][-5:-1]

    sent = []

    class Answer:
        status, headers = 200, {}

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b""

    def urlopen(request, timeout):
        sent.append(dict(request.header_items()))
        return Answer()

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    assert bench.fetch(8000, "/", {"X-Bench-Explain": "1"})[0] == 200
    assert sent == [{"Accept-encoding": "gzip", "X-bench-explain": "1"}]
