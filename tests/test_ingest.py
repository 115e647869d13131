"""Reading the night's page PDFs into a draft edition (版面反解): articles/ingest."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from articles.ingest import bench, reader, text
from articles.ingest.pdf import IngestRefused
from articles.ingest.testpages import generate


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked by their English msgids (the catalogue translates them)."""
    with translation.override("en"):
        yield


DEMO = Path(__file__).resolve().parent.parent / "newspaper" / "demo" / "lyrb-2024-04-01"
DAY = datetime.date(2024, 4, 2)


@pytest.fixture(scope="session")
def pages(tmp_path_factory):
    """A 4-page edition typeset by ReportLab with its truth, for each variant."""
    out = {}
    for variant, seed in (("tune", 1), ("heldout", 2)):
        folder = tmp_path_factory.mktemp(variant)
        truth = generate(folder, variant=variant, pages=4, seed=seed)
        files = [(p["file"], (folder / p["file"]).read_bytes()) for p in truth["pages"]]
        out[variant] = (truth, files)
    return out


@pytest.fixture(scope="session")
def readings(pages):
    return {variant: reader.read_edition(files) for variant, (_truth, files) in pages.items()}


def _totals(truth, reading) -> tuple[dict, dict]:
    tallies, names = bench.score(truth, reading)
    total = bench.Tally()
    for tally in tallies.values():
        total.add(tally)
    return total.row(), names


@pytest.mark.parametrize("variant", ["tune", "heldout"])
def test_generated_pages_are_read_within_the_accuracy_targets(pages, readings, variant):
    """Stories found and not invented, titles, fields, body text and regions reach the
    issue's targets on generated pages, including the held-out layouts."""
    truth, _files = pages[variant]
    row, names = _totals(truth, readings[variant])
    assert row["recall"] >= 95 and row["precision"] >= 95
    assert row["titles"] >= 95
    assert row["cer"] <= 1.0
    assert row["iou80"] >= 90
    assert names["right"] == names["pages"]


def test_a_jump_is_one_story_with_a_placement_on_each_page_and_no_jump_lines(pages, readings):
    """下转第二版 … 上接第一版: one story, placed on pages 1 and 2, its body continuous."""
    truth, _files = pages["tune"]
    jumped = [s for s in truth["stories"] if len(s["placements"]) > 1]
    assert jumped
    stories = readings["tune"].stories
    for t in jumped:
        matches = [s for s in stories if s.title == t["title"]]
        assert len(matches) == 1
        story = matches[0]
        assert sorted(bench.placements(story)) == [p["page"] for p in t["placements"]]
        assert "转第" not in story.body_text and "上接" not in story.body_text
        assert story.body_text == bench.body_text(t["body"])


def test_chinese_text_has_no_spaces_inserted_and_loses_nothing_at_column_breaks(pages, readings):
    """A multi-column story's body reads exactly as set: column breaks join seamlessly."""
    truth, _files = pages["tune"]
    lead = next(s for s in truth["stories"] if s["layout"] == "lead")
    story = next(s for s in readings["tune"].stories if s.title == lead["title"])
    assert story.body_text == bench.body_text(lead["body"])
    assert story.kicker == lead["kicker"] and story.subtitle == lead["subtitle"]
    assert story.highlights == lead["highlights"]


def test_each_brief_of_a_briefs_column_is_its_own_story(pages, readings):
    """A 简讯 column gives one story per item, each with its own title and dateline."""
    truth, _files = pages["tune"]
    briefs = [s for s in truth["stories"] if s["layout"] == "briefs"]
    read_titles = {s.title for s in readings["tune"].stories}
    assert briefs and all(b["title"] in read_titles for b in briefs)
    assert "简讯" not in read_titles


def test_the_last_brief_of_a_column_ends_with_its_text_not_at_the_column_foot(pages, readings):
    """The white under a column's last brief belongs to no story: a module reaches out to
    its rules and gutters, but not across more than a few lines of white below its text."""
    truth, _files = pages["heldout"]
    read = {s.title: s for s in readings["heldout"].stories}
    overshoot = []
    for brief in (s for s in truth["stories"] if s["layout"] == "briefs"):
        x, y, w, h = brief["placements"][0]["region"]
        rx, ry, rw, rh = read[brief["title"]].region
        overshoot.append((ry + rh) - (y + h))
    assert overshoot and max(overshoot) < 0.025


