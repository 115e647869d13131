"""Writing an edition back out as a bundle: ``edition.json`` and the files it names."""

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.utils import timezone

from editions.models import Edition

from ..models import (
    Article,
)
from .errors import BundleError
from .schema import FORMAT


def _extension(name: str, default: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix else default


def edition_bundle_document(*, edition: Edition) -> tuple[dict, dict[str, object]]:
    """The ``edition.json`` of ``edition`` and the files it names (bundle name -> FieldFile)."""
    publication = edition.publication
    files: dict[str, object] = {}
    local = timezone.get_current_timezone()
    pages_out = []
    pages = list(edition.pages.order_by("number"))
    for page in pages:
        entry = {"number": page.number, "name": page.name, "editor": page.editor}
        if page.image:
            name = f"pages/{page.number:02d}{_extension(page.image.name, '.jpg')}"
            files[name] = page.image
            entry["image"] = name
        if page.pdf:
            name = f"pages/{page.number:02d}.pdf"
            files[name] = page.pdf
            entry["pdf"] = name
        pages_out.append(entry)

    articles = list(
        Article.objects.filter(edition=edition)
        .select_related("section")
        .prefetch_related("placements__page", "credits__author", "images")
    )

    def print_order(article: Article):
        placements = sorted(article.placements.all(), key=lambda p: (p.page.number, p.position))
        first = placements[0] if placements else None
        return (first.page.number, first.position, article.pk) if first else (999, 0, article.pk)

    articles_out = []
    for index, article in enumerate(sorted(articles, key=print_order), start=1):
        key = f"a{index}"
        entry = {
            "key": key,
            "section": article.section.name if article.section_id else "",
            "genre": article.genre,
            "kicker": article.kicker,
            "title": article.title,
            "subtitle": article.subtitle,
            "highlights": article.highlight_list,
            "authors": [
                {"name": c.author.name, "role": c.role}
                for c in sorted(article.credits.all(), key=lambda c: c.position)
            ],
            "byline": article.byline,
            "dateline": article.dateline,
            "source": article.source,
            "body_html": article.body,
            # The bundle knows three states; any other workflow state leaves as a draft.
            "status": article.status if article.status in {"published", "withdrawn"} else "draft",
        }
        if article.publish_at:
            entry["publish_at"] = article.publish_at.astimezone(local).isoformat()
        entry["placements"] = []
        for placement in sorted(article.placements.all(), key=lambda p: p.page.number):
            placed = {"page": placement.page.number, "order": placement.position}
            if placement.region:
                placed["region"] = list(placement.region)
            entry["placements"].append(placed)
        entry["images"] = []
        for n, image in enumerate(sorted(article.images.all(), key=lambda i: i.position), 1):
            name = f"images/{key}-{n}{_extension(image.image.name, '.jpg')}"
            files[name] = image.image
            entry["images"].append({"file": name, "caption": image.caption, "credit": image.credit})
        articles_out.append(entry)

    document = {
        "format": FORMAT,
        "publication": {
            "slug": publication.slug,
            "name": publication.name,
            "name_latin": publication.name_latin,
            "cn_serial": publication.cn_serial,
            "email": publication.email,
            "hotline": publication.hotline,
            "website": publication.website,
            "sponsor": publication.sponsor,
            "publisher": publication.publisher,
        },
        "edition": {
            "date": edition.date.isoformat(),
            "number": edition.number,
            "status": edition.status if edition.status in {"published", "withdrawn"} else "draft",
            "publish_at": edition.publish_at.astimezone(local).isoformat(),
        },
        "pages": pages_out,
        "articles": articles_out,
    }
    return document, files


def edition_export(*, edition: Edition, path: str | Path) -> Path:
    """Write ``edition`` as a bundle: a ``.zip`` when ``path`` ends so, else a folder."""
    path = Path(path)
    document, files = edition_bundle_document(edition=edition)
    payload = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if path.suffix.lower() == ".zip":
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".zip", delete=False) as tmp:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("edition.json", payload)
                for name, field_file in files.items():
                    with field_file.open("rb") as handle:
                        archive.writestr(name, handle.read())
        Path(tmp.name).replace(path)
        return path
    if path.exists() and any(path.iterdir()):
        raise BundleError([f"{path}: the folder is not empty"])
    path.mkdir(parents=True, exist_ok=True)
    try:
        (path / "edition.json").write_text(payload, encoding="utf-8")
        for name, field_file in files.items():
            target = path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with field_file.open("rb") as handle, target.open("wb") as out:
                shutil.copyfileobj(handle, out)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return path
