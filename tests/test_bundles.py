"""Edition bundles: import in one transaction, refuse bad ones whole, export round-trips."""

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from articles.bundles import BundleError
from articles.bundles.export import edition_bundle_document, edition_export
from articles.bundles.reader import read_bundle
from articles.models import Article, Author, Placement, Section
from articles.services import edition_import
from editions.models import Edition, Page, Publication

from .helpers import DEMO_BUNDLE

pytestmark = pytest.mark.django_db


def demo_document() -> dict:
    return json.loads((DEMO_BUNDLE / "edition.json").read_text(encoding="utf-8"))


def write_bundle(folder: Path, document: dict, files: dict[str, bytes] | None = None) -> Path:
    """A bundle of ``document`` and ``files``, with the demo's page files it names besides."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "edition.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    files = dict(files or {})
    for page in document.get("pages", []) if isinstance(document.get("pages"), list) else []:
        for key in ("image", "pdf"):
            name = page.get(key) if isinstance(page, dict) else None
            if isinstance(name, str) and name not in files and (DEMO_BUNDLE / name).is_file():
                files[name] = (DEMO_BUNDLE / name).read_bytes()
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


def nothing_written():
    return not (
        Edition.objects.exists()
        or Article.objects.exists()
        or Page.objects.exists()
        or Publication.objects.exists()
        or Section.objects.exists()
        or Author.objects.exists()
    )


def test_demo_bundle_imports_with_its_structure(demo):
    assert demo.number == 8986
    assert demo.publication.name == "辽源日报"
    assert [p.number for p in demo.pages.all()] == [1, 2, 3, 4]
    assert demo.articles.count() == 5
    jumped = Article.objects.filter(placements__page__number=2).order_by("pk")
    assert [a.title[:4] for a in jumped] == ["动能澎湃", "2024"]


def test_bundle_with_errors_is_refused_whole_and_names_each_fault(tmp_path):
    document = demo_document()
    document["pages"][1]["nmae"] = "typo"
    document["articles"][2]["placements"].append({"page": 9, "order": 1})
    document["articles"][3]["status"] = "live"
    document["articles"][4]["title"] = ""
    with pytest.raises(BundleError) as caught:
        edition_import(path=write_bundle(tmp_path / "bad", document))
    errors = caught.value.errors
    assert "pages[1] (page 2).nmae: unknown key" in errors
    assert "articles[2] (a3).placements[1].page: page 9 is not among the bundle's pages" in errors
    assert any(e.startswith("articles[3] (a4).status: must be one of") for e in errors)
    assert "articles[4] (a5).title: must not be empty" in errors
    assert nothing_written()


def test_a_failure_while_writing_rolls_everything_back(tmp_path):
    """Even an error found only at write time (a clashing issue number) leaves nothing."""
    call_command("import_edition", str(DEMO_BUNDLE), verbosity=0)
    document = demo_document()
    document["edition"]["date"] = "2024-04-02"  # same number 8986, another day
    with pytest.raises(BundleError, match="already has issue 8986"):
        edition_import(path=write_bundle(tmp_path / "clash", document))
    assert Edition.objects.count() == 1
    assert Article.objects.count() == 5


def test_import_refuses_an_existing_date_unless_replacing(tmp_path):
    call_command("import_edition", str(DEMO_BUNDLE), verbosity=0)
    with pytest.raises(CommandError, match="--replace"):
        call_command("import_edition", str(DEMO_BUNDLE), verbosity=0)
    first_ids = set(Article.objects.values_list("pk", flat=True))
    call_command("import_edition", str(DEMO_BUNDLE), replace=True, verbosity=0)
    assert Edition.objects.count() == 1
    assert Article.objects.count() == 5
    assert not first_ids & set(Article.objects.values_list("pk", flat=True))


def test_command_reports_errors_and_writes_nothing(tmp_path):
    document = demo_document()
    document["format"] = "newspaper-edition/2"
    with pytest.raises(CommandError) as caught:
        call_command("import_edition", str(write_bundle(tmp_path / "b", document)), verbosity=0)
    assert "nothing was written" in str(caught.value)
    assert "format: must be 'newspaper-edition/1'" in str(caught.value)
    assert nothing_written()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("pages"), "edition.json.pages: missing"),
        (lambda d: d["edition"].update(date="2024-02-30"), "edition.date: not a date"),
        (lambda d: d["edition"].update(number="8986"), "edition.number: must be a whole number"),
        (
            lambda d: d["edition"].update(publish_at="2024-04-01T00:00:00"),
            "edition.publish_at: must give a time zone offset",
        ),
        (lambda d: d["pages"].append(dict(d["pages"][0])), "pages: page 1 appears more than once"),
        (lambda d: d["articles"][1].update(key="a1"), "articles[1] (a1).key: used by another"),
        (lambda d: d["articles"][0].update(body_text="x"), "give body_html or body_text, not both"),
        (
            lambda d: d["articles"][0]["placements"][0].update(region=[0.5, 0.5, 2, 0.1]),
            "articles[0] (a1).placements[0].region: must be [x, y, width, height]",
        ),
        (
            lambda d: d["articles"][0]["authors"][0].update(nmae="x"),
            "articles[0] (a1).authors[0].nmae: unknown key",
        ),
        (lambda d: d["articles"][0].update(genre="小说"), "articles[0] (a1).genre: must be one of"),
        (lambda d: d["pages"][0].update(image="../etc/passwd"), "is not a plain relative path"),
        (
            lambda d: d["pages"][0].update(image="pages/99.jpg"),
            "pages/99.jpg is not in the bundle",
        ),
    ],
)
def test_each_kind_of_fault_is_named(tmp_path, mutate, message):
    document = demo_document()
    mutate(document)
    with pytest.raises(BundleError) as caught:
        read_bundle(write_bundle(tmp_path / "b", document))
    assert any(message in error for error in caught.value.errors), caught.value.errors


def test_malformed_json_is_refused_with_a_message(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "edition.json").write_text("{not json", "utf-8")
    with pytest.raises(BundleError, match="not valid UTF-8 JSON"):
        read_bundle(tmp_path / "b")


def test_a_file_that_is_not_an_image_is_refused(tmp_path):
    document = demo_document()
    document["pages"][0]["image"] = "pages/01.png"
    bundle = write_bundle(tmp_path / "b", document, {"pages/01.png": b"<svg></svg>"})
    with pytest.raises(BundleError, match="is not a JPEG, PNG or WebP image"):
        read_bundle(bundle)


def test_body_text_becomes_paragraphs(tmp_path):
    document = demo_document()
    document["articles"] = [document["articles"][2]]
    del document["articles"][0]["body_html"]
    document["articles"][0]["body_text"] = "第一段<b>。\n\n第二段。"
    edition_import(path=write_bundle(tmp_path / "b", document))
    assert Article.objects.get().body == "<p>第一段&lt;b&gt;。</p>\n<p>第二段。</p>"


def test_imported_body_html_is_sanitised(tmp_path):
    document = demo_document()
    document["articles"] = [document["articles"][2]]
    document["articles"][0]["body_html"] = '<p onclick="x()">正文<script>alert(1)</script></p>'
    edition_import(path=write_bundle(tmp_path / "b", document))
    assert Article.objects.get().body == "<p>正文</p>"


def test_an_import_never_changes_an_existing_publications_masthead(tmp_path):
    Publication.objects.create(slug="lyrb", name="辽源日报", hotline="1234")
    edition_import(path=DEMO_BUNDLE)
    assert Publication.objects.get().hotline == "1234"


def test_export_then_import_gives_back_the_same_edition(tmp_path):
    document = demo_document()
    document["pages"][0]["image"] = "pages/01.png"
    document["articles"][0]["images"] = [
        {"file": "images/a1-1.png", "caption": "图片说明", "credit": "本报记者 摄"}
    ]
    document["articles"][0]["placements"][0]["region"] = [0.05, 0.12, 0.6, 0.5]
    document["articles"][1]["publish_at"] = "2024-04-01T08:30:00+08:00"
    files = {"pages/01.png": png_bytes(), "images/a1-1.png": png_bytes()}
    edition = edition_import(path=write_bundle(tmp_path / "in", document, files))
    before, _ = edition_bundle_document(edition=edition)

    edition_export(edition=edition, path=tmp_path / "out")
    edition_import(path=tmp_path / "out", replace=True)
    after, _ = edition_bundle_document(edition=Edition.objects.get())
    assert after == before
    assert (tmp_path / "out" / "pages" / "01.png").read_bytes() == files["pages/01.png"]
    assert Placement.objects.get(article__title__startswith="动能", page__number=1).region == (
        0.05,
        0.12,
        0.6,
        0.5,
    )


def test_export_document_matches_the_demo_bundle(demo):
    """The demo's own edition.json is what exporting its import gives back."""
    exported, _ = edition_bundle_document(edition=demo)
    assert exported == demo_document()