def test_a_boxed_commentary_is_recognised(pages, readings):
    """A story inside a frame is read as a commentary, its byline 本报评论员."""
    truth, _files = pages["tune"]
    commentary = next(s for s in truth["stories"] if s["layout"] == "commentary")
    story = next(s for s in readings["tune"].stories if s.title == commentary["title"])
    assert story.boxed and story.byline == "本报评论员" and story.authors == []


def test_a_photo_story_keeps_its_caption_out_of_the_body(pages, readings):
    """The lines under a photo are its caption (with the 摄 credit), not body text."""
    truth, _files = pages["tune"]
    photo = next(s for s in truth["stories"] if s["layout"] == "photo")
    story = next(s for s in readings["tune"].stories if s.title == photo["title"])
    assert story.caption == photo["caption"] and story.images
    assert story.credit.endswith("摄")
    assert photo["caption"] not in story.body_text


def test_bylines_give_authors_with_their_roles():
    """本报记者 张三 李四 gives two 记者; a mixed byline keeps each role."""
    assert text.parse_byline("本报记者 张三 李四") == [("张三", "记者"), ("李四", "记者")]
    assert text.parse_byline("记者 张三 通讯员 王小五") == [("张三", "记者"), ("王小五", "通讯员")]
    assert text.parse_byline("本报评论员") == []
    assert text.is_byline("《瞭望》新闻周刊记者 翟伟 孟含琪 王晓林")
    assert not text.is_byline("记者在现场看到，工人们正在忙碌。")


def test_datelines_are_taken_off_the_body_with_their_bracketed_byline():
    """本报讯（记者 …） and 新华社长春3月31日电（记者 …） leave the body."""
    assert text.split_dateline("本报讯（记者 张三 李四）3月28日，") == (
        "本报讯",
        "记者 张三 李四",
        "3月28日，",
    )
    assert text.split_dateline("新华社长春3月31日电（记者 王五）正文") == (
        "新华社长春3月31日电",
        "记者 王五",
        "正文",
    )
    assert text.split_dateline("今天，全市") == ("", "", "今天，全市")


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A small PDF with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, trailer, xref)
    )
    return out.getvalue()


def _blank_page(extra: bytes = b"") -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + extra + b">>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] >>",
        ]
    )


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"<html><script>alert(1)</script></html>", "not a PDF"),
        (None, "truncated"),
        (_blank_page(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "), "active"),
    ],
)
def test_a_bad_pdf_is_refused_with_a_clear_message(pages, data, reason):
    """Not a PDF, a truncated PDF, a PDF with JavaScript: refused, saying why."""
    if data is None:
        whole = pages["tune"][1][0][1]
        data = whole[: len(whole) // 2]
    with pytest.raises(IngestRefused) as refused:
        reader.read_edition([("01.pdf", data)])
    message = " ".join(refused.value.messages)
    assert "01.pdf" in message
    assert {"not a PDF": "not a PDF", "truncated": "truncated", "active": "JavaScript"}[
        reason
    ] in message


def _scan_pdf(tmp_path) -> bytes:
    from PIL import Image
    from reportlab.pdfgen import canvas

    image = tmp_path / "scan.png"
    Image.new("RGB", (300, 400), "white").save(image)
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=(600, 800))
    c.drawImage(str(image), 0, 0, 600, 800)
    c.showPage()
    c.save()
    return path.read_bytes()


def test_a_page_without_a_text_layer_gives_no_stories_and_says_so(tmp_path):
    """A scanned page is kept as a page with a message, not read into false stories."""
    reading = reader.read_edition([("scan.pdf", _scan_pdf(tmp_path))])
    assert reading.stories == []
    assert reading.pages[0].has_text is False
    assert any("no text layer" in m for m in reading.messages)


