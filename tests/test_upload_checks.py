"""Hostile uploads: active PDFs, polyglots, absurd page sizes, huge images, stored names.

Each test pins one defence of the upload checks (``editions.validators``), the sniffing
file fields (``editions.uploads``), the capped renderer and the media headers.
"""

import io
import os
import time

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.test import override_settings
from django.urls import reverse

from articles.models import ArticleImage
from editions import rendering
from editions.validators import validate_article_image, validate_page_image, validate_page_pdf

from .factories import ArticleFactory, PageFactory, image_bytes, pdf_bytes


def refused_code(validator, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        validator(SimpleUploadedFile("upload", data))
    return caught.value.code


def pikepdf_page(*, width: float = 842, height: float = 1191, **catalog) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(width, height))
    for key, value in catalog.items():
        pdf.Root[f"/{key}"] = value
    return pdf


def saved(pdf: pikepdf.Pdf, **options) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def javascript_action() -> pikepdf.Dictionary:
    return pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))


# PDFs: structure, wherever it is written.


def test_an_open_action_script_in_a_compressed_object_stream_is_refused():
    """A catalog inside a compressed object stream (as modern writers make them) cannot
    hide an /OpenAction JavaScript from the check."""
    data = saved(
        pikepdf_page(OpenAction=javascript_action()),
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    assert b"JavaScript" not in data  # the action is only in compressed bytes
    assert refused_code(validate_page_pdf, data) == "pdf_active"


def test_a_plain_pdf_in_object_streams_is_accepted():
    """Object streams alone are normal and accepted."""
    data = saved(pikepdf_page(), object_stream_mode=pikepdf.ObjectStreamMode.generate)
    validate_page_pdf(SimpleUploadedFile("p.pdf", data))


def _with_annotation(action: pikepdf.Dictionary, **extra) -> pikepdf.Pdf:
    pdf = pikepdf_page()
    annotation = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[0, 0, 100, 100],
            A=action,
            **extra,
        )
    )
    pdf.pages[0].obj["/Annots"] = pdf.make_indirect(pikepdf.Array([annotation]))
    return pdf


def test_a_web_link_annotation_is_accepted():
    """Print PDFs carry links to web addresses; a /URI link is allowed."""
    action = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.com/"))
    data = saved(_with_annotation(action), object_stream_mode=pikepdf.ObjectStreamMode.generate)
    validate_page_pdf(SimpleUploadedFile("p.pdf", data))