def test_zip_bundles_export_and_import(tmp_path, demo):
    call_command("export_edition", "2024-04-01", str(tmp_path / "demo.zip"), verbosity=0)
    with zipfile.ZipFile(tmp_path / "demo.zip") as archive:
        assert "edition.json" in archive.namelist()
    call_command("import_edition", str(tmp_path / "demo.zip"), replace=True, verbosity=0)
    assert Article.objects.count() == 5


def test_zip_with_a_top_folder_imports(tmp_path):
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as archive:
        archive.writestr("lyrb-2024-04-01/edition.json", json.dumps(demo_document()))
        for path in sorted((DEMO_BUNDLE / "pages").iterdir()):
            archive.write(path, f"lyrb-2024-04-01/pages/{path.name}")
    edition_import(path=tmp_path / "b.zip")
    assert Edition.objects.count() == 1


def test_export_refuses_a_non_empty_folder_and_an_unknown_date(tmp_path, demo):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_edition", "2024-04-01", str(tmp_path / "full"))
    with pytest.raises(CommandError, match="no edition on 2024-04-02"):
        call_command("export_edition", "2024-04-02", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="Not a date"):
        call_command("export_edition", "2024-13-01", str(tmp_path / "x"))


def test_a_missing_or_broken_path_is_a_message(tmp_path):
    with pytest.raises(BundleError, match="no such file or folder"):
        read_bundle(tmp_path / "nope")
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    with pytest.raises(BundleError, match="not a folder or a zip file"):
        read_bundle(tmp_path / "x.zip")