def test_characters_without_a_unicode_mapping_are_reported_per_page(tmp_path):
    """Private-use code points (a subset font's unmapped glyphs) are reported, not read."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "pua.pdf"
    c = canvas.Canvas(str(path), pagesize=(600, 800))
    c.setFont("STSong-Light", 20)
    c.drawString(50, 700, "\ue001\ue002\ue003\ue004\ue005\ue006")
    c.setFont("STSong-Light", 9)
    c.drawString(50, 650, "正文")
    c.showPage()
    c.save()
    reading = reader.read_edition([("pua.pdf", path.read_bytes())])
    assert any("no Unicode mapping" in m and "Page 1" in m for m in reading.messages)
    assert reading.stories == []


# -- the service and the command, with the database ---------------------------------------


@pytest.fixture
def paper(db):
    from editions.models import Publication

    return Publication.objects.create(slug="lyrb", name="辽源日报")


def test_ingest_makes_a_draft_edition_that_readers_cannot_see(pages, paper):
    """Pages with their PDF and images, draft articles with regions: nothing public."""
    from articles.ingest.services import edition_ingest
    from articles.models import Article, Placement
    from editions.models import Edition

    truth, files = pages["tune"]
    report = edition_ingest(files=files, date=DAY, number=9001, publication=paper)
    edition = report.edition
    assert edition.status == "draft"
    assert not Edition.objects.public().exists()
    assert not Article.objects.public().exists()
    assert [p.name for p in edition.pages.all()] == [p["name"] for p in truth["pages"]]
    assert all(p.pdf and p.image and p.thumbnail for p in edition.pages.all())
    assert edition.articles.count() == len(truth["stories"])
    assert set(edition.articles.values_list("status", flat=True)) == {"draft"}
    jumped = next(s for s in truth["stories"] if len(s["placements"]) > 1)
    article = edition.articles.get(title=jumped["title"])
    assert sorted(article.placements.values_list("page__number", flat=True)) == [1, 2]
    assert not Placement.objects.filter(x__isnull=True).exists()


def test_ingest_refuses_a_date_whose_edition_is_not_a_draft(demo, pages):
    """The published demo edition is never touched by an ingest, even with replace."""
    from articles.ingest.services import edition_ingest
    from articles.models import Article

    before = Article.objects.count()
    with pytest.raises(IngestRefused) as refused:
        edition_ingest(
            files=pages["tune"][1],
            date=demo.date,
            number=demo.number,
            publication=demo.publication,
            replace=True,
        )
    assert "not a draft" in refused.value.messages[0]
    assert Article.objects.count() == before


def test_a_bad_file_among_good_ones_writes_nothing(pages, paper):
    """One truncated PDF refuses the whole ingest: no edition, page or article is left."""
    from articles.ingest.services import edition_ingest
    from articles.models import Article
    from editions.models import Edition, Page

    files = list(pages["tune"][1])
    files[2] = (files[2][0], files[2][1][:500])
    with pytest.raises(IngestRefused):
        edition_ingest(files=files, date=DAY, number=9001, publication=paper)
    assert not Edition.objects.exists() and not Page.objects.exists()
    assert not Article.objects.exists()


def test_reingest_keeps_the_editors_changes_to_stories_that_did_not_change(pages, paper):
    """Reading the same pages again leaves an edited article as the editors left it."""
    from articles.ingest.services import edition_ingest

    truth, files = pages["tune"]
    edition = edition_ingest(files=files, date=DAY, number=9001, publication=paper).edition
    article = edition.articles.order_by("pk").first()
    article.body = "<p>编辑改过的正文。</p>"
    article.save()
    report = edition_ingest(files=files, date=DAY, number=9001, publication=paper, replace=True)
    article.refresh_from_db()
    assert article.body == "<p>编辑改过的正文。</p>"
    assert len(report.kept) == len(truth["stories"]) and not report.overwritten
    assert article.placements.exists()


def test_reingest_names_what_it_overwrites_or_removes_and_a_dry_run_writes_nothing(pages, paper):
    """Other pages for the same date: the report names each edited article it would lose."""
    from articles.ingest.services import edition_ingest
    from articles.models import Article

    edition = edition_ingest(
        files=pages["tune"][1], date=DAY, number=9001, publication=paper
    ).edition
    article = edition.articles.order_by("pk").first()
    article.body = "<p>编辑改过的正文。</p>"
    article.save()
    count = Article.objects.count()
    report = edition_ingest(
        files=pages["heldout"][1],
        date=DAY,
        number=9001,
        publication=paper,
        replace=True,
        dry_run=True,
    )
    assert report.dry_run and report.edition is None
    lost = [line for line in report.removed + report.overwritten if "lost" in line]
    assert any(str(article) in line for line in lost)
    assert Article.objects.count() == count
    article.refresh_from_db()
    assert article.body == "<p>编辑改过的正文。</p>"


def test_the_command_prints_a_summary(pages, paper, tmp_path, capsys):
    """ingest_pdf --date --number PAGE.pdf … reports pages and stories."""
    paths = []
    for name, data in pages["tune"][1]:
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    call_command(
        "ingest_pdf", *paths, "--date", "2024-04-02", "--number", "9001", "--publication", "lyrb"
    )
    out = capsys.readouterr().out
    assert "as a draft" in out and "4 pages" in out


def test_the_demo_facsimiles_give_back_the_demo_front_page(db):
    """The demo's four Chromium-made page PDFs reproduce its five front-page stories: their
    titles, kickers, bylines, datelines, bodies, jumps to page 2 and regions."""
    from articles.ingest.services import edition_ingest
    from articles.models import Article
    from editions.models import Publication

    paper = Publication.objects.create(slug="lyrb", name="辽源日报")
    bundle = json.loads((DEMO / "edition.json").read_text(encoding="utf-8"))
    files = [(f"{n:02d}.pdf", (DEMO / "pages" / f"{n:02d}.pdf").read_bytes()) for n in range(1, 5)]
    edition = edition_ingest(files=files, date=DAY, number=9001, publication=paper).edition
    assert [p.name for p in edition.pages.all()] == [p["name"] for p in bundle["pages"]]
    assert edition.articles.count() == len(bundle["articles"]) == 5
    for expected in bundle["articles"]:
        article = Article.objects.get(edition=edition, title=expected["title"])
        for name in ("kicker", "subtitle", "byline", "dateline"):
            assert getattr(article, name) == expected[name], name
        assert [a.author.name for a in article.credits_in_order()] == [
            a["name"] for a in expected["authors"]
        ]
        placements = {p.page.number: p.region for p in article.placements.all()}
        assert sorted(placements) == [p["page"] for p in expected["placements"]]
        for p in expected["placements"]:
            assert bench.iou(p["region"], placements[p["page"]]) >= 0.75
        first = expected["body_html"].split("</p>")[0].removeprefix("<p>")
        assert first[:40] in article.body


# -- the admin side --------------------------------------------------------------------------


def _uploads(files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return [SimpleUploadedFile(name, data, content_type="application/pdf") for name, data in files]


def test_editors_upload_several_pdfs_and_review_each_page(pages, paper, admin_client):
    """The upload form queues a job running the same service (inline in the tests); its
    status leads to the review page, which shows each region and field."""
    from articles.models import IngestJob
    from editions.models import Edition

    truth, files = pages["tune"]
    response = admin_client.post(
        "/admin/ingest/",
        {
            "publication": paper.pk,
            "date": "2024-04-02",
            "number": "9001",
            "files": _uploads(files),
        },
    )
    edition = Edition.objects.get(date=DAY)
    job = IngestJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/ingest/jobs/{job.pk}/"
    assert (job.state, job.edition) == ("done", edition)
    assert edition.status == "draft" and edition.pages.count() == 4
    status = admin_client.get(f"/admin/ingest/jobs/{job.pk}/status/").json()
    assert status["review"] == f"/admin/ingest/{edition.pk}/1/?job={job.pk}"
    review = admin_client.get(status["review"])
    assert review.status_code == 200
    page_one = [s for s in truth["stories"] if s["placements"][0]["page"] == 1]
    html = review.content.decode()
    for story in page_one:
        assert story["title"] in html
    assert html.count('style="left:') == len(page_one)


def test_an_upload_with_a_bad_pdf_is_refused_with_the_reason_and_writes_nothing(
    pages, paper, admin_client
):
    """A truncated file among the uploads: 400, the message, no edition."""
    from editions.models import Edition

    files = list(pages["tune"][1])
    files[1] = (files[1][0], files[1][1][:400])
    response = admin_client.post(
        "/admin/ingest/",
        {"publication": paper.pk, "date": "2024-04-02", "number": "9001", "files": _uploads(files)},
    )
    assert response.status_code == 400
    assert "truncated" in response.content.decode()
    assert not Edition.objects.exists()


def test_the_ingest_screens_need_a_staff_login(client, db):
    """Anonymous visitors are sent to the admin login, not shown the upload form."""
    response = client.get("/admin/ingest/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _combined(files) -> bytes:
    import pypdfium2 as pdfium

    combined = pdfium.PdfDocument.new()
    for _name, data in files:
        part = pdfium.PdfDocument(data)
        combined.import_pages(part)
        part.close()
    buffer = io.BytesIO()
    combined.save(buffer)
    return buffer.getvalue()


def test_a_multi_page_pdf_gives_one_page_per_pdf_page(pages, readings):
    """The night's pages as one PDF read the same as one PDF a page."""
    truth, files = pages["tune"]
    reading = reader.read_edition([("edition.pdf", _combined(files))])
    assert [p.name for p in reading.pages] == [p["name"] for p in truth["pages"]]
    assert [s.title for s in reading.stories] == [s.title for s in readings["tune"].stories]