@pytest.mark.parametrize(
    "action",
    [
        {"S": pikepdf.Name.Launch, "F": pikepdf.String("calc.exe")},
        {"S": pikepdf.Name.SubmitForm, "F": pikepdf.String("https://evil.example/")},
        {"S": pikepdf.Name.ImportData, "F": pikepdf.String("data.fdf")},
        {"S": pikepdf.Name.GoToR, "F": pikepdf.String("other.pdf"), "D": [0]},
        {"S": pikepdf.Name.GoToE, "D": [0]},
        {"S": pikepdf.Name.JavaScript, "JS": pikepdf.String("app.alert(1)")},
    ],
    ids=["Launch", "SubmitForm", "ImportData", "GoToR", "GoToE", "JavaScript"],
)
def test_an_annotation_action_that_runs_leaves_or_sends_is_refused(action):
    """Link annotations may not launch, submit, import, open other files or run scripts."""
    pdf = _with_annotation(pikepdf.Dictionary({f"/{k}": v for k, v in action.items()}))
    data = saved(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert refused_code(validate_page_pdf, data) == "pdf_active"


def test_an_uri_link_chaining_a_script_is_refused():
    """An allowed action's /Next may not carry a script."""
    action = pikepdf.Dictionary(
        S=pikepdf.Name.URI, URI=pikepdf.String("https://example.com/"), Next=javascript_action()
    )
    data = saved(_with_annotation(action), object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert refused_code(validate_page_pdf, data) == "pdf_active"


def test_additional_actions_of_a_page_are_refused():
    """A page's /AA (run when the page is shown) is refused."""
    pdf = pikepdf_page()
    pdf.pages[0].obj["/AA"] = pikepdf.Dictionary(O=javascript_action())
    data = saved(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert refused_code(validate_page_pdf, data) == "pdf_active"


def test_embedded_files_and_xfa_forms_are_refused():
    """Embedded files in /Names and an XFA form in /AcroForm are refused."""
    pdf = pikepdf_page()
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ...")
    assert refused_code(validate_page_pdf, saved(pdf)) == "pdf_active"
    pdf = pikepdf_page(AcroForm=pikepdf.Dictionary(Fields=[], XFA=pikepdf.String("<xdp/>")))
    data = saved(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert refused_code(validate_page_pdf, data) == "pdf_active"


def test_a_truncated_pdf_is_refused_with_a_chinese_message():
    """A damaged file is refused, not repaired, and the editor reads why in Chinese."""
    data = saved(pikepdf_page())
    with pytest.raises(ValidationError) as caught:
        validate_page_pdf(SimpleUploadedFile("p.pdf", data[: len(data) * 2 // 3]))
    assert caught.value.code == "unreadable_pdf"
    assert "无法打开" in caught.value.messages[0]


# Page size, before anything is rendered.


@pytest.mark.parametrize(("width", "height"), [(200, 14400), (1, 14400), (14400, 14400)])
def test_a_pdf_page_of_absurd_size_is_refused_before_rendering(width, height):
    """Pages too large or too long for their width are refused from their size in points."""
    data = pdf_bytes(width=width, height=height)
    with pytest.raises(ValidationError) as caught:
        validate_page_pdf(SimpleUploadedFile("p.pdf", data))
    assert caught.value.code == "pdf_page_size"
    assert "点" in caught.value.messages[0]


def test_rendering_a_very_long_page_stays_within_the_pixel_cap():
    """Even a page that got past the checks is rendered within the pixel cap, quickly."""
    data = pdf_bytes(width=200, height=14400)
    started = time.monotonic()
    with override_settings(NEWSPAPER_PAGE_RENDER_MAX_PIXELS=2_000_000):
        rendered = rendering.render_pdf_page(data)
    assert rendered.width * rendered.height <= 2_000_000
    assert time.monotonic() - started < 5


# Markup anywhere in the first bytes.


def test_a_png_carrying_html_in_its_first_chunks_is_refused():
    """A real PNG with a page of HTML in a text chunk is still a web page to a sniffer."""
    png = image_bytes("PNG")
    chunk = b"tEXt" + b"Comment\x00<html><script>alert(document.cookie)</script></html>"
    polyglot = png[:33] + len(chunk[4:]).to_bytes(4, "big") + chunk + b"\x00\x00\x00\x00"
    polyglot += png[33:]
    assert refused_code(validate_page_image, polyglot) == "active_content"


def test_a_pdf_with_html_in_front_of_it_is_refused():
    """HTML before the %PDF- header makes the file markup, not a PDF."""
    data = b"<!DOCTYPE html><script>alert(1)</script>\n" + pdf_bytes()
    assert refused_code(validate_page_pdf, data) == "active_content"


# Images: refused from their header.


def test_a_huge_article_image_is_refused_quickly_from_its_header():
    """A 13000 × 13000 picture is refused in well under a second, before decoding."""
    data = image_bytes("PNG", (13000, 13000))
    started = time.monotonic()
    code = refused_code(validate_article_image, data)
    assert code in {"too_many_pixels", "image_bomb"}
    assert time.monotonic() - started < 1


@pytest.mark.django_db
def test_the_article_image_form_refuses_what_page_uploads_refuse():
    """ArticleImage's model field carries the strict checks: forms and full_clean refuse SVG."""
    article = ArticleFactory()
    form_class = modelform_factory(ArticleImage, fields=["article", "image", "caption"])
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    form = form_class(
        {"article": article.pk, "caption": "x"},
        {"image": SimpleUploadedFile("photo.jpg", svg, "image/jpeg")},
    )
    assert not form.is_valid()
    image = ArticleImage(article=article, image=SimpleUploadedFile("x.png", image_bytes("GIF")))
    with pytest.raises(ValidationError) as caught:
        image.full_clean()
    assert caught.value.error_dict["image"][0].code == "not_image"


# Stored names: from the sniffed type only.


@pytest.mark.django_db
def test_a_page_image_named_html_is_stored_under_its_real_type():
    """A PNG uploaded as page.html is stored as .png, whatever path saves it."""
    page = PageFactory(number=1)
    page.image.save("page.html", ContentFile(image_bytes("PNG")), save=True)
    assert page.image.name.endswith("/01.png")
    page.pdf.save("page.html", ContentFile(pdf_bytes()), save=True)
    assert page.pdf.name.endswith("/01.pdf")


@pytest.mark.django_db
def test_an_article_image_keeps_its_stem_but_gets_the_sniffed_extension():
    """An article picture named evil.svg.html that is a JPEG is stored as evil.jpg."""
    image = ArticleImage.objects.create(
        article=ArticleFactory(), image=SimpleUploadedFile("evil.svg.html", image_bytes("JPEG"))
    )
    assert image.image.name.rsplit("/", 1)[1] == "evil.jpg"


@pytest.mark.django_db
def test_markup_is_never_stored_whatever_saves_it():
    """Code that skips the forms still cannot store markup: the field refuses it."""
    page = PageFactory(number=1)
    storage = page.image.storage
    before = set(storage.listdir("pages")[0]) if storage.exists("pages") else set()
    with pytest.raises(ValidationError):
        page.image.save("x.png", ContentFile(b"<html><script>alert(1)</script>"), save=False)
    after = set(storage.listdir("pages")[0]) if storage.exists("pages") else set()
    assert after == before


# The admin: nothing left on disk after a refusal.


@pytest.mark.django_db
def test_a_refused_page_upload_leaves_nothing_on_disk(client, django_user_model, settings):
    """A page PDF refused for its size (1 × 14400 pt) is a message and no file."""
    user = django_user_model.objects.create_superuser("ed", "e@example.com", "pw")
    client.force_login(user)
    page = PageFactory(number=4)
    url = reverse("admin:editions_page_change", args=[page.pk])
    data = pdf_bytes(width=1, height=14400)
    before = sum(len(files) for _, _, files in os.walk(settings.MEDIA_ROOT))
    response = client.post(
        url,
        {
            "edition": page.edition_id,
            "number": page.number,
            "name": page.name,
            "editor": "",
            "pdf": SimpleUploadedFile("tall.pdf", data),
        },
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    after = sum(len(files) for _, _, files in os.walk(settings.MEDIA_ROOT))
    assert after == before
    page.refresh_from_db()
    assert not page.pdf


# Limits read when the check runs.


def test_upload_limits_follow_override_settings():
    """override_settings changes the limits of the very next check."""
    data = pdf_bytes()
    validate_page_pdf(SimpleUploadedFile("p.pdf", data))
    with override_settings(NEWSPAPER_PAGE_PDF_MAX_BYTES=100):
        assert refused_code(validate_page_pdf, data) == "too_large"
    with override_settings(NEWSPAPER_PAGE_IMAGE_MAX_PIXELS=1000):
        assert refused_code(validate_page_image, image_bytes("PNG", (100, 100))) == (
            "too_many_pixels"
        )
    with override_settings(NEWSPAPER_PDF_PAGE_MAX_POINTS=500):
        assert refused_code(validate_page_pdf, data) == "pdf_page_size"


# Media headers.


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_media")
def test_media_are_served_unsniffable_and_pdfs_as_downloads(client):
    """The media view sends nosniff on every file and a download disposition for PDFs."""
    page = PageFactory(number=1)
    page.pdf.save("p.pdf", ContentFile(pdf_bytes()), save=True)
    page.image.save("p.png", ContentFile(image_bytes("PNG")), save=True)
    pdf = client.get(page.pdf.url)
    assert pdf.status_code == 200
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert pdf["Content-Disposition"].startswith("attachment")
    image = client.get(page.image.url)
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image["Content-Security-Policy"]
    assert not image.get("Content-Disposition", "").startswith("attachment")