def test_demo_loader_fills_only_an_empty_database(tmp_path):
    call_command("load_demo", verbosity=0)
    assert Edition.objects.count() == 1
    Article.objects.update(kicker="已改")
    call_command("load_demo", verbosity=0)
    assert Article.objects.filter(kicker="已改").count() == 5


def test_copy_of_demo_bundle_in_a_zip_keeps_the_text(tmp_path):
    shutil.make_archive(str(tmp_path / "demo"), "zip", DEMO_BUNDLE)
    edition_import(path=tmp_path / "demo.zip")
    assert Article.objects.get(title="市委常委会召开会议").dateline == "本报讯"


def test_a_bundle_with_a_page_pdf_alone_gets_its_page_image_rendered(tmp_path):
    from .factories import pdf_bytes

    document = demo_document()
    for page in document["pages"]:
        page.pop("image")
        page.pop("pdf")
    document["pages"][1]["pdf"] = "pages/02.pdf"
    edition = edition_import(
        path=write_bundle(tmp_path / "in", document, {"pages/02.pdf": pdf_bytes()})
    )
    page = edition.pages.get(number=2)
    assert page.image and page.reading_image and page.thumbnail
    assert page.image_height * 842 == pytest.approx(page.image_width * 1191, rel=0.01)
    exported, files = edition_bundle_document(edition=edition)
    assert exported["pages"][1]["image"] == "pages/02.jpg"
    assert exported["pages"][1]["pdf"] == "pages/02.pdf"
    assert "image" not in exported["pages"][0]