def test_a_multi_page_pdf_with_document_javascript_is_refused(pages):
    """Splitting would drop a document-level action: the whole file is checked first."""
    data = _combined(pages["tune"][1][:2])
    head, tail = data.split(b"/Type /Catalog", 1) if b"/Type /Catalog" in data else (None, None)
    if head is None:
        head, tail = data.split(b"/Type/Catalog", 1)
    data = head + b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> /Type /Catalog" + tail
    with pytest.raises(IngestRefused) as refused:
        reader.read_edition([("edition.pdf", data)])
    assert "JavaScript" in " ".join(refused.value.messages)


def test_reingest_overwrites_a_story_whose_text_changed_and_names_it(pages, paper):
    """When the page's text of a story differs from what the last ingest read, its article
    takes the new text and the report names it as overwritten."""
    import reversion

    from articles.ingest.services import REVISION_COMMENT, edition_ingest

    truth, files = pages["tune"]
    edition = edition_ingest(files=files, date=DAY, number=9001, publication=paper).edition
    article = edition.articles.order_by("pk").first()
    printed = article.body
    with reversion.create_revision():
        # As if the night's first PDFs had carried another text of this story.
        reversion.set_comment(f"{REVISION_COMMENT} earlier")
        article.body = "<p>早先版本的正文。</p>"
        article.save()
    report = edition_ingest(files=files, date=DAY, number=9001, publication=paper, replace=True)
    article.refresh_from_db()
    assert article.body == printed
    assert report.overwritten == [article.title.replace("\n", " ")]
    assert len(report.kept) == len(truth["stories"]) - 1


