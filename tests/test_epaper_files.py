"""Page files: uploads checked for what they are, PDFs rendered to page images, sizes made."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from editions import validators
from editions.models import Page
from editions.page_images import JpegDraft, PageRendition
from editions.rendering import READING_WIDTH, THUMBNAIL_WIDTH
from editions.services import page_images_update
from editions.validators import validate_page_image, validate_page_pdf

from .factories import EditionFactory, PageFactory, image_bytes, pdf_bytes

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
JAVASCRIPT = "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> "


def refused_code(validator, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        validator(SimpleUploadedFile("upload", data))
    return caught.value.code


def test_a_one_page_pdf_is_accepted():
    validate_page_pdf(SimpleUploadedFile("page.pdf", pdf_bytes()))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (SVG, "active_content"),
        (HTML, "active_content"),
        (b"just some text", "not_pdf"),
        (image_bytes("PNG"), "not_pdf"),
        (b"%PDF-1.7\nnothing else of a PDF", "unreadable_pdf"),
        (pdf_bytes(pages=2), "pdf_pages"),
        (pdf_bytes(catalog=JAVASCRIPT), "pdf_active"),
        (pdf_bytes(catalog="/OpenAction << /S /Launch /F (calc.exe) >> "), "pdf_active"),
        (pdf_bytes(catalog="/Names << /EmbeddedFiles 9 0 R >> "), "pdf_active"),
        (b"", "empty"),
    ],
)
def test_what_is_not_a_plain_one_page_pdf_is_refused(data, code):
    assert refused_code(validate_page_pdf, data) == code


def test_a_pdf_name_hidden_with_hex_escapes_is_still_found():
    assert refused_code(validate_page_pdf, pdf_bytes(catalog=JAVASCRIPT.replace("JS", "J#53"))) == (
        "pdf_active"
    )


def test_a_pdf_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(validators, "PAGE_PDF_MAX_BYTES", 100)
    assert refused_code(validate_page_pdf, pdf_bytes()) == "too_large"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_raster_page_images_are_accepted(fmt):
    validate_page_image(SimpleUploadedFile("page", image_bytes(fmt)))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (SVG, "active_content"),
        (b"  <svg><script>alert(1)</script></svg>", "active_content"),
        (HTML, "active_content"),
        (pdf_bytes(), "pdf_as_image"),
        (image_bytes("GIF"), "not_image"),
        (image_bytes("JPEG")[:200], "not_image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "not_image"),
    ],
)
def test_what_is_not_a_raster_image_is_refused(data, code):
    assert refused_code(validate_page_image, data) == code


def test_an_image_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(validators, "PAGE_IMAGE_MAX_PIXELS", 1000)
    assert refused_code(validate_page_image, image_bytes("PNG", (100, 100))) == "too_many_pixels"


def test_refusals_speak_chinese():
    with pytest.raises(ValidationError) as caught:
        validate_page_pdf(SimpleUploadedFile("x.svg", SVG))
    assert "SVG、HTML" in caught.value.messages[0]


# The admin: what an editor does.


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(user)
    return client


def page_form_data(page: Page, **files) -> dict:
    data = {
        "edition": page.edition_id,
        "number": page.number,
        "name": page.name,
        "editor": page.editor,
        "hotspots": "",
    }
    data.update(files)
    return data


def opened(field_file) -> Image.Image:
    with field_file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


@pytest.mark.django_db
def test_uploading_a_page_pdf_renders_the_page_image_its_reading_size_and_thumbnail(
    editor_client,
):
    page = PageFactory(number=1)
    url = reverse("admin:editions_page_change", args=[page.pk])
    upload = SimpleUploadedFile("p1.pdf", pdf_bytes(), content_type="application/pdf")
    response = editor_client.post(url, page_form_data(page, pdf=upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.pdf.name.endswith(".pdf")
    full, reading, thumbnail = (
        opened(page.image),
        opened(page.reading_image),
        opened(page.thumbnail),
    )
    assert (page.image_width, page.image_height) == full.size
    assert full.width > READING_WIDTH
    assert reading.width == READING_WIDTH
    assert thumbnail.width == THUMBNAIL_WIDTH
    # The PDF's black box, in its top left quarter, is where it was drawn.
    assert reading.getpixel((reading.width // 4, reading.height * 3 // 10))[0] < 30
    assert reading.getpixel((reading.width * 3 // 4, reading.height * 3 // 4))[0] > 220


@pytest.mark.django_db
def test_an_image_can_be_uploaded_directly(editor_client):
    page = PageFactory(number=2)
    url = reverse("admin:editions_page_change", args=[page.pk])
    upload = SimpleUploadedFile("p2.png", image_bytes("PNG", (800, 1130)), "image/png")
    response = editor_client.post(url, page_form_data(page, image=upload))
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.image_width, page.image_height) == (800, 1130)
    assert opened(page.reading_image).width == 800  # never enlarged
    assert opened(page.thumbnail).size == (THUMBNAIL_WIDTH, 339)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "name", "data", "message"),
    [
        ("image", "evil.svg", SVG, "SVG、HTML"),
        ("pdf", "evil.pdf", SVG, "SVG、HTML"),
        ("image", "page.html", HTML, "SVG、HTML"),
        ("pdf", "page.pdf", b"not a pdf at all", "不是PDF"),
        ("pdf", "pages.pdf", pdf_bytes(pages=3), "这份PDF有3页"),
        ("pdf", "script.pdf", pdf_bytes(catalog=JAVASCRIPT), "JavaScript"),
    ],
)
def test_a_refused_upload_is_a_clear_message_not_an_error(
    editor_client, field, name, data, message
):
    page = PageFactory(number=3)
    url = reverse("admin:editions_page_change", args=[page.pk])
    response = editor_client.post(
        url, page_form_data(page, **{field: SimpleUploadedFile(name, data)})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "errornote" in html
    assert message in html
    page.refresh_from_db()
    assert not page.image and not page.pdf


@pytest.mark.django_db
def test_a_pdf_uploaded_in_the_editions_page_rows_gets_its_images_too(editor_client):
    page = PageFactory(number=1, edition=EditionFactory())
    edition = page.edition
    url = reverse("admin:editions_edition_change", args=[edition.pk])
    data = {
        "publication": edition.publication_id,
        "date": edition.date.isoformat(),
        "number": edition.number,
        "status": edition.status,
        "publish_at_0": edition.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": edition.publish_at.strftime("%H:%M:%S"),
        "pages-TOTAL_FORMS": 1,
        "pages-INITIAL_FORMS": 1,
        "pages-0-id": page.pk,
        "pages-0-edition": edition.pk,
        "pages-0-number": 1,
        "pages-0-name": page.name,
        "pages-0-editor": "",
        "pages-0-pdf": SimpleUploadedFile("p.pdf", pdf_bytes()),
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.image and page.reading_image and page.thumbnail


@pytest.mark.django_db
def test_removing_the_image_removes_what_was_made_from_it():
    page = PageFactory(number=1)
    page.image.save("p.png", io.BytesIO(image_bytes()), save=True)
    page_images_update(page=page, image_changed=True)
    assert page.thumbnail and page.image_width == 300
    page.image = ""
    page.save()
    page_images_update(page=page, image_changed=True)
    page.refresh_from_db()
    assert not page.thumbnail and not page.reading_image and page.image_width is None


@pytest.mark.django_db
def test_a_new_pdf_replaces_the_image_made_from_the_old_one(django_capture_on_commit_callbacks):
    page = PageFactory(number=1)
    page.pdf.save("p.pdf", io.BytesIO(pdf_bytes()), save=True)
    page_images_update(page=page, pdf_changed=True)
    old = [page.image.name, page.reading_image.name, page.thumbnail.name]
    storage = page.image.storage
    page.pdf.save("p.pdf", io.BytesIO(pdf_bytes(width=600, height=900)), save=True)
    with django_capture_on_commit_callbacks(execute=True):
        page_images_update(page=page, pdf_changed=True)
    assert page.image_height * 600 == page.image_width * 900
    assert not any(storage.exists(name) for name in old)


@pytest.mark.django_db
def test_render_pages_remakes_missing_images_from_the_pdf():
    from django.core.management import call_command

    page = PageFactory(number=1)
    page.pdf.save("p.pdf", io.BytesIO(pdf_bytes()), save=True)
    call_command("render_pages", page.edition.date.isoformat(), verbosity=0)
    page.refresh_from_db()
    assert page.image and page.reading_image and page.thumbnail
    assert page.image_width == 2400


@pytest.mark.django_db
def test_a_pdf_that_fails_to_render_is_a_message_not_an_error(editor_client, monkeypatch):
    import pypdfium2

    from editions import rendering

    def broken(*args, **kwargs):
        raise pypdfium2.PdfiumError("cannot render")

    monkeypatch.setattr(rendering, "render_pdf_page", broken)
    page = PageFactory(number=1)
    url = reverse("admin:editions_page_change", args=[page.pk])
    upload = SimpleUploadedFile("p1.pdf", pdf_bytes(), content_type="application/pdf")
    response = editor_client.post(url, page_form_data(page, pdf=upload), follow=True)
    assert response.status_code == 200
    assert "无法从上传的文件生成版面图" in response.content.decode()
    page.refresh_from_db()
    assert page.pdf and not page.image


def test_a_thumbnail_is_decoded_at_a_fraction_of_the_page_and_resized_to_its_width():
    """The JPEG decoder scales a 2,400-pixel page by 1/8 for a 240-pixel thumbnail (not
    below the width asked for), and the rendition still comes out exactly that wide."""
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 3400), "white").save(buffer, "JPEG")
    decoded = JpegDraft(240).process(Image.open(io.BytesIO(buffer.getvalue())))
    decoded.load()
    assert decoded.size == (300, 425)
    assert JpegDraft(1600).process(Image.open(io.BytesIO(buffer.getvalue()))).size == (2400, 3400)
    spec = PageRendition(source=None, width=240, format="JPEG")
    made = Image.open(io.BytesIO(buffer.getvalue()))
    for processor in spec.processors:
        made = processor.process(made)
    assert made.width == 240
