"""Scaling out: the read-replica router, media on S3-compatible storage, the bench views."""

import importlib
import warnings

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches
from django.utils.deprecation import RemovedInDjango60Warning

from articles.models import Article
from editions.models import Publication
from newspaper import urls as root_urls
from newspaper.db_routers import PrimaryDatabaseMiddleware, ReplicaRouter, use_primary
from newspaper.settings.base import media_storage

from .factories import ArticleFactory, PublicationFactory

ROUTED = override_settings(
    DATABASE_ROUTERS=["newspaper.db_routers.ReplicaRouter"],
    MIDDLEWARE=[
        "newspaper.db_routers.PrimaryDatabaseMiddleware",
        *settings.MIDDLEWARE,
    ],
)


def test_reads_go_to_the_replica_and_writes_to_the_primary():
    """With a replica configured, the router reads from it and writes to default."""
    router = ReplicaRouter()
    assert router.db_for_read(Article) == "replica"
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica", "articles")


def test_without_a_replica_everything_reads_from_the_primary(monkeypatch):
    """Without a ``replica`` alias the router sends reads to default."""
    monkeypatch.delitem(settings.DATABASES, "replica")
    assert ReplicaRouter().db_for_read(Article) == "default"


def test_pinned_reads_go_to_the_primary():
    """Inside ``use_primary()`` (requests that may write) reads stay on the primary."""
    with use_primary():
        assert ReplicaRouter().db_for_read(Article) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_stay_there():
    """A service that reads what it writes in one transaction reads from the primary."""
    with transaction.atomic():
        assert ReplicaRouter().db_for_read(Article) == "default"


@pytest.mark.parametrize(
    ("method", "cookies", "pinned"),
    [
        ("GET", {}, False),
        ("HEAD", {}, False),
        ("POST", {}, True),
        ("GET", {"sessionid": "x"}, True),
    ],
)
def test_only_anonymous_safe_requests_read_from_the_replica(rf, method, cookies, pinned):
    """GET/HEAD without a session read from the replica; a POST or a session pins the
    request to the primary."""
    seen = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(Article))
        return None

    request = rf.generic(method, "/")
    request.COOKIES.update(cookies)
    PrimaryDatabaseMiddleware(view)(request)
    assert seen == ["default" if pinned else "replica"]


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_an_anonymous_public_page_is_read_from_the_replica(client):
    """End to end: an article page's reads run on the replica alias, none on default."""
    article = ArticleFactory(status="published")
    with (
        ROUTED,
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert len(replica.captured_queries) > 0
    assert len(primary.captured_queries) == 0


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_a_write_goes_to_the_primary_and_is_read_back_from_the_replica():
    """Objects are written on default; a read through the router finds them on the replica
    (here the same database)."""
    with ROUTED:
        with CaptureQueriesContext(connections["default"]) as primary:
            Publication.objects.create(slug="zz", name="测试报")
        assert any("INSERT" in q["sql"] for q in primary.captured_queries)
        with CaptureQueriesContext(connections["replica"]) as replica:
            assert Publication.objects.filter(slug="zz").exists()
        assert len(replica.captured_queries) == 1


def test_media_goes_to_the_file_system_without_a_bucket():
    """No AWS_STORAGE_BUCKET_NAME: media stay on the file system."""
    assert media_storage({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_bucket_name_switches_media_to_s3_without_network():
    """AWS_STORAGE_BUCKET_NAME picks django-storages' S3 backend, with the endpoint and
    custom domain given; building a URL needs no network."""
    config = media_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": "paper-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.test",
            "AWS_S3_CUSTOM_DOMAIN": "media.example.test",
            "AWS_S3_REGION_NAME": "cn-north-1",
        }
    )
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    with override_settings(STORAGES={**settings.STORAGES, "default": config}):
        storages._storages.pop("default", None)
        try:
            storage = storages["default"]
            from storages.backends.s3 import S3Storage

            assert isinstance(storage, S3Storage)
            assert storage.bucket_name == "paper-media"
            assert storage.url("pages/01.jpg") == "https://media.example.test/pages/01.jpg"
        finally:
            storages._storages.pop("default", None)


def _reload_urls():
    clear_url_caches()
    with warnings.catch_warnings():
        # Reloading registers the path converters again, which Django 5.2 warns about.
        warnings.simplefilter("ignore", RemovedInDjango60Warning)
        importlib.reload(root_urls)


@pytest.fixture
def bench_views_on():
    with override_settings(NEWSPAPER_BENCH_VIEWS=True):
        _reload_urls()
        yield
    _reload_urls()


@pytest.mark.django_db
def test_bench_views_are_not_routed_by_default(client):
    """Without NEWSPAPER_BENCH_VIEWS the ceiling views do not exist."""
    _reload_urls()
    assert client.get("/_bench/constant/").status_code == 404
    assert client.get("/_bench/one-row/").status_code == 404


@pytest.mark.django_db
def test_bench_views_answer_when_switched_on(client, bench_views_on, django_assert_num_queries):
    """With the switch on: a constant page, and a page that reads one row in one query."""
    PublicationFactory()
    assert client.get("/_bench/constant/").content.startswith(b"<!doctype html>")
    with django_assert_num_queries(1):
        response = client.get("/_bench/one-row/")
    assert response.status_code == 200
    assert "辽源日报" in response.content.decode()


@pytest.mark.django_db
def test_bench_query_count_header_counts_the_requests_queries(client, bench_views_on):
    """The bench's middleware reports the queries of the request in X-Bench-Queries."""
    PublicationFactory()
    middleware = ["newspaper.bench_views.QueryCountMiddleware", *settings.MIDDLEWARE]
    with override_settings(MIDDLEWARE=middleware, NEWSPAPER_PAGE_CACHE=False):
        client.get("/_bench/constant/")  # the site's version, loaded once and then cached
        assert client.get("/_bench/constant/")["X-Bench-Queries"] == "0"
        assert client.get("/_bench/one-row/")["X-Bench-Queries"] == "1"
