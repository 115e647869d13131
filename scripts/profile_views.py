"""CPU time of the public pages, uncached, in one process: a ratio to the ceiling views.

    .venv/bin/python scripts/profile_views.py [--size 20000] [--requests 40] [--only article]
    .venv/bin/python scripts/profile_views.py --only article --profile 30

Loads the bench archive of ``make bench`` (``var/bench/bench-<size>.sqlite3``, or
``--database URL``) with production settings (DEBUG off, the page cache off, the ceiling
views routed), sends each page ``--requests`` times through Django's full handler and
middleware, and prints the CPU milliseconds per request (``time.process_time``: what the
worker spends, not what a loaded machine makes it wait) and each page's share of the one-row
ceiling view's rate, measured in the same process. The site's version and the frame are
cached after the first request, as between two changes in production. ``--profile N``
prints cProfile's top N functions of each page instead. The figures are those the uncached
targets of ``make bench`` are about, without the noise of other processes on the machine.
"""

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def environment(database_url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newspaper.settings.prod",
        SECRET_KEY="profile-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=database_url,
        NEWSPAPER_VAR_DIR=str(ROOT / "var" / "bench"),
        MEDIA_ROOT=str(ROOT / "var" / "bench" / "media"),
        NEWSPAPER_BENCH_VIEWS="1",
        PAGE_CACHE="false",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR",
    )
    for name in ("DATABASE_REPLICA_URL", "AWS_STORAGE_BUCKET_NAME", "REDIS_URL"):
        os.environ.pop(name, None)


def urls() -> list[tuple[str, str]]:
    """The pages of ``make bench`` (its probe), but the searches, feeds and sitemaps."""
    from django.db.models import Count

    from articles.models import Article, Author, Section
    from editions.models import Edition

    edition = Edition.objects.public().on_site().order_by("-date").first()
    numbers = list(edition.pages.order_by("number").values_list("number", flat=True))
    number = numbers[min(1, len(numbers) - 1)]
    public = Article.objects.public().on_site()
    oldest = public.order_by("id").values_list("id", flat=True).first()
    newest = public.latest_first().values_list("id", flat=True).first()
    section = Section.objects.annotate(n=Count("articles")).order_by("-n", "id").first()
    author = Author.objects.annotate(n=Count("credits")).order_by("-n", "id").first()
    day = edition.date.isoformat()
    return [
        ("ceiling: constant", "/_bench/constant/"),
        ("ceiling: one row", "/_bench/one-row/"),
        ("home", "/"),
        ("edition", f"/editions/{day}/"),
        ("page", f"/editions/{day}/{number:02d}/"),
        ("article (old)", f"/articles/{oldest}/"),
        ("article (new)", f"/articles/{newest}/"),
        ("section", f"/sections/{section.slug}/"),
        ("author", f"/authors/{author.slug}/"),
        ("archive", "/editions/"),
    ]


def cpu_ms(client, path: str, requests: int) -> tuple[float, int]:
    """Median CPU milliseconds of one request, in five batches; and the response's status."""
    status = client.get(path).status_code
    client.get(path)
    per_batch = max(1, requests // 5)
    batches = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(per_batch):
            client.get(path)
        batches.append((time.process_time() - started) / per_batch * 1000)
    batches.sort()
    return batches[2], status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--database", default="", help="DATABASE_URL (default: the bench's).")
    parser.add_argument("--requests", type=int, default=40, help="Requests per page.")
    parser.add_argument("--only", nargs="*", help="Only pages whose name contains a word.")
    parser.add_argument("--profile", type=int, default=0, help="cProfile's top N per page.")
    args = parser.parse_args()
    database = args.database or f"sqlite:///{ROOT / 'var' / 'bench' / f'bench-{args.size}.sqlite3'}"
    environment(database)
    import django

    django.setup()
    from django.test import Client

    client = Client()
    pages = urls()
    gc.collect()
    gc.freeze()  # as newspaper/wsgi.py does after start-up
    chosen = [
        (name, path)
        for name, path in pages
        if name.startswith("ceiling") or not args.only or any(w in name for w in args.only)
    ]
    if args.profile:
        for name, path in chosen:
            if name.startswith("ceiling") and args.only:
                continue
            client.get(path)
            client.get(path)
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                client.get(path)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(
                os.environ.get("PROFILE_SORT", "cumulative")
            )
            stats.print_stats(args.profile)
            print(f"== {name} {path}: {args.requests} requests\n{out.getvalue()}")
        return 0
    results = {name: cpu_ms(client, path, args.requests) for name, path in chosen}
    one_row = results["ceiling: one row"][0]
    print(f"| {'page':<18} | status | CPU ms/request | vs one-row |")
    print(f"|{'-' * 20}|--------|----------------|------------|")
    for name, (ms, status) in results.items():
        print(f"| {name:<18} | {status:>6} | {ms:>14.2f} | {one_row / ms * 100:>8.1f} % |")
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
