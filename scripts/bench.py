"""make bench: the site under load, measured against its own ceiling views.

    .venv/bin/python scripts/bench.py [--size 20000] [--db sqlite|pg|both] [--duration 5] ...

For each database it: uses a bench database of its own (SQLite ``var/bench/bench-<size>.sqlite3``;
PostgreSQL ``bench_<size>`` when one answers at ``BENCH_PG_URL``, default
postgres://postgres@127.0.0.1:5432/), migrates it and generates the archive
(``manage.py generate_archive``) when it is empty; collects the static files; serves the site
with gunicorn (2 sync workers, ``newspaper.settings.prod``, DEBUG off) on a loopback port;
and runs wrk against every URL of the list for a fixed time with a fixed number of
connections, the two ceiling views of ``newspaper/bench_views.py`` among them. It prints
req/s, p50/p95 latency and the queries of one request per URL, each req/s as a share of the
ceiling views, the peak memory of the workers, single-client p95 for the article and the
search, and how long ``import_edition`` takes for a 16-page, 200-article bundle made with
``export_edition`` from the archive; and writes it all as JSON under ``var/bench/``.

Only 127.0.0.1 is ever contacted. The inner steps that need Django run in a subprocess of
this same file (``_probe``, ``_import``), with the bench's environment. Every request
sends ``Accept-Encoding: gzip``, as browsers, feed readers and crawlers do
(``--accept-encoding ''`` for none).
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
HOST = "127.0.0.1"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/"
# The import is measured on this date, before any archive (the earliest a date may be is
# 1900-01-01): a 1,000,000-article archive of 8-16 pages a day reaches back to 1952, and the
# bench once deleted its 1990-01-01 edition when this was that date.
IMPORT_DATE = "1900-01-02"

# wrk's Lua hooks: the summary as one JSON line, with the percentiles wrk keeps.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, '
    .. '"p99_us": %d, "max_us": %d, "mean_us": %f, "connect_errors": %d, "read_errors": %d, '
    .. '"write_errors": %d, "status_errors": %d, "timeouts": %d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


# ---------------------------------------------------------------------------------------
# Inside Django (subprocess modes)


def django_setup():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def probe(args) -> None:
    """Choose the URLs from the archive: prints a JSON document with the archive's counts
    and, per URL, its name, path and kind (page, feed, 304, ceiling …)."""
    django_setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count

    from articles.models import Article, Author, Section
    from editions.models import Edition

    per_page = 20
    edition = Edition.objects.public().on_site().order_by("-date").first()
    if edition is None:
        print(json.dumps({"error": "no public edition"}))
        return
    page_numbers = list(edition.pages.order_by("number").values_list("number", flat=True))
    page_number = page_numbers[min(1, len(page_numbers) - 1)]
    public = Article.objects.public().on_site()
    oldest = public.order_by("id").values_list("id", flat=True).first()
    newest = public.latest_first().values_list("id", flat=True).first()
    section = (
        Section.objects.annotate(n=Count("articles")).order_by("-n", "id").values("slug", "n")
    ).first()
    author = (
        Author.objects.annotate(n=Count("credits")).order_by("-n", "id").values("slug", "n")
    ).first()
    # A deep page, within the pages a list offers (past NEWSPAPER_MAX_PAGES it is a 404).
    deep_page = max(1, min(int(section["n"] * 0.9) // per_page, settings.NEWSPAPER_MAX_PAGES))
    day = edition.date.isoformat()
    urls = [
        ("ceiling: constant", "/_bench/constant/", "constant"),
        ("ceiling: one row", "/_bench/one-row/", "one-row"),
        ("home", "/", "page"),
        ("edition", f"/editions/{day}/", "page"),
        ("page", f"/editions/{day}/{page_number:02d}/", "page"),
        ("article (old)", f"/articles/{oldest}/", "page"),
        ("article (new)", f"/articles/{newest}/", "page"),
        ("section p.1", f"/sections/{section['slug']}/", "page"),
        (f"section p.{deep_page}", f"/sections/{section['slug']}/?page={deep_page}", "page"),
        ("author", f"/authors/{author['slug']}/", "page"),
        ("archive", "/editions/", "page"),
        ("search 1 char", "/search/?q=年", "search"),
        ("search 2 chars", "/search/?q=吉林", "search"),
        ("search 4 chars", "/search/?q=营商环境", "search"),
        ("search + filters", f"/search/?q=发展&section={section['slug']}&genre=消息", "search"),
        ("feed latest", "/feeds/latest/rss/", "feed"),
        ("feed section", f"/feeds/sections/{section['slug']}/rss/", "feed"),
        ("feed page 01", "/feeds/pages/01/rss/", "feed"),
        ("feed day", f"/feeds/editions/{day}/rss/", "feed"),
        ("sitemap index", "/sitemap.xml", "sitemap"),
        ("sitemap page", "/sitemap-articles.xml?p=1", "sitemap"),
    ]
    results = []
    for name, url, kind in urls:
        results.append({"name": name, "path": url, "kind": kind})
        if kind == "feed":
            results.append({"name": f"{name} 304", "path": url, "kind": "304"})
    counts = {
        "articles": Article.objects.count(),
        "public_articles": public.count(),
        "editions": Edition.objects.count(),
        "vendor": connection.vendor,
    }
    print(json.dumps({"counts": counts, "urls": results}, ensure_ascii=False))


def import_timing(args) -> None:
    """Export the archive's biggest recent edition, grow it to 16 pages and 200 articles,
    and time ``import_edition`` of it (in this process, Django already loaded): the first
    import, then ``--replace`` imports; the edition is deleted afterwards."""
    django_setup()
    from django.core.management import call_command
    from django.db.models import Count

    from editions.models import Edition

    def drop():
        for edition in Edition.objects.filter(date=IMPORT_DATE):
            edition.articles.all().delete()
            edition.delete()

    if Edition.objects.filter(date__lte=IMPORT_DATE).exclude(number=1).exists():
        # Not the bench's own leftover: never delete an archive's edition.
        print(json.dumps({"skipped": f"the archive has an edition on or before {IMPORT_DATE}"}))
        return
    drop()
    source = (
        Edition.objects.annotate(n=Count("pages")).filter(n__gte=1).order_by("-n", "-date").first()
    )
    workdir = Path(tempfile.mkdtemp(prefix="bench-bundle-", dir=BENCH_DIR))
    try:
        bundle = workdir / "bundle"
        call_command(
            "export_edition",
            source.date.isoformat(),
            str(bundle),
            publication=source.publication.slug,
            verbosity=0,
        )
        document = json.loads((bundle / "edition.json").read_text(encoding="utf-8"))
        grow_bundle(document, pages=16, articles=200)
        (bundle / "edition.json").write_text(
            json.dumps(document, ensure_ascii=False), encoding="utf-8"
        )
        times = []
        for round_number in range(args.import_rounds):
            started = time.perf_counter()
            call_command("import_edition", str(bundle), replace=round_number > 0, verbosity=0)
            times.append(time.perf_counter() - started)
        edition = Edition.objects.get(date=IMPORT_DATE)
        result = {
            "pages": edition.pages.count(),
            "articles": edition.articles.count(),
            "seconds": times,
            "source_date": source.date.isoformat(),
        }
    finally:
        drop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result))


def grow_bundle(document: dict, *, pages: int, articles: int) -> None:
    """Make an exported edition ``pages`` pages and ``articles`` articles long, dated
    ``IMPORT_DATE``: pages and articles are copied from its own (new keys, the articles
    spread evenly over the pages in order)."""
    document["edition"]["date"] = IMPORT_DATE
    document["edition"]["number"] = 1
    document["edition"]["publish_at"] = f"{IMPORT_DATE}T00:00:00+08:00"
    have = document["pages"]
    for page in have:
        page.pop("image", None)
        page.pop("pdf", None)
    while len(have) < pages:
        model = dict(have[len(have) % len(have)])
        model["number"] = len(have) + 1
        have.append(model)
    del have[pages:]
    originals = document["articles"]
    grown = []
    on_page: dict[int, int] = {}
    for index in range(articles):
        article = json.loads(json.dumps(originals[index % len(originals)]))
        article["key"] = f"b{index + 1}"
        if index >= len(originals):
            article["title"] = f"{article['title']}（{index + 1}）"
        page = index * pages // articles + 1
        on_page[page] = on_page.get(page, 0) + 1
        article["placements"] = [{"page": page, "order": on_page[page]}]
        article.pop("images", None)
        article.pop("publish_at", None)
        grown.append(article)
    document["articles"] = grown


# ---------------------------------------------------------------------------------------
# The orchestrator


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(command, env, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def pg_answers(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url + "postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def pg_ensure_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base + "postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def pg_drop_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("wrk is missing: installing it with apt-get")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], check=False)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk could not be installed; install it (apt-get install wrk) and retry.")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def bench_env(database_url: str, args) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="newspaper.settings.prod",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        NEWSPAPER_VAR_DIR=str(BENCH_DIR),
        MEDIA_ROOT=str(BENCH_DIR / "media"),
        NEWSPAPER_BENCH_VIEWS="1",
        LOG_LEVEL="ERROR",
        PYTHONDONTWRITEBYTECODE="1",
    )
    for name in ("DATABASE_REPLICA_URL", "AWS_STORAGE_BUCKET_NAME"):
        env.pop(name, None)
    # Plain http on loopback: production settings would redirect every request to https.
    env["SECURE_SSL_REDIRECT"] = "false"
    if args.redis:
        env["REDIS_URL"] = args.redis
    else:
        env.pop("REDIS_URL", None)
    return env


def manage(env, *arguments, capture=False):
    command = [PYTHON, "manage.py", *arguments]
    if capture:
        return run(command, env, capture_output=True, text=True).stdout
    return run(command, env)


def inner(env, mode: str, args) -> dict:
    command = [
        PYTHON,
        str(Path(__file__).resolve()),
        mode,
        "--import-rounds",
        str(args.import_rounds),
    ]
    output = run(command, env, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def archive_size(env) -> int:
    code = "from articles.models import Article; print(Article.objects.count())"
    output = manage(env, "shell", "-v0", "-c", code, capture=True)
    return int(output.strip().splitlines()[-1] or 0)


class MemorySampler(threading.Thread):
    """Samples the resident memory of the gunicorn workers (children of the master): RSS
    (what the target is about), and beside it PSS and the private memory (``smaps_rollup``),
    which leave out the shared libraries' pages that every worker counts in its RSS."""

    def __init__(self, master_pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.interval = interval
        self.peak: dict[int, int] = {}
        self.peak_pss: dict[int, int] = {}
        self.peak_private: dict[int, int] = {}
        self.stop_event = threading.Event()

    def workers(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                if ppid == self.master_pid:
                    pids.append(int(entry.name))
        return pids

    def sample(self) -> None:
        for pid in self.workers():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        kib = int(line.split()[1])
                        self.peak[pid] = max(self.peak.get(pid, 0), kib)
                rollup = smaps_rollup(pid)
                pss = rollup.get("Pss", 0)
                private = rollup.get("Private_Clean", 0) + rollup.get("Private_Dirty", 0)
                self.peak_pss[pid] = max(self.peak_pss.get(pid, 0), pss)
                self.peak_private[pid] = max(self.peak_private.get(pid, 0), private)

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(self.interval)

    def stop(self) -> None:
        self.stop_event.set()
        self.join()
        self.sample()

    def peak_mib(self) -> float:
        return max(self.peak.values(), default=0) / 1024

    def peak_pss_mib(self) -> float:
        return max(self.peak_pss.values(), default=0) / 1024

    def peak_private_mib(self) -> float:
        return max(self.peak_private.values(), default=0) / 1024


def smaps_rollup(pid: int) -> dict[str, int]:
    """The KiB figures of ``/proc/<pid>/smaps_rollup`` (empty where the kernel has none)."""
    figures = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, _, rest = line.partition(":")
            with contextlib.suppress(ValueError, IndexError):
                figures[name] = int(rest.split()[0])
    return figures


@contextlib.contextmanager
def gunicorn(env, port: int, workers: int):
    gunicorn_bin = str(Path(PYTHON).parent / "gunicorn")
    command = [
        gunicorn_bin,
        "newspaper.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        # As the README's production command: the application imported once in the master,
        # its pages shared copy-on-write (PSS shows the share; RSS counts them whole).
        "--preload",
        # gunicorn's default: a request slower than this is killed, as in production.
        "--timeout",
        "30",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/_bench/constant/", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def quoted(path: str) -> str:
    """``path`` with anything outside ASCII percent-encoded, as wrk and urllib need it."""
    return urllib.parse.quote(path, safe="/?=&%:+")


# What every request of the bench sends besides its own headers: a browser's, a feed
# reader's or a crawler's Accept-Encoding (``--accept-encoding``; set in ``main``).
CLIENT_HEADERS: dict[str, str] = {}


def fetch(port: int, path: str, headers=None) -> tuple[int, dict]:
    url = f"http://{HOST}:{port}{quoted(path)}"
    request = urllib.request.Request(url, headers={**CLIENT_HEADERS, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)
    except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
        # A worker killed by gunicorn's timeout closes the connection without an answer.
        return 599, {}


SINGLE_CLIENT = (
    "article (old)",
    "article (new)",
    "search 1 char",
    "search 2 chars",
    "search 4 chars",
    "search + filters",
)


def timed_fetch(port: int, path: str, headers=None) -> float:
    started = time.perf_counter()
    fetch(port, path, headers)
    return time.perf_counter() - started


def sequential(port: int, path: str, headers, *, count: int, first: float) -> dict:
    """``count`` requests one after another (``first`` already timed), in wrk's result
    shape with ``sequential`` set."""
    times = [first] + [timed_fetch(port, path, headers) for _ in range(count - 1)]
    times.sort()
    total = sum(times)
    return {
        "sequential": True,
        "requests": count,
        "duration_us": int(total * 1e6),
        "bytes": 0,
        "p50_us": int(statistics.median(times) * 1e6),
        "p95_us": int(times[-1] * 1e6),
        "p99_us": int(times[-1] * 1e6),
        "max_us": int(times[-1] * 1e6),
        "mean_us": total / count * 1e6,
        "connect_errors": 0,
        "read_errors": 0,
        "write_errors": 0,
        "status_errors": 0,
        "timeouts": 0,
        "rps": count / total,
    }


def drain(port: int, limit: float = 180.0) -> None:
    """Wait until the workers are idle: requests wrk gave up on are still being served
    (a sync worker finishes what it accepted), and would slow the next measurement."""
    deadline = time.monotonic() + limit
    quick = 0
    while quick < 2 and time.monotonic() < deadline:
        quick = quick + 1 if timed_fetch(port, "/_bench/constant/") < 0.1 else 0


def wrk(wrk_bin, port, path, *, duration, connections, threads, headers=None) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        wrk_bin,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "60s",
        "-s",
        script.name,
    ]
    for name, value in {**CLIENT_HEADERS, **(headers or {})}.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{quoted(path)}")
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("WRKJSON "))
    data = json.loads(line[len("WRKJSON ") :])
    seconds = data["duration_us"] / 1e6
    data["rps"] = data["requests"] / seconds if seconds else 0.0
    return data


def prepare_database(db: str, args) -> tuple[str, dict, float | None]:
    """The bench database, migrated and filled: (its URL, the bench's environment, the
    seconds the archive's generation took or None when it was there already)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    base = name = ""
    if db == "sqlite":
        database_url = f"sqlite:///{BENCH_DIR / f'bench-{args.size}.sqlite3'}"
    else:
        base = args.pg_url if args.pg_url.endswith("/") else args.pg_url + "/"
        name = f"bench_{args.size}"
        pg_ensure_database(base, name)
        database_url = base + name
    env = bench_env(database_url, args)
    log(f"{db}: {database_url}")
    manage(env, "migrate", "--noinput", "-v0")
    have = archive_size(env)
    if have and have != args.size and not args.regenerate:
        # Never drop an archive unasked (an hour of generation at 1,000,000 articles).
        raise SystemExit(
            f"{db}: {database_url} holds {have:,} articles, not {args.size:,}: pass "
            "--regenerate to make it again, or --size for the archive it holds"
        )
    if have and args.regenerate:
        log(f"{db}: --regenerate: recreating the archive of {have:,} articles")
        if db == "sqlite":
            Path(database_url.removeprefix("sqlite:///")).unlink()
        else:
            pg_drop_database(base, name)
            pg_ensure_database(base, name)
        manage(env, "migrate", "--noinput", "-v0")
        have = 0
    if have == 0:
        log(f"{db}: generating {args.size:,} articles")
        started = time.monotonic()
        manage(env, "generate_archive", "--articles", str(args.size), "--seed", str(args.seed))
        generate_seconds = time.monotonic() - started
    else:
        log(f"{db}: archive present ({have:,} articles)")
        generate_seconds = None
    if db == "pg":
        with contextlib.suppress(Exception):
            import psycopg

            with psycopg.connect(database_url, autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
    manage(env, "collectstatic", "--noinput", "--clear", "-v0")
    return database_url, env, generate_seconds


def cache_modes(choice: str) -> list[str]:
    """The page cache settings a run measures, uncached first: ``off``, ``on`` or both."""
    return ["off", "on"] if choice == "both" else [choice]


def warm_path(path: str) -> str:
    """``path`` with a query parameter no view reads: a page of its own for the page cache."""
    return path + ("&" if "?" in path else "?") + "bench-warm=1"


def warm_up(port: int, urls: list[dict], workers: int) -> None:
    """Each page once per worker before any is measured, at addresses of their own (so the
    page cache, when on, still answers the measured address's first request uncached): a
    fresh worker compiles its templates and fills its caches on its first requests, which
    would otherwise land in the first URLs' figures."""
    for item in urls:
        if item["kind"] in ("constant", "one-row", "page"):
            for _ in range(workers):
                fetch(port, warm_path(item["path"]))


def chosen(item: dict, only: list[str] | None) -> bool:
    """Whether ``--only`` keeps a URL: the ceiling views always (every ratio needs them)."""
    if not only or item["kind"] in ("constant", "one-row"):
        return True
    return any(word in item["name"] for word in only)


def measure_round(env: dict, probed: dict, args, wrk_bin: str, label: str) -> dict:
    """One round: a fresh gunicorn with ``env``, every chosen URL under wrk (or timed in a
    row when slow), the ceiling views again at the end, the single-client latencies and
    the workers' peak memory."""
    port = args.port or free_port()
    results = []
    memory = None
    with gunicorn(env, port, args.workers) as server:
        sampler = MemorySampler(server.pid)
        sampler.start()
        try:
            warm_up(port, probed["urls"], args.workers)
            for item in probed["urls"]:
                if not chosen(item, args.only):
                    continue
                headers = {}
                if item["kind"] == "304":
                    _, first = fetch(port, item["path"])
                    if "ETag" in first:
                        headers["If-None-Match"] = first["ETag"]
                    if "Last-Modified" in first:
                        headers["If-Modified-Since"] = first["Last-Modified"]
                started = time.perf_counter()
                status, answer = fetch(port, item["path"], headers)
                latency = time.perf_counter() - started
                _, explained = fetch(port, item["path"], {**headers, "X-Bench-Explain": "1"})
                item = {
                    **item,
                    "queries": answer.get("X-Bench-Queries", "?"),
                    "full_scans": explained.get("X-Bench-Full-Scans", "?"),
                }
                log(f"{label}: {item['name']}  {item['path']}  ({latency * 1000:.0f} ms)")
                if latency > args.slow:
                    # wrk would see a handful of requests, queued behind each other:
                    # time a few in a row instead (this first one among them), and say so;
                    # just this one when it is very slow.
                    count = 1 if latency > 10 * args.slow else 3
                    measured = sequential(port, item["path"], headers, count=count, first=latency)
                else:
                    fetch(port, item["path"], headers)  # warm the other worker too
                    measured = wrk(
                        wrk_bin,
                        port,
                        item["path"],
                        duration=args.duration,
                        connections=args.connections,
                        threads=args.threads,
                        headers=headers,
                    )
                results.append({**item, "live_status": status, "headers": headers, **measured})
                drain(port)
            # The ceilings once more at the end: on a busy machine one round can be far off,
            # and the ratios use the mean of both rounds.
            for item in probed["urls"]:
                if item["kind"] in ("constant", "one-row"):
                    status, answer = fetch(port, item["path"])
                    log(f"{label}: {item['name']} (again)")
                    measured = wrk(
                        wrk_bin,
                        port,
                        item["path"],
                        duration=args.duration,
                        connections=args.connections,
                        threads=args.threads,
                    )
                    queries = answer.get("X-Bench-Queries", "?")
                    results.append(
                        {
                            **item,
                            "name": f"{item['name']} (end)",
                            "queries": queries,
                            "live_status": status,
                            "headers": {},
                            **measured,
                        }
                    )
                    drain(port)
            single = {}
            for item in probed["urls"]:
                if item["name"] in SINGLE_CLIENT:
                    measured = next((r for r in results if r["name"] == item["name"]), None)
                    if measured is None:
                        continue
                    if measured.get("sequential"):  # already timed by a single client
                        single[item["name"]] = measured
                        continue
                    log(f"{label}: single client {item['name']}")
                    single[item["name"]] = wrk(
                        wrk_bin,
                        port,
                        item["path"],
                        duration=args.duration,
                        connections=1,
                        threads=1,
                    )
                    drain(port)
        finally:
            sampler.stop()
            memory = {
                "peak_worker_rss_mib": round(sampler.peak_mib(), 1),
                "peak_worker_pss_mib": round(sampler.peak_pss_mib(), 1),
                "peak_worker_private_mib": round(sampler.peak_private_mib(), 1),
                "workers": {str(k): round(v / 1024, 1) for k, v in sampler.peak.items()},
            }
    return {"urls": results, "single_client": single, "memory": memory}


def bench_database(db: str, args, wrk_bin: str) -> list[dict]:
    """Every round of every cache setting on one database: a result per round (the
    import timing, done once, with the last)."""
    database_url, env, generate_seconds = prepare_database(db, args)
    log(f"{db}: choosing the URLs")
    probed = inner(env, "_probe", args)
    if "error" in probed:
        sys.exit(f"{db}: {probed['error']}")
    rounds = []
    # Round by round, each cache setting in turn: a spell of load on the machine then
    # weighs on both settings alike.
    for number in range(1, args.rounds + 1):
        for cache in cache_modes(args.cache):
            label = f"{db} cache {cache} round {number}"
            served = {**env, "PAGE_CACHE": "true" if cache == "on" else "false"}
            measured = measure_round(served, probed, args, wrk_bin, label)
            rounds.append(
                {
                    "database": db,
                    "database_url": database_url,
                    "cache": cache,
                    "round": number,
                    "counts": probed["counts"],
                    "generate_seconds": generate_seconds if number == 1 else None,
                    "import": None,
                    **measured,
                }
            )
    if not args.no_import:
        log(f"{db}: timing import_edition of a 16-page, 200-article bundle")
        rounds[-1]["import"] = inner(env, "_import", args)
    return rounds


def ratio(value: float, ceiling: float | None) -> str:
    return f"{value / ceiling * 100:5.1f} %" if ceiling else "    —"


def ceilings_of(urls: list[dict]) -> dict[str, float]:
    """The mean req/s of each ceiling view's rounds (first and last) in one server's run."""
    return {
        kind: statistics.mean(u["rps"] for u in urls if u["kind"] == kind)
        for kind in ("constant", "one-row")
        if any(u["kind"] == kind for u in urls)
    }


def heading(run_result: dict) -> str:
    counts = run_result["counts"]
    line = (
        f"{run_result['database']} ({counts['vendor']}): {counts['articles']:,} articles, "
        f"{counts['public_articles']:,} public, {counts['editions']:,} editions"
    )
    if run_result.get("cache"):
        line += f"; page cache {run_result['cache']}, round {run_result.get('round', 1)}"
    return line


def table(run_result: dict) -> str:
    urls = run_result["urls"]
    ceilings = ceilings_of(urls)
    lines = [heading(run_result)]
    header = (
        f"| {'URL':<22} | {'status':>6} | {'req/s':>8} | {'p50 ms':>8} | {'p95 ms':>8} | "
        f"{'queries':>7} | {'vs one-row':>10} | {'vs const':>8} | {'errors':>6} |"
    )
    lines.append(header)
    lines.append("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for u in urls:
        errors = (
            u["connect_errors"]
            + u["read_errors"]
            + u["write_errors"]
            + u["status_errors"]
            + u["timeouts"]
        )
        mark = "*" if u.get("sequential") else " "
        lines.append(
            f"| {u['name']:<22} | {u['live_status']:>6} | {u['rps']:>7.1f}{mark} | "
            f"{u['p50_us'] / 1000:>8.1f} | {u['p95_us'] / 1000:>8.1f} | {u['queries']:>7} | "
            f"{ratio(u['rps'], ceilings.get('one-row')):>10} | "
            f"{ratio(u['rps'], ceilings.get('constant')):>8} | {errors:>6} |"
        )
    lines.append("")
    lines.append(full_scans_line(urls))
    lines.append(
        "ratios are to the mean of the two rounds of each ceiling view (first and last): "
        + ", ".join(f"{kind} {rps:.1f} req/s" for kind, rps in ceilings.items())
    )
    if any(u.get("sequential") for u in urls):
        lines.append(
            "* slower than --slow a request: timed with 3 requests in a row (1 when slower "
            "than 10 × --slow), not wrk; req/s = 1/mean"
        )
    for name, s in run_result["single_client"].items():
        lines.append(
            f"single client {name}: p50 {s['p50_us'] / 1000:.1f} ms, "
            f"p95 {s['p95_us'] / 1000:.1f} ms, {s['rps']:.1f} req/s"
        )
    memory = run_result["memory"]
    lines.append(
        f"peak worker RSS: {memory['peak_worker_rss_mib']:.1f} MiB (PSS "
        f"{memory.get('peak_worker_pss_mib', 0):.1f}, private "
        f"{memory.get('peak_worker_private_mib', 0):.1f})"
    )
    imported = run_result["import"]
    if imported and "skipped" in imported:
        lines.append(f"import_edition not timed: {imported['skipped']}")
    elif imported:
        seconds = ", ".join(f"{s:.2f}" for s in imported["seconds"])
        lines.append(
            f"import_edition ({imported['pages']} pages, {imported['articles']} articles): "
            f"{seconds} s (first import, then --replace); median "
            f"{statistics.median(imported['seconds']):.2f} s"
        )
    if run_result["generate_seconds"]:
        lines.append(f"generate_archive: {run_result['generate_seconds']:.0f} s")
    return "\n".join(lines)


def full_scans_line(urls: list[dict]) -> str:
    """What the plans of each URL's queries (EXPLAIN on the live server) read in full of the
    tables that grow with the archive."""
    explained = [u for u in urls if "full_scans" in u]  # not the ceilings' last runs
    scanned = {
        u["name"]: u["full_scans"] for u in explained if u["full_scans"] not in ("none", "?")
    }
    unknown = [u["name"] for u in explained if u["full_scans"] == "?"]
    if scanned:
        line = "full scans of large tables: " + "; ".join(
            f"{name}: {tables}" for name, tables in scanned.items()
        )
    else:
        line = "full scans of large tables (EXPLAIN of every query): none"
    if unknown:
        line += f" (not explained: {', '.join(unknown)})"
    return line


def spread_table(rounds: list[dict]) -> str:
    """Several rounds of one database and cache setting: per URL the median req/s and p95,
    and each ratio to the ceiling views of its own round as median and min–max."""
    first = rounds[0]
    lines = [
        heading({**first, "round": None}).rsplit(", round", 1)[0]
        + f", {len(rounds)} rounds: median (min–max) of the rounds"
    ]
    header = (
        f"| {'URL':<22} | {'req/s':>8} | {'p95 ms':>8} | {'queries':>7} | "
        f"{'vs one-row':>22} | {'vs const':>22} |"
    )
    lines.append(header)
    lines.append("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    ceilings = [ceilings_of(r["urls"]) for r in rounds]
    for u in first["urls"]:
        same = [
            (next((v for v in r["urls"] if v["name"] == u["name"]), None), c)
            for r, c in zip(rounds, ceilings, strict=True)
        ]
        same = [(v, c) for v, c in same if v is not None]
        cells = []
        for kind in ("one-row", "constant"):
            shares = [v["rps"] / c[kind] * 100 for v, c in same if c.get(kind)]
            if shares:
                cells.append(
                    f"{statistics.median(shares):5.1f} % ({min(shares):.1f}–{max(shares):.1f})"
                )
            else:
                cells.append("—")
        rps = statistics.median(v["rps"] for v, _ in same)
        p95 = statistics.median(v["p95_us"] for v, _ in same) / 1000
        mark = "*" if any(v.get("sequential") for v, _ in same) else " "
        queries = "/".join(sorted({str(v["queries"]) for v, _ in same}))
        lines.append(
            f"| {u['name']:<22} | {rps:>7.1f}{mark} | {p95:>8.1f} | {queries:>7} | "
            f"{cells[0]:>22} | {cells[1]:>22} |"
        )
    lines.append("")
    lines.append(full_scans_line(first["urls"]))
    lines.append(
        "each ratio is to the mean of the ceiling view's first and last measurement in the "
        "same round; rounds' ceilings (one-row, constant req/s): "
        + "; ".join(f"{c.get('one-row', 0):.0f}, {c.get('constant', 0):.0f}" for c in ceilings)
    )
    peak = max(r["memory"]["peak_worker_rss_mib"] for r in rounds)
    pss = max(r["memory"].get("peak_worker_pss_mib", 0) for r in rounds)
    private = max(r["memory"].get("peak_worker_private_mib", 0) for r in rounds)
    lines.append(
        f"peak worker RSS over the rounds: {peak:.1f} MiB (PSS {pss:.1f}, private {private:.1f})"
    )
    return "\n".join(lines)


def report_text(rounds: list[dict]) -> str:
    """What a run prints for one database: each round's table, then for each cache setting
    measured more than once the spread of its rounds."""
    parts = [table(r) for r in rounds]
    for cache in dict.fromkeys(r.get("cache") for r in rounds):
        same = [r for r in rounds if r.get("cache") == cache]
        if len(same) > 1:
            parts.append(spread_table(same))
    return "\n\n".join(parts)


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
        "commit": commit,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", default="bench", choices=["bench", "_probe", "_import"])
    parser.add_argument("--size", type=int, default=20000, help="Articles in the archive.")
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "pg", "both"])
    parser.add_argument("--duration", type=int, default=5, help="Seconds of wrk per URL.")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections.")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
    parser.add_argument("--port", type=int, default=0, help="Loopback port (default: free).")
    parser.add_argument("--seed", type=int, default=1, help="generate_archive's seed.")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG))
    parser.add_argument("--redis", default="", help="REDIS_URL for the served site.")
    parser.add_argument("--only", nargs="*", help="Only URLs whose name contains a word.")
    parser.add_argument("--import-rounds", type=int, default=3)
    parser.add_argument(
        "--cache",
        default="both",
        choices=["off", "on", "both"],
        help="Measure with the page cache off (PAGE_CACHE=false), on, or both, each with "
        "a gunicorn of its own, uncached first (default: both).",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="Repeat the measurements this many times and print the spread of the ratios.",
    )
    parser.add_argument(
        "--slow",
        type=float,
        default=1.0,
        help="Seconds per request above which a URL is timed with a few sequential "
        "requests instead of wrk (default: 1.0).",
    )
    parser.add_argument(
        "--accept-encoding",
        default="gzip",
        help="The Accept-Encoding every request sends, as browsers, feed readers and "
        "crawlers do (default: gzip; '' sends none).",
    )
    parser.add_argument("--no-import", action="store_true", help="Skip the import timing.")
    parser.add_argument(
        "--regenerate", action="store_true", help="Drop the bench database and generate anew."
    )
    args = parser.parse_args()
    if args.accept_encoding:
        CLIENT_HEADERS["Accept-Encoding"] = args.accept_encoding
    if args.mode == "_probe":
        probe(args)
        return 0
    if args.mode == "_import":
        import_timing(args)
        return 0
    if not 1 <= args.size <= 5_000_000 or not 1 <= args.duration <= 600:
        parser.error("--size must be 1–5,000,000 and --duration 1–600 s")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be 1–20")
    wrk_bin = ensure_wrk()
    databases = ["sqlite", "pg"] if args.db == "both" else [args.db]
    report = {"machine": machine(), "settings": vars(args), "runs": []}
    for db in databases:
        if db == "pg" and not pg_answers(args.pg_url):
            log(f"PostgreSQL does not answer at {args.pg_url}: skipped")
            continue
        rounds = bench_database(db, args, wrk_bin)
        report["runs"].extend(rounds)
        print(report_text(rounds), flush=True)
        print(flush=True)
    report["machine"]["load_average_after"] = os.getloadavg()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = BENCH_DIR / f"results-{args.db}-{args.size}-{stamp}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(
        f"machine: {report['machine']['cpu']}, {report['machine']['cores']} cores, "
        f"{report['machine']['memory']}; load average before "
        f"{', '.join(f'{x:.2f}' for x in report['machine']['load_average'])}, after "
        f"{', '.join(f'{x:.2f}' for x in report['machine']['load_average_after'])}; "
        f"commit {report['machine']['commit']}; {report['machine']['date']}; every "
        f"request with Accept-Encoding: {args.accept_encoding or '(none)'}"
    )
    print(f"results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
