"""The print structure: a publication's editions (期) and their pages (版)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import page_images, regions
from .calendar import MastheadDate, chinese_numeral, gregorian_date, masthead_date
from .fields import SaneDateField, SaneDateTimeField
from .links import cached_reverse
from .page_images import READING_WIDTH, THUMBNAIL_WIDTH
from .uploads import PdfFileField, RasterImageField
from .validators import SANE_DATE, SANE_DATETIME, validate_page_image


class PublishStatus(models.TextChoices):
    """The states the edition bundle format knows."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublicationQuerySet(models.QuerySet):
    def default(self) -> "Publication | None":
        """The publication the public site serves (settings.NEWSPAPER_PUBLICATION)."""
        return self.filter(slug=settings.NEWSPAPER_PUBLICATION).first()


class Publication(models.Model):
    """A newspaper title (报纸), with the fixed lines of its masthead."""

    slug = models.SlugField(
        _("slug"), max_length=50, unique=True, help_text=_("Short Latin name used in bundles.")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example 辽源日报."))
    name_latin = models.CharField(
        _("Latin name"), max_length=100, blank=True, help_text=_("For example LIAO YUAN RI BAO.")
    )
    cn_serial = models.CharField(
        _("CN serial number"),
        max_length=30,
        blank=True,
        help_text=_("国内统一刊号, for example CN22-0010."),
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Printed on the masthead."))
    hotline = models.CharField(
        _("news hotline"), max_length=50, blank=True, help_text=_("新闻热线 on the masthead.")
    )
    website = models.URLField(_("website"), blank=True, help_text=_("Printed on the masthead."))
    sponsor = models.CharField(
        _("sponsor line"),
        max_length=100,
        blank=True,
        help_text=_("For example 中共辽源市委主管主办."),
    )
    publisher = models.CharField(
        _("publisher line"), max_length=100, blank=True, help_text=_("For example 辽源日报社出版.")
    )
    changed_at = models.DateTimeField(
        _("last changed"),
        default=timezone.now,
        editable=False,
        help_text=_(
            "When readers last saw anything of it change; moved by every publish, edit, "
            "correction, withdrawal, rename and page change (see newspaper/caching.py)."
        ),
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("home")


def edition_public_q(at: datetime.datetime, prefix: str = "") -> Q:
    """Q for editions readers may see at ``at``; ``prefix`` reaches them through a relation."""
    return Q(**{f"{prefix}status": PublishStatus.PUBLISHED, f"{prefix}publish_at__lte": at})


def edition_scheduled_q(at: datetime.datetime, prefix: str = "") -> Q:
    """Q for editions signed off whose publish time is still to come at ``at``."""
    return Q(**{f"{prefix}status": PublishStatus.PUBLISHED, f"{prefix}publish_at__gt": at})


def edition_on_site_q(prefix: str = "") -> Q:
    """Q for editions of the publication the public site serves.

    The publication is found by its slug in a scalar subquery, which a database evaluates
    once, so that the newest editions are read from the (publication, date) index and the
    walk stops at the page: joined to the publications instead, PostgreSQL read all 27,000
    editions of a 1,000,000-article archive to find the latest (7.8 ms → 0.2 ms)."""
    site = Publication.objects.filter(slug=settings.NEWSPAPER_PUBLICATION).values("pk")[:1]
    return Q(**{f"{prefix}publication": Subquery(site)})


class EditionQuerySet(models.QuerySet):
    """What readers and editors may see of editions: the one place these rules are written."""

    def on_site(self) -> "EditionQuerySet":
        """Editions of the publication the public site serves."""
        return self.filter(edition_on_site_q())

    def public(self, at: datetime.datetime | None = None) -> "EditionQuerySet":
        """Editions a reader may see: published, with their publish time come."""
        return self.filter(edition_public_q(at or timezone.now()))

    def not_public(self, at: datetime.datetime | None = None) -> "EditionQuerySet":
        return self.exclude(edition_public_q(at or timezone.now()))

    def scheduled(self, at: datetime.datetime | None = None) -> "EditionQuerySet":
        """Editions signed off to go live later: the admin's 定时发布 list."""
        return self.filter(edition_scheduled_q(at or timezone.now()))

    def last_went_live(self, at: datetime.datetime) -> "EditionQuerySet":
        """The latest publish time at or before ``at`` of a published edition, as a one-row
        ``values`` queryset (a subquery). Uses ``edition_status_publish_idx``."""
        return self.filter(edition_public_q(at)).order_by("-publish_at").values("publish_at")[:1]

    def next_goes_live(self, at: datetime.datetime) -> "EditionQuerySet":
        """The earliest publish time after ``at`` of an edition signed off (a subquery)."""
        return self.scheduled(at).order_by("publish_at").values("publish_at")[:1]

    def previewable(self) -> "EditionQuerySet":
        """Editions staff may preview as readers will see them: any of the site's, any state."""
        return self.on_site()

    def not_signed_off(self) -> "EditionQuerySet":
        """Editions still being made: not signed off (签发) yet, whatever their time."""
        return self.exclude(status=PublishStatus.PUBLISHED)

    def with_masthead_data(self) -> "EditionQuerySet":
        """The publication joined, for the masthead, titles and structured data."""
        return self.select_related("publication")


class Edition(models.Model):
    """One day's paper (期) of a publication."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("publication"),
        help_text=_("The newspaper this edition belongs to."),
    )
    date = SaneDateField(
        _("date"), validators=SANE_DATE, help_text=_("The date printed on the masthead.")
    )
    number = models.PositiveIntegerField(
        _("issue number"), help_text=_("The cumulative issue number, 总第N期.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PublishStatus.choices,
        default=PublishStatus.DRAFT,
        help_text=_("Only published editions reach readers, and only from their publish time."),
    )
    publish_at = SaneDateTimeField(
        _("publish time"),
        default=timezone.now,
        validators=SANE_DATETIME,
        help_text=_("A time in the future schedules the edition and all its articles."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        get_latest_by = "date"
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "date"], name="edition_unique_publication_date"
            ),
            models.UniqueConstraint(
                fields=["publication", "number"], name="edition_unique_publication_number"
            ),
        ]
        indexes = [
            models.Index(fields=["publication", "-date"], name="edition_pub_date_idx"),
            models.Index(fields=["status", "publish_at"], name="edition_status_publish_idx"),
        ]

    def __str__(self):
        return f"{self.publication} {self.date:%Y-%m-%d} 总第{self.number}期"

    def get_absolute_url(self):
        return cached_reverse("editions:detail", date=self.date)

    @cached_property
    def masthead(self) -> MastheadDate:
        """The whole masthead date (lunar date and solar term: milliseconds per new date)."""
        return masthead_date(self.date)

    @property
    def gregorian(self) -> str:
        """2024年4月1日, for lists, titles and feeds: no lunar maths."""
        return gregorian_date(self.date)


def page_label(number: int) -> str:
    """第01版, the way a page is labelled on the site."""
    return f"第{number:02d}版"


def page_jump_label(number: int) -> str:
    """第二版, the way a jump line names the page."""
    return f"第{chinese_numeral(number)}版"


def page_upload_to(instance: "Page", filename: str) -> str:
    edition = instance.edition
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return (
        f"pages/{edition.publication.slug}/{edition.date:%Y/%m/%d}/"
        f"{instance.number:02d}.{extension}"
    )


def page_rendition_upload_to(instance: "Page", filename: str) -> str:
    """Images made from the page image keep the name they are given: ``01-thumbnail.jpg``."""
    edition = instance.edition
    name = filename.rsplit("/", 1)[-1]
    return f"pages/{edition.publication.slug}/{edition.date:%Y/%m/%d}/{name}"


class PageQuerySet(models.QuerySet):
    """Pages are seen exactly when their edition is: these follow ``EditionQuerySet``."""

    def on_site(self) -> "PageQuerySet":
        return self.filter(edition_on_site_q(prefix="edition__"))

    def public(self, at: datetime.datetime | None = None) -> "PageQuerySet":
        return self.filter(edition_public_q(at or timezone.now(), prefix="edition__"))

    def not_public(self, at: datetime.datetime | None = None) -> "PageQuerySet":
        return self.exclude(edition_public_q(at or timezone.now(), prefix="edition__"))

    def scheduled(self, at: datetime.datetime | None = None) -> "PageQuerySet":
        return self.filter(edition_scheduled_q(at or timezone.now(), prefix="edition__"))

    def previewable(self) -> "PageQuerySet":
        return self.on_site()


class Page(models.Model):
    """One page (版) of an edition.

    Its e-paper files: the page PDF (for download), the page image (uploaded, or rendered
    from the PDF), and the sizes readers get of the page image: django-imagekit renditions
    (``editions.page_images``), the reading size and thumbnail made by
    ``editions.services.page_images_update``, the others on first request.
    """

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="pages",
        verbose_name=_("edition"),
        help_text=_("The edition this page is part of."),
    )
    number = models.PositiveSmallIntegerField(
        _("page number"), help_text=_("1 for the front page; shown as 第01版.")
    )
    name = models.CharField(
        _("page name"), max_length=50, help_text=_("For example 要闻, 综合, 经济.")
    )
    editor = models.CharField(
        _("page editor"), max_length=50, blank=True, help_text=_("责任编辑, printed on the page.")
    )
    image = RasterImageField(
        _("page image"),
        upload_to=page_upload_to,
        check=validate_page_image,
        blank=True,
        help_text=_(
            "The printed page as an image (JPEG, PNG or WebP). Made from the page PDF when one "
            "is uploaded; upload an image only for a page without a PDF."
        ),
    )
    pdf = PdfFileField(
        _("page PDF"),
        upload_to=page_upload_to,
        blank=True,
        help_text=_(
            "The printed page as a one-page PDF, for download; the page image is rendered from it."
        ),
    )
    image_width = models.PositiveIntegerField(
        _("image width"), null=True, blank=True, editable=False, help_text=_("In pixels.")
    )
    image_height = models.PositiveIntegerField(
        _("image height"), null=True, blank=True, editable=False, help_text=_("In pixels.")
    )
    updated_at = models.DateTimeField(
        _("updated"), auto_now=True, help_text=_("When the page or its files last changed.")
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="page_unique_edition_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="page_number_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("editions:page", date=self.edition.date, number=self.number)

    @property
    def title(self) -> str:
        """第01版:要闻, the way the site names a page."""
        return f"{self.label}:{self.name}"

    @property
    def label(self) -> str:
        return page_label(self.number)

    @property
    def jump_label(self) -> str:
        return page_jump_label(self.number)

    @property
    def has_map(self) -> bool:
        """Whether the page can be shown as printed: it has a page image of known size."""
        return bool(self.image and self.image_width and self.image_height)

    @property
    def reading_image(self):
        """The page image at reading size (1600 px, JPEG), or None without a page image."""
        return self.rendition(READING_WIDTH, "jpg")

    @property
    def thumbnail(self):
        """The page image as a thumbnail (240 px, JPEG), or None without a page image."""
        return self.rendition(THUMBNAIL_WIDTH, "jpg")

    def rendition(self, width: int, extension: str = "jpg"):
        """The page image at most ``width`` wide as ``extension`` (an imagekit cache file)."""
        if not self.image:
            return None
        return page_images.rendition(self.image, width, extension)

    @property
    def map_image(self):
        """The image the page map shows: the reading-size one, else the page image itself."""
        return self.reading_image or self.image

    @property
    def pdf_filename(self) -> str:
        """The name a downloaded page PDF is saved as: lyrb-2024-04-01-01.pdf."""
        edition = self.edition
        return f"{edition.publication.slug}-{edition.date:%Y-%m-%d}-{self.number:02d}.pdf"


class PageMarkKind(models.TextChoices):
    ADVERT = "advert", _("Advert")
    IMAGE = "image", _("Image only")


class PageMarkQuerySet(models.QuerySet):
    def regions_by_page(self) -> dict[int, list[tuple[float, float, float, float]]]:
        """Each page number's marked regions, for the ingest to leave out."""
        out: dict[int, list] = {}
        for number, *region in self.values_list("page__number", "x", "y", "width", "height"):
            out.setdefault(number, []).append(tuple(region))
        return out


class PageMark(models.Model):
    """A region of a page that is not a story: an advert, or a photo with no article.

    The review screen of an ingest writes it when an editor marks a region read as a story;
    reading the page again does not make that story again. The region is given like a
    placement's, as fractions of the page image: x, y, width, height in [0, 1].
    """

    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        related_name="marks",
        verbose_name=_("page"),
        help_text=_("The page the region is on."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=PageMarkKind.choices,
        default=PageMarkKind.ADVERT,
        help_text=_("An advert, or a photo without a story."),
    )
    x = models.FloatField(_("x"), help_text=_("Left edge, 0 to 1."))
    y = models.FloatField(_("y"), help_text=_("Top edge, 0 to 1."))
    width = models.FloatField(_("width"), help_text=_("0 to 1."))
    height = models.FloatField(_("height"), help_text=_("0 to 1."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
        help_text=_("The editor who marked the region."),
    )
    created_at = models.DateTimeField(
        _("marked at"), default=timezone.now, help_text=_("When the region was marked.")
    )

    objects = PageMarkQuerySet.as_manager()

    class Meta:
        ordering = ["page", "y", "x"]
        verbose_name = _("page mark")
        verbose_name_plural = _("page marks")
        constraints = [
            models.CheckConstraint(
                condition=regions.WITHIN_PAGE,
                name="pagemark_region_within_page",
            ),
        ]

    def __str__(self):
        return f"{self.page} {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.page.get_absolute_url()

    def clean(self):
        region = [self.x, self.y, self.width, self.height]
        if any(v is None or not 0 <= v <= 1 for v in region):
            raise ValidationError(regions.OUT_OF_PAGE)
        if self.width <= 0 or self.height <= 0:
            raise ValidationError(_("A region has a width and a height."))

    @property
    def region(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.width, self.height)
