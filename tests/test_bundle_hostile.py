"""Hostile bundles: each is refused with a message naming the file or key and the limit,
before any work is done, leaving nothing in the database or on disk."""

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.test import override_settings
from PIL import Image

from articles.bundles import BundleError
from articles.models import Article, ArticleImage
from articles.services import edition_import
from editions.models import Page

from .conftest import DEMO_BUNDLE
from .factories import pdf_bytes
from .test_bundles import demo_document, nothing_written, png_bytes, write_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A MEDIA_ROOT of the test's own, so what an import leaves there can be counted."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def refused(bundle, media: Path) -> list[str]:
    """The import's messages; the bundle must leave no row and no file."""
    with pytest.raises(BundleError) as caught:
        edition_import(path=bundle)
    assert nothing_written()
    assert files_in(media) == []
    return caught.value.errors


def one_of(errors: list[str], *parts: str) -> bool:
    """Some error holds every part (file sizes print with a no-break space)."""
    return any(all(part in error.replace("\xa0", " ") for part in parts) for error in errors)


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (width + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def small_document() -> dict:
    """The demo edition with its text and no page files."""
    document = demo_document()
    for page in document["pages"]:
        page.pop("image")
        page.pop("pdf")
    return document


def test_a_page_file_named_html_is_refused_even_when_it_is_an_image(tmp_path, media):
    """A name whose extension is not .jpg/.png/.webp (.pdf for PDFs) is refused by its name."""
    document = small_document()
    document["pages"][0]["image"] = "pages/01.html"
    bundle = write_bundle(tmp_path / "b", document, {"pages/01.html": png_bytes()})
    errors = refused(bundle, media)
    assert one_of(errors, "pages[0] (page 1).image", "pages/01.html", ".png"), errors


def test_stored_names_come_from_the_sniffed_type_never_the_bundle(tmp_path, media):
    """A JPEG named .png is stored as .jpg; an article image is named by its article."""
    document = small_document()
    document["pages"][0]["image"] = "pages/01.png"
    document["articles"][0]["images"] = [{"file": "images/evil-name.webp", "caption": "图"}]
    files = {"pages/01.png": jpeg_bytes(), "images/evil-name.webp": png_bytes()}
    edition_import(path=write_bundle(tmp_path / "b", document, files))
    page = Page.objects.get(number=1)
    assert page.image.name.endswith("/01.jpg")
    image = ArticleImage.objects.get()
    assert image.image.name.endswith(".png") and "evil" not in image.image.name
    assert (media / image.image.name).read_bytes() == files["images/evil-name.webp"]


def test_a_symlink_out_of_a_folder_bundle_is_refused(tmp_path, media):
    """A bundle's file that is a link to a file elsewhere on the server is not read."""
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(jpeg_bytes())
    document = small_document()
    document["pages"][0]["image"] = "pages/front.jpg"
    bundle = write_bundle(tmp_path / "b", document)
    (bundle / "pages").mkdir()
    (bundle / "pages" / "front.jpg").symlink_to(outside)
    errors = refused(bundle, media)
    assert one_of(errors, "pages[0] (page 1).image", "pages/front.jpg", "符号链接"), errors


def zip_bundle(path: Path, document: dict, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("edition.json", json.dumps(document, ensure_ascii=False))
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def declare_size(path: Path, name: str, size: int) -> None:
    """Rewrite the uncompressed size a zip declares for ``name``, in both of its headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(name).header_offset
    struct.pack_into("<I", data, offset + 22, size)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == name.encode():
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def test_a_zip_entry_whose_declared_size_lies_is_refused(tmp_path, media):
    """An entry that inflates to more than it declares is caught by its size, not a traceback."""
    document = small_document()
    document["pages"][0]["image"] = "pages/01.jpg"
    image = (DEMO_BUNDLE / "pages" / "01.jpg").read_bytes()
    bundle = zip_bundle(tmp_path / "b.zip", document, {"pages/01.jpg": image})
    declare_size(bundle, "pages/01.jpg", 100)
    errors = refused(bundle, media)
    assert one_of(errors, "pages[0] (page 1).image", "pages/01.jpg", "声明的大小"), errors


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("NEWSPAPER_BUNDLE_MAX_FILE_BYTES", 10_000, ("pages/01.jpg", "文件上限为 9.8")),
        ("NEWSPAPER_BUNDLE_MAX_TOTAL_BYTES", 10_000, ("b.zip", "解压后为", "最多接受 9.8")),
        ("NEWSPAPER_BUNDLE_MAX_ENTRIES", 1, ("b.zip", "2 个条目", "最多接受 1 个")),
    ],
)
def test_zip_limits_are_checked_before_the_entries_are_read(
    tmp_path, media, setting, value, expected
):
    """Entry size, total unpacked size and entry count come from settings read at check time."""
    document = small_document()
    document["pages"][0]["image"] = "pages/01.jpg"
    image = (DEMO_BUNDLE / "pages" / "01.jpg").read_bytes()
    bundle = zip_bundle(tmp_path / "b.zip", document, {"pages/01.jpg": image})
    with override_settings(**{setting: value}):
        errors = refused(bundle, media)
    assert one_of(errors, *expected), errors


def test_a_decompression_bomb_png_is_refused_before_it_is_decoded(tmp_path, media):
    """A PNG claiming 20,000 × 20,000 pixels is refused by its header, naming the limit."""
    document = small_document()
    document["pages"][0]["image"] = "pages/01.png"
    bomb = png_header_only(20_000, 20_000)
    errors = refused(write_bundle(tmp_path / "b", document, {"pages/01.png": bomb}), media)
    assert one_of(errors, "pages[0] (page 1).image", "pages/01.png", "60 百万像素"), errors


def test_a_pdf_page_too_long_to_render_is_refused(tmp_path, media):
    """A 200 × 14,400 pt page alone would be rendered to 400 million pixels: refused first."""
    document = small_document()
    document["pages"][0]["pdf"] = "pages/01.pdf"
    pdf = pdf_bytes(width=200, height=14400)
    errors = refused(write_bundle(tmp_path / "b", document, {"pages/01.pdf": pdf}), media)
    assert one_of(errors, "pages[0] (page 1).pdf", "200 × 14400"), errors


def test_json_nested_100000_deep_is_refused_before_it_is_parsed(tmp_path, media):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "edition.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    errors = refused(tmp_path / "b", media)
    assert one_of(errors, "edition.json", "嵌套超过 20 层"), errors


def test_an_oversized_edition_json_is_refused_before_it_is_read(tmp_path, media):
    """A 100 MB edition.json (sparse here) is refused by its size, never loaded."""
    (tmp_path / "b").mkdir()
    with (tmp_path / "b" / "edition.json").open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    errors = refused(tmp_path / "b", media)
    assert one_of(errors, "edition.json", "100.0 MB", "文件上限为 20.0 MB"), errors


@pytest.mark.parametrize(
    ("mutate", "where", "limit"),
    [
        (lambda d: d["edition"].update(number=10**20), "edition.number", "2147483647"),
        (
            lambda d: d["articles"][0]["placements"][0].update(order=70_000),
            "articles[0] (a1).placements[0].order",
            "32767",
        ),
    ],
)
def test_whole_numbers_beyond_what_the_columns_hold_are_refused(
    tmp_path, media, mutate, where, limit
):
    document = small_document()
    mutate(document)
    errors = refused(write_bundle(tmp_path / "b", document), media)
    assert one_of(errors, f"{where}: 必须是 1 到 {limit} 之间的整数"), errors


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["edition"].update(date="1899-12-31"), "edition.date"),
        (
            lambda d: d["edition"].update(publish_at="0001-01-01T00:00:00+08:00"),
            "edition.publish_at",
        ),
        (
            lambda d: d["articles"][1].update(publish_at="2101-01-01T00:00:00+08:00"),
            "articles[1] (a2).publish_at",
        ),
    ],
)
def test_dates_outside_1900_to_2100_are_refused(tmp_path, media, mutate, where):
    document = small_document()
    mutate(document)
    errors = refused(write_bundle(tmp_path / "b", document), media)
    assert one_of(errors, f"{where}: 年份必须在 1900 年到 2100 年之间"), errors


def test_control_characters_are_stripped_from_texts(tmp_path, media):
    """NUL, vertical tab and other controls go; tab and line feed stay in the body."""
    document = small_document()
    article = document["articles"][0]
    article["title"] = "动能\x0b澎湃\x00向新\x1b行\x7f"
    article["highlights"] = ["要点\x08一"]
    del article["body_html"]
    article["body_text"] = "第一段\t说明\x0c。\n\n第二段\x00。"
    edition_import(path=write_bundle(tmp_path / "b", document))
    stored = Article.objects.get(title__startswith="动能")
    assert stored.title == "动能澎湃向新行"
    assert stored.highlights == "要点一"
    assert stored.body == "<p>第一段\t说明。</p>\n<p>第二段。</p>"


def test_a_lone_surrogate_is_refused(tmp_path, media):
    """Half a UTF-16 pair cannot be stored as UTF-8: the text is refused, naming it."""
    document = small_document()
    document["articles"][2]["kicker"] = "引题\ud800"
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "edition.json").write_text(json.dumps(document), "ascii")
    errors = refused(tmp_path / "b", media)
    assert one_of(errors, "articles[2] (a3).kicker", "UTF-16"), errors


@pytest.mark.parametrize(
    ("setting", "key", "count"),
    [("NEWSPAPER_BUNDLE_MAX_ARTICLES", "articles", 5), ("NEWSPAPER_BUNDLE_MAX_PAGES", "pages", 4)],
)
def test_too_many_articles_or_pages_are_refused(tmp_path, media, setting, key, count):
    """Counts are limited by settings read when the check runs."""
    bundle = write_bundle(tmp_path / "b", small_document())
    with override_settings(**{setting: 3}):
        errors = refused(bundle, media)
    assert errors == [f"{key}:稿包中有 {count} 项,最多接受 3 项"]


def test_an_article_with_too_many_parts_is_refused(tmp_path, media):
    document = small_document()
    document["articles"][0]["highlights"] = ["要点"] * 101
    errors = refused(write_bundle(tmp_path / "b", document), media)
    assert one_of(errors, "articles[0] (a1).highlights", "101", "100"), errors
