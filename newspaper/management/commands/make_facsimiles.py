"""python manage.py make_facsimiles [BUNDLE]: typeset a bundle's pages as printed pages.

Writes ``pages/NN.pdf`` and ``pages/NN.jpg`` into the bundle folder and names them, with
each story's region on each page, in its ``edition.json``; every other key and every word
is left as it is. Needs Chromium (Debian's ``chromium``) and the Noto CJK fonts
(``fonts-noto-cjk``). Without BUNDLE it remakes the demo edition's pages.
"""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editions.rendering import render_pdf_page
from newspaper.demo import DEMO_BUNDLE, facsimile


class Command(BaseCommand):
    help = "Typeset an edition bundle's pages to PDF and JPEG and record their regions."

    def add_arguments(self, parser):
        parser.add_argument("bundle", nargs="?", default=str(DEMO_BUNDLE), help="A bundle folder.")
        parser.add_argument("--chromium", help="The Chromium to use (default: chromium on PATH).")
        parser.add_argument(
            "--width", type=int, default=1600, help="Width of the page images in pixels."
        )
        parser.add_argument("--quality", type=int, default=75, help="JPEG quality of the images.")

    def handle(self, *args, bundle, chromium, width, quality, **options):
        bundle = Path(bundle)
        if not (bundle / "edition.json").is_file():
            raise CommandError(f"{bundle}: not a bundle folder (no edition.json)")
        try:
            chromium = facsimile.find_chromium(chromium)
            document = facsimile.load_document(bundle)
            (bundle / "pages").mkdir(exist_ok=True)
            regions: dict[tuple[str, int], list[float]] = {}
            for page in document["pages"]:
                number = page["number"]
                with tempfile.TemporaryDirectory(prefix="facsimile-") as workdir:
                    source = facsimile.page_html(document, number, fit=True)
                    typeset = facsimile.typeset(source, Path(workdir), chromium)
                    if not typeset.fitted:
                        raise CommandError(f"page {number}: the copy does not fit the page")
                    pdf = facsimile.print_pdf(typeset.html, Path(workdir), chromium)
                rendered = render_pdf_page(pdf, width=width, quality=quality)
                (bundle / "pages" / f"{number:02d}.pdf").write_bytes(pdf)
                (bundle / "pages" / f"{number:02d}.jpg").write_bytes(rendered.data)
                page["image"] = f"pages/{number:02d}.jpg"
                page["pdf"] = f"pages/{number:02d}.pdf"
                for key, region in typeset.regions.items():
                    regions[(key, number)] = region
                self.stdout.write(
                    f"page {number}: {len(typeset.regions)} regions, PDF {len(pdf) // 1024} KB, "
                    f"image {rendered.width}×{rendered.height} {len(rendered.data) // 1024} KB"
                )
            for article in document["articles"]:
                for placement in article.get("placements", []):
                    region = regions.get((article["key"], placement["page"]))
                    if region:
                        placement["region"] = region
            facsimile.save_document(bundle, document)
        except facsimile.FacsimileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Wrote the pages of {bundle}."))
