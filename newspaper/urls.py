"""Root URLs: the public site, the feeds and the editors' admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from articles.search import views as search_views
from editions import views as edition_views
from editions.media import serve_media

from . import converters, feeds, previews, reader_views, sitemaps, views

# A database that cannot be reached answers 503, wherever the error was raised.
handler400 = "newspaper.errors.bad_request"
handler500 = "newspaper.errors.server_error"

register_converter(converters.IsoDateConverter, "isodate")
register_converter(converters.PageNumberConverter, "pagenum")
register_converter(converters.IdConverter, "id")
register_converter(converters.YearConverter, "yyyy")
register_converter(converters.MonthConverter, "mm")

# The editions namespace joins the archive (editions app) with the edition and page views,
# which show articles and so live in the project package that wires both apps.
edition_patterns = [
    path("", edition_views.ArchiveView.as_view(), name="archive"),
    path("articles/", search_views.ArchiveArticlesView.as_view(), name="articles"),
    path("<yyyy:year>/", edition_views.YearView.as_view(), name="year"),
    path("<yyyy:year>/<mm:month>/", edition_views.MonthView.as_view(), name="month"),
    path("<isodate:date>/", views.EditionDetailView.as_view(), name="detail"),
    path("<isodate:date>/<pagenum:number>/", views.PageDetailView.as_view(), name="page"),
    path(
        "<isodate:date>/<pagenum:number>/zoom/",
        reader_views.PageZoomView.as_view(),
        name="zoom",
    ),
    path("<isodate:date>/pdf/", reader_views.edition_pdf, name="pdf"),
]


def feed_paths(route: str, feed_class, name: str) -> list:
    """RSS at ``route``rss/ (``name``), Atom at atom/ (``name``-atom), JSON Feed at json/."""
    views = feeds.formats(feed_class)
    return [
        path(f"{route}rss/", views["rss"], name=name),
        path(f"{route}atom/", views["atom"], name=f"{name}-atom"),
        path(f"{route}json/", views["json"], name=f"{name}-json"),
    ]


feed_patterns = [
    path("", feeds.directory, name="directory"),
    path("feeds.opml", feeds.opml, name="opml"),
    *feed_paths("latest/", feeds.LatestArticlesFeed, "latest"),
    *feed_paths("today/", feeds.EditionFeed, "today"),
    *feed_paths("sections/<slug:slug>/", feeds.SectionFeed, "section"),
    *feed_paths("authors/<slug:slug>/", feeds.AuthorFeed, "author"),
    *feed_paths("pages/<pagenum:number>/", feeds.PageNumberFeed, "page"),
    *feed_paths("editions/<isodate:date>/", feeds.EditionFeed, "edition"),
    *feed_paths("editions/<isodate:date>/<pagenum:number>/", feeds.EditionPageFeed, "edition-page"),
]

preview_patterns = [
    path("articles/<id:pk>/", previews.StaffArticlePreviewView.as_view(), name="article"),
    path(
        "editions/<isodate:date>/<pagenum:number>/",
        previews.StaffPagePreviewView.as_view(),
        name="page",
    ),
    path("<str:token>/", previews.shared_preview, name="shared"),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("editions/", include((edition_patterns, "editions"))),
    path("", include("articles.urls")),
    path("feeds/", include((feed_patterns, "feeds"))),
    path("preview/", include((preview_patterns, "previews"))),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path(
        "page-images/<id:pk>/<slug:token>/<int:width>.<slug:extension>",
        reader_views.page_rendition,
        name="page-rendition",
    ),
    path("favicon.ico", reader_views.favicon),
    path("admin/ingest/", include("articles.ingest.admin_views")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Uploaded media in development; production serves MEDIA_ROOT from the web server.
    urlpatterns += [
        path("media/<path:path>", serve_media),
    ]

if settings.NEWSPAPER_BENCH_VIEWS:
    # The benchmark's ceiling views (make bench); off unless NEWSPAPER_BENCH_VIEWS=1.
    from . import bench_views

    urlpatterns += bench_views.urlpatterns
