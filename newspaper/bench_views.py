"""Ceiling views for ``make bench``: what the stack costs before the site does any work.

The benchmark measures every public page as a share of these two, served by the same
gunicorn workers through the same middleware: ``constant`` returns a fixed body (the
floor of a request through Django), ``one_row`` reads one row and renders a small template
(the floor of a page that touches the database). They are routed only when
``NEWSPAPER_BENCH_VIEWS`` is on (``newspaper/urls.py``); it is off unless the environment
sets it, and production should never set it.
"""

import contextlib

from django.db import connections
from django.http import Http404, HttpResponse
from django.template import loader
from django.urls import path
from django.views.decorators.http import require_safe

from editions.models import Publication

from .synthetic.bulkload import LOAD_TABLES

CONSTANT_BODY = b"<!doctype html><title>ok</title><p>ok</p>\n"


@require_safe
def constant(request):
    """The same few bytes every time: no database, no template."""
    return HttpResponse(CONSTANT_BODY, content_type="text/html; charset=utf-8")


@require_safe
def one_row(request):
    """One row (the site's publication) rendered in a small template, no context processors."""
    publication = Publication.objects.order_by("pk").first()
    if publication is None:
        raise Http404("No publication yet.")
    html = loader.render_to_string("newspaper/bench_row.html", {"publication": publication})
    return HttpResponse(html)


# The tables that grow with the archive (those the archive generator fills): a sequential
# scan of one is a page that slows as the paper ages.
LARGE_TABLES = LOAD_TABLES


def full_scans(plan: str, vendor: str) -> set[str]:
    """The large tables an EXPLAIN output reads in full: PostgreSQL's ``Seq Scan on t``,
    SQLite's ``SCAN t`` (a table or a whole index of it, not a ``SEARCH``)."""
    found = set()
    for line in plan.splitlines():
        words = line.replace("->", " ").replace("(", " ").split()
        for at, word in enumerate(words):
            if vendor == "postgresql" and words[at : at + 3] == ["Seq", "Scan", "on"]:
                table = words[at + 3] if len(words) > at + 3 else ""
            elif vendor == "sqlite" and word == "SCAN" and at == 0:
                table = words[1] if len(words) > 1 else ""
            else:
                continue
            if table in LARGE_TABLES:
                found.add(table)
    return found


class QueryCountMiddleware:
    """Adds ``X-Bench-Queries``: the database queries the request ran, on every alias.

    Installed (outermost) only when ``NEWSPAPER_BENCH_VIEWS`` is on, so the benchmark
    reads each URL's query count from the live server, with DEBUG off. A request that
    carries ``X-Bench-Explain`` also gets ``X-Bench-Full-Scans``: the large tables its
    queries' plans read in full (EXPLAIN of each SELECT after the response), or ``none``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ran: list[tuple[str, str, object]] = []

        def counted(execute, sql, params, many, context):
            ran.append((context["connection"].alias, sql, params))
            return execute(sql, params, many, context)

        with contextlib.ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counted))
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(len(ran))
        if "HTTP_X_BENCH_EXPLAIN" in request.META:
            scans = set()
            for alias, sql, params in ran:
                if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    scans |= self.explained_scans(connections[alias], sql, params)
            response["X-Bench-Full-Scans"] = ",".join(sorted(scans)) or "none"
        return response

    @staticmethod
    def explained_scans(connection, sql: str, params) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN QUERY PLAN {sql}" if connection.vendor == "sqlite" else f"EXPLAIN {sql}",
                params,
            )
            rows = cursor.fetchall()
        lines = [str(row[-1]) for row in rows]
        return full_scans("\n".join(lines), connection.vendor)


urlpatterns = [
    path("_bench/constant/", constant, name="bench-constant"),
    path("_bench/one-row/", one_row, name="bench-one-row"),
]