def test_the_demo_exports_its_page_files_and_regions(tmp_path, demo):
    edition_export(edition=demo, path=tmp_path / "out")
    for number in range(1, 5):
        assert (tmp_path / "out" / "pages" / f"{number:02d}.pdf").read_bytes() == (
            DEMO_BUNDLE / "pages" / f"{number:02d}.pdf"
        ).read_bytes()
        assert (tmp_path / "out" / "pages" / f"{number:02d}.jpg").read_bytes() == (
            DEMO_BUNDLE / "pages" / f"{number:02d}.jpg"
        ).read_bytes()
    exported = json.loads((tmp_path / "out" / "edition.json").read_text("utf-8"))
    regions = [p.get("region") for a in exported["articles"] for p in a["placements"]]
    assert sum(r is not None for r in regions) == 7


@pytest.mark.parametrize(
    ("key", "data", "message"),
    [
        ("pdf", b"<svg onload='alert(1)'/>", "pages/01.pdf is not a PDF"),
        ("pdf", "TWO_PAGES", "pages/01.pdf must hold exactly one page"),
        ("pdf", "SCRIPT", "pages/01.pdf carries JavaScript"),
        ("image", b"<html><script>alert(1)</script></html>", "is not a JPEG, PNG or WebP"),
    ],
)
def test_page_files_that_are_not_what_they_claim_are_refused(tmp_path, key, data, message):
    from .factories import pdf_bytes

    data = {
        "TWO_PAGES": pdf_bytes(pages=2),
        "SCRIPT": pdf_bytes(catalog="/OpenAction << /S /JavaScript /JS (x) >> "),
    }.get(data, data)
    document = demo_document()
    name = document["pages"][0][key]
    with pytest.raises(BundleError) as caught:
        read_bundle(write_bundle(tmp_path / "b", document, {name: data}))
    assert any(message in error for error in caught.value.errors), caught.value.errors


def test_an_import_at_a_terminal_shows_a_progress_bar(monkeypatch):
    """On a terminal the article loop is a tqdm bar; in logs and pipes it stays quiet."""

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    call_command("import_edition", str(DEMO_BUNDLE), stdout=io.StringIO())
    assert "articles" in terminal.getvalue() and "5/5" in terminal.getvalue()

    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    call_command("import_edition", str(DEMO_BUNDLE), replace=True, stdout=io.StringIO())
    assert piped.getvalue() == ""


def test_an_import_starts_every_articles_history_with_its_credits_and_placements(db):
    """One revision for the import, holding each article with what the admin's form edits
    beside it, though the import adds each article once rather than on every row's save."""
    from reversion.models import Version

    edition_import(path=DEMO_BUNDLE)
    article = Article.objects.filter(credits__isnull=False, placements__isnull=False).first()
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 1
    revision = versions.get().revision
    assert revision.comment.startswith("import_edition")
    held = {(v.content_type.model, v.object_id) for v in revision.version_set.all()}
    assert {("articleauthor", str(c.pk)) for c in article.credits.all()} <= held
    assert {("placement", str(p.pk)) for p in article.placements.all()} <= held
    every_article = {("article", str(pk)) for pk in Article.objects.values_list("pk", flat=True)}
    assert every_article <= held


def test_an_import_moves_the_sites_version_once(db):
    """Some hundreds of rows, one change: the publication's last-changed time is written
    once, at the end, not once per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newspaper.caching import site_state

    before = site_state().token
    with CaptureQueriesContext(connection) as queries:
        edition_import(path=DEMO_BUNDLE)
    sql = [query["sql"] for query in queries]
    moves = [line for line in sql if line.startswith("UPDATE") and "changed_at" in line]
    assert len(moves) == 1
    assert site_state().token != before