def test_an_ingested_edition_exports_as_a_draft_bundle_that_reads_back(db, tmp_path):
    """What the night's ingest gives is what the editors sign off: ``export_edition`` writes
    it as a bundle that the bundle reader accepts, every story a draft with its placements."""
    from articles.bundles.export import edition_export
    from articles.bundles.reader import read_bundle
    from articles.ingest.services import edition_ingest
    from editions.models import Publication

    paper = Publication.objects.create(slug="lyrb", name="辽源日报")
    expected = json.loads((DEMO / "edition.json").read_text(encoding="utf-8"))
    files = [(f"{n:02d}.pdf", (DEMO / "pages" / f"{n:02d}.pdf").read_bytes()) for n in range(1, 5)]
    edition = edition_ingest(files=files, date=DAY, number=9001, publication=paper).edition
    data = read_bundle(edition_export(edition=edition, path=tmp_path / "ingested.zip"))
    assert data.status == "draft" and len(data.pages) == 4
    assert sorted(a.title for a in data.articles) == sorted(
        a["title"] for a in expected["articles"]
    )
    assert all(a.status == "draft" for a in data.articles)
    pages = {a.title: sorted(p.page for p in a.placements) for a in data.articles}
    assert pages == {
        a["title"]: sorted(p["page"] for p in a["placements"]) for a in expected["articles"]
    }
