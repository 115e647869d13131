"""The content: sections, authors, articles, their images and where they sit in print."""

import datetime
import itertools

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from editions import regions
from editions.fields import SaneDateField, SaneDateTimeField
from editions.links import cached_reverse
from editions.models import Edition, Page, edition_on_site_q, edition_public_q
from editions.uploads import RASTER, RasterImageField
from editions.validators import SANE_DATE, SANE_DATETIME

from .fields import SanitizedRichTextField
from .sanitize import character_count, html_to_text


def aware(value: datetime.datetime) -> datetime.datetime:
    """A time read from the database as text (SQLite keeps UTC without an offset): aware."""
    return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


def latin_slug(text: str, max_length: int = 50) -> str:
    """A readable Latin slug for a Chinese name: 要闻 -> yaowen, 徐楠 -> xunan, T800 -> t800."""
    # pypinyin's dictionaries weigh ~55 MiB: loaded when a slug is first made (in the
    # newsroom), never in a worker that only serves readers.
    from pypinyin import lazy_pinyin

    words = lazy_pinyin(text, errors="default")
    return slugify("".join(words))[:max_length].strip("-") or "x"


def unique_slug(model: type[models.Model], text: str, *, exclude_pk=None) -> str:
    """``latin_slug(text)``, with -2, -3 … appended while another row has it."""
    base = latin_slug(text, max_length=45)
    others = model._default_manager.exclude(pk=exclude_pk)
    for candidate in itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2))):
        if not others.filter(slug=candidate).exists():
            return candidate
    raise AssertionError("unreachable")


class ArticleStatus(models.TextChoices):
    """The newsroom workflow. Readers only ever see ``published`` (with its time come)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Signed off")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Genre(models.TextChoices):
    NEWS = "消息", _("News report")
    FEATURE = "通讯", _("Feature")
    COMMENTARY = "评论", _("Commentary")
    PHOTO = "图片", _("Photo")
    INTERVIEW = "专访", _("Interview")
    OTHER = "其他", _("Other")


class Section(models.Model):
    """A website category (栏目), for navigation and feeds."""

    name = models.CharField(_("name"), max_length=50, unique=True, help_text=_("For example 要闻."))
    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        blank=True,
        help_text=_("Used in the address; made from the name's pinyin when left blank."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in this order.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown at the top of the section's page.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Section, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:section", slug=self.slug)


class AuthorQuerySet(models.QuerySet):
    def public(self, at: datetime.datetime | None = None) -> "AuthorQuerySet":
        """Authors credited on an article a reader may see: only they have a public page
        and feed (an author credited only on drafts is nobody's business yet). Asked per
        author (EXISTS), so looking one up reads that author's credits, not every public
        article's."""
        credited = Article.objects.on_site().public(at).filter(authors=OuterRef("pk"))
        return self.filter(Exists(credited))


class Author(models.Model):
    """A person who writes for the paper, or an institutional byline (本报评论员)."""

    name = models.CharField(
        _("name"),
        max_length=50,
        unique=True,
        help_text=_("As printed in bylines; add a note in brackets to tell namesakes apart."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        blank=True,
        help_text=_("Used in the address; made from the name's pinyin when left blank."),
    )
    role = models.CharField(
        _("usual role"),
        max_length=30,
        blank=True,
        help_text=_("记者, 通讯员, 评论员, 特约撰稿人 …; an article may give another."),
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:author", slug=self.slug)


# The article's copy: what an editor writes, a revision restores, the search index reads
# (genre aside) and a bundle carries. Workflow state, times and filing are not copy.
COPY_FIELDS = (
    "kicker",
    "title",
    "subtitle",
    "highlights",
    "byline",
    "dateline",
    "source",
    "genre",
    "body",
)


def article_public_q(at: datetime.datetime, prefix: str = "") -> Q:
    """Q for articles a reader may see at ``at``: the one definition every surface uses.

    Published, its own publish time come (or, without one, its edition's), and its edition,
    if it has one, public too. A future time is a schedule: no job has to flip anything.
    """
    p = prefix
    return (
        Q(**{f"{p}status": ArticleStatus.PUBLISHED})
        & (
            Q(**{f"{p}publish_at__lte": at})
            | Q(**{f"{p}publish_at__isnull": True, f"{p}edition__isnull": False})
        )
        & (Q(**{f"{p}edition__isnull": True}) | edition_public_q(at, prefix=f"{p}edition__"))
    )


def article_signed_off_q(prefix: str = "") -> Q:
    """Q for articles signed off (签发): live, or scheduled to be."""
    return Q(**{f"{prefix}status": ArticleStatus.PUBLISHED})


def article_previewable_q(prefix: str = "") -> Q:
    """Q for what readers will see once signed off: approved and published articles."""
    return Q(**{f"{prefix}status__in": [ArticleStatus.APPROVED, ArticleStatus.PUBLISHED]})


def article_on_site_q(prefix: str = "") -> Q:
    """Q for web-only articles and those of the publication the public site serves."""
    return Q(**{f"{prefix}edition__isnull": True}) | edition_on_site_q(prefix=f"{prefix}edition__")


class JSONRows(models.Aggregate):
    """The rows of a group as one JSON array (SQLite ``json_group_array``, PostgreSQL
    ``jsonb_agg``): a short list read in the same query as the row it belongs to."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def placements_prefetch(through: str = "") -> Prefetch:
    """An article's placements in print order, with their pages and editions (for 第01版 and
    jump lines); ``through`` reaches the article from another model."""
    return Prefetch(
        f"{through}placements",
        queryset=Placement.objects.select_related("page__edition").in_print_order(),
    )


def credits_prefetch(through: str = "") -> Prefetch:
    """An article's credited authors, in order."""
    return Prefetch(
        f"{through}credits",
        queryset=ArticleAuthor.objects.select_related("author").order_by("position"),
    )


def images_prefetch() -> Prefetch:
    """An article's images, in order."""
    return Prefetch("images", queryset=ArticleImage.objects.order_by("position", "id"))


def print_prefetches(through: str = "") -> list[Prefetch]:
    """What a story in print shows beside its copy: placements and credits."""
    return [placements_prefetch(through), credits_prefetch(through)]


class ArticleQuerySet(models.QuerySet):
    """What readers and editors may see of articles: the one place these rules are written."""

    def on_site(self) -> "ArticleQuerySet":
        """Web-only articles and those of the publication the public site serves."""
        return self.filter(article_on_site_q())

    def public(self, at: datetime.datetime | None = None) -> "ArticleQuerySet":
        """Articles a reader may see at ``at`` (now by default).

        ``published_at <= at`` follows from the rule for every row (the stored time is the
        article's own publish time, else its edition's, and both must have come); it is
        stated so that a latest-first list walks the ``published_at`` indexes backwards and
        stops at its page, instead of gathering every public match and sorting them."""
        at = at or timezone.now()
        return self.filter(article_public_q(at), published_at__lte=at)

    def not_public(self, at: datetime.datetime | None = None) -> "ArticleQuerySet":
        return self.exclude(article_public_q(at or timezone.now()))

    def scheduled(self, at: datetime.datetime | None = None) -> "ArticleQuerySet":
        """Signed off, but not yet live at ``at``: its own or its edition's time to come."""
        return self.filter(article_signed_off_q()).not_public(at)

    def previewable(self) -> "ArticleQuerySet":
        """What a preview shows: the articles readers will see once signed off."""
        return self.filter(article_previewable_q())

    def shareable(self) -> "ArticleQuerySet":
        """What a shared preview link may still show: anything but a withdrawn article."""
        return self.exclude(status=ArticleStatus.WITHDRAWN)

    def signed_off(self) -> "ArticleQuerySet":
        """Signed off (签发), live or scheduled: what may take corrections."""
        return self.filter(article_signed_off_q())

    def unpublished(self) -> "ArticleQuerySet":
        """Never signed off, or withdrawn: still in the newsroom."""
        return self.exclude(article_signed_off_q())

    def last_went_live(self, at: datetime.datetime) -> "ArticleQuerySet":
        """The latest own publish time at or before ``at`` of a signed-off article, as a
        one-row ``values`` queryset (a subquery): the newest thing a reader could have seen
        appear. Uses ``article_status_publish_idx``."""
        return (
            self.signed_off()
            .filter(publish_at__lte=at)
            .order_by("-publish_at")
            .values("publish_at")[:1]
        )

    def next_goes_live(self, at: datetime.datetime) -> "ArticleQuerySet":
        """The earliest own publish time after ``at`` of a signed-off article (a subquery):
        when a cache of what readers see must end at the latest."""
        return (
            self.signed_off()
            .filter(publish_at__gt=at)
            .order_by("publish_at")
            .values("publish_at")[:1]
        )

    def in_status(self, *statuses: str) -> "ArticleQuerySet":
        """Articles at these steps of the workflow (``ArticleStatus`` values)."""
        return self.filter(status__in=statuses)

    def sync_published_at(self) -> int:
        """Write the stored ``published_at`` of these articles from their own and their
        editions' publish times, in one UPDATE: for writers that bypass ``save()``
        (``bulk_create``, ``update()``). Returns the number of rows."""
        edition_time = Edition.objects.filter(pk=OuterRef("edition_id")).values("publish_at")[:1]
        return self.update(published_at=Coalesce("publish_at", Subquery(edition_time)))

    def follow_edition_time(self, edition: Edition) -> int:
        """Store ``edition``'s publish time as the ``published_at`` of its articles that
        have no time of their own (after the edition's save; ``articles/signals.py``)."""
        return (
            self.filter(edition=edition, publish_at__isnull=True)
            .exclude(published_at=edition.publish_at)
            .update(published_at=edition.publish_at)
        )

    def latest_first(self) -> "ArticleQuerySet":
        """Newest first by the stored, indexed ``published_at`` (``article_published_idx``)."""
        return self.order_by("-published_at", "-id")

    def in_section(self, section: "Section") -> "ArticleQuerySet":
        return self.filter(section=section)

    def by_author(self, author: Author) -> "ArticleQuerySet":
        return self.filter(authors=author)

    def about(self, subject: "Section | Author") -> "ArticleQuerySet":
        """The articles of a section or by an author: what a subject's list and feed hold."""
        if isinstance(subject, Author):
            return self.by_author(subject)
        return self.in_section(subject)

    def with_listing_data(self) -> "ArticleQuerySet":
        """What a list of articles shows, in a fixed number of queries whatever its length.

        One join for the edition, its publication and the section; one prefetch for the
        placements with their pages (for 第01版 and jump lines); one for the credited authors.
        """
        return self.select_related("edition__publication", "section").prefetch_related(
            *print_prefetches()
        )

    def with_page_data(self) -> "ArticleQuerySet":
        """What the public article page loads with the article: edition, publication and
        section joined, and its corrections as JSON in the same row (``correction_rows``,
        read by ``Article.keep_correction_rows``: they are few, often none); credits and
        images prefetched. Its placements come with its edition's reading order
        (``articles.printing.edition_reading_order``)."""
        rows = (
            Correction.objects.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(
                rows=JSONRows(
                    JSONObject(id="id", date="date", text="text", created_at="created_at")
                )
            )
            .values("rows")
        )
        return (
            self.select_related("edition__publication", "section")
            .annotate(correction_rows=Subquery(rows))
            .prefetch_related(credits_prefetch(), images_prefetch())
        )

    def with_detail_data(self) -> "ArticleQuerySet":
        """The listing data plus images and corrections, for the article page and feeds."""
        return self.with_listing_data().prefetch_related(
            images_prefetch(),
            Prefetch("corrections", queryset=Correction.objects.order_by("date", "id")),
        )


class Article(models.Model):
    """A story (稿件): online it is one article, however many pages it runs on in print."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("edition"),
        help_text=_("The edition it is printed in; leave empty for a web-only article."),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("section"),
        help_text=_("The website section it is listed in."),
    )
    kicker = models.CharField(
        _("kicker"), max_length=200, blank=True, help_text=_("引题, the line above the headline.")
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_("主题, the headline. A two-line headline keeps its line break."),
    )
    subtitle = models.CharField(
        _("subtitle"), max_length=300, blank=True, help_text=_("副题, the line below the headline.")
    )
    highlights = models.TextField(
        _("highlights"), blank=True, help_text=_("提要, the ◆ lines: one per line, without the ◆.")
    )
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_("As printed, for example 《瞭望》新闻周刊记者 翟伟 孟含琪 王晓林."),
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=100,
        blank=True,
        help_text=_("For example 本报讯 or 新华社长春3月31日电."),
    )
    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("For example 本报 or 《瞭望》新闻周刊."),
    )
    genre = models.CharField(
        _("genre"),
        max_length=10,
        choices=Genre.choices,
        default=Genre.NEWS,
        help_text=_("The kind of piece."),
    )
    body = SanitizedRichTextField(
        _("body"), blank=True, help_text=_("Cleaned of anything unsafe when saved.")
    )
    word_count = models.PositiveIntegerField(
        _("character count"), default=0, editable=False, help_text=_("字数 of the body.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        editable=False,
        help_text=_("Changed only by the workflow: submit, approve, return, sign off, withdraw."),
    )
    publish_at = SaneDateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        validators=SANE_DATETIME,
        help_text=_(
            "Leave empty to follow the edition. A time in the future schedules the article."
        ),
    )
    authors = models.ManyToManyField(
        Author,
        through="ArticleAuthor",
        related_name="articles",
        blank=True,
        verbose_name=_("authors"),
    )
    review_note = models.TextField(
        _("editor's comment"),
        blank=True,
        editable=False,
        help_text=_("Why the article was returned to its author."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="articles_created",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="articles_updated",
        verbose_name=_("last saved by"),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up with every save; a save from an older copy is refused."),
    )
    preview_version = models.PositiveIntegerField(
        _("preview link version"),
        default=0,
        editable=False,
        help_text=_("Goes up when shared preview links are revoked; older links stop working."),
    )
    # Coalesce(publish_at, edition.publish_at), stored so that latest-first lists, feeds and
    # search windows read an index instead of computing it for every row. Written by save(),
    # by the edition's save (articles/signals.py) and by sync_published_at() after bulk writes.
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Its own publish time, else its edition's."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("submit_article", _("Can submit articles for review")),
            ("review_article", _("Can approve articles or return them to their authors")),
            ("publish_article", _("Can sign off, publish and withdraw articles")),
            ("sign_off_edition", _("Can sign off whole editions")),
        ]
        indexes = [
            models.Index(fields=["section", "-publish_at"], name="article_section_publish_idx"),
            models.Index(fields=["status", "-publish_at"], name="article_status_publish_idx"),
            models.Index(fields=["edition", "status"], name="article_edition_status_idx"),
            models.Index(fields=["published_at", "id"], name="article_published_idx"),
            # The latest public articles (feeds, the latest news, an author's list): walked
            # newest first from the status, stopping at the page; without it SQLite ORs two
            # publish_at ranges and sorts every public article.
            models.Index(
                fields=["status", "-published_at", "-id"], name="article_status_published_idx"
            ),
            models.Index(
                fields=["section", "published_at", "id"], name="article_section_published_idx"
            ),
        ]

    def __str__(self):
        return self.title.replace("\n", " ")

    def save(self, *args, **kwargs):
        self.word_count = character_count(self.body)
        if (
            self.status == ArticleStatus.PUBLISHED
            and self.publish_at is None
            and self.edition_id is None
        ):
            # A web-only article has no edition time to follow; publishing means now. A step
            # that saves only the fields it names saves this one too.
            self.publish_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "publish_at"}
        self.published_at = self.effective_publish_at
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:detail", pk=self.pk)

    @property
    def title_lines(self) -> list[str]:
        return [line.strip() for line in self.title.splitlines() if line.strip()]

    @property
    def headline(self) -> str:
        """The title on one line, its lines joined by a space, for lists, feeds and tabs."""
        return " ".join(self.title_lines)

    @property
    def highlight_list(self) -> list[str]:
        return [line.strip() for line in self.highlights.splitlines() if line.strip()]

    @property
    def body_text(self) -> str:
        return html_to_text(self.body)

    @property
    def last_modified(self) -> datetime.datetime:
        """When readers last saw it change: its own save or its latest correction."""
        times = [self.updated_at] + [c.created_at for c in self.corrections.all()]
        return max(times)

    @property
    def effective_publish_at(self) -> datetime.datetime | None:
        """Its own publish time, else its edition's: what ``published_at`` stores."""
        if self.publish_at:
            return self.publish_at
        return self.edition.publish_at if self.edition_id else None

    def print_placements(self) -> list["Placement"]:
        """Its placements in page order (uses the prefetch of ``with_listing_data``)."""
        return sorted(self.placements.all(), key=lambda p: p.print_key)

    def print_key(self, page: Page | None = None) -> tuple[int, int, int]:
        """Where it stands in print, as ``PRINT_ORDER`` sorts: on ``page`` if given, else
        where it starts; an article not in print sorts last (uses the prefetch)."""
        placements = [p for p in self.print_placements() if page is None or p.page_id == page.pk]
        if not placements:
            return (NOT_IN_PRINT, 0, self.pk)
        number, position, _id = placements[0].print_key
        return (number, position, self.pk)

    def page_labels(self) -> str:
        """第01版 第02版: the pages it runs on (uses the prefetched placements)."""
        return " ".join(p.page.label for p in self.print_placements())

    @property
    def first_placement(self) -> "Placement | None":
        placements = self.print_placements()
        return placements[0] if placements else None

    def keep_correction_rows(self) -> None:
        """Its corrections, from the ``correction_rows`` of ``with_page_data``, in date
        order, kept as ``corrections.all()`` returns them: no query of their own."""
        rows = getattr(self, "correction_rows", None) or []
        corrections = [
            Correction(
                id=row["id"],
                article=self,
                date=datetime.date.fromisoformat(row["date"]),
                text=row["text"],
                created_at=aware(parse_datetime(row["created_at"])),
            )
            for row in rows
        ]
        corrections.sort(key=lambda c: (c.date, c.id))
        cache = self._prefetched_objects_cache = getattr(self, "_prefetched_objects_cache", {})
        cache["corrections"] = corrections

    def credits_in_order(self) -> list["ArticleAuthor"]:
        return sorted(self.credits.all(), key=lambda c: c.position)

    def byline_display(self) -> str:
        """The byline as printed, or one made from the credited authors."""
        if self.byline:
            return self.byline
        return " ".join(f"{c.role} {c.author.name}".strip() for c in self.credits_in_order())

    def lead_line(self) -> str:
        """本报讯(记者 徐楠 王彦雨): the dateline with the byline in brackets, as printed."""
        if not self.dateline:
            return ""
        byline = self.byline_display()
        return f"{self.dateline}({byline})" if byline else self.dateline


class ArticleAuthor(models.Model):
    """An author credited on an article, in byline order, with the role for this piece."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="credits", verbose_name=_("article")
    )
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="credits", verbose_name=_("author")
    )
    role = models.CharField(
        _("role"), max_length=30, blank=True, help_text=_("记者, 通讯员, 评论员 … for this piece.")
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Authors are credited in this order.")
    )

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("credited author")
        verbose_name_plural = _("credited authors")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="articleauthor_unique_article_author"
            )
        ]

    def __str__(self):
        return f"{self.role} {self.author}".strip()


def article_image_upload_to(instance: "ArticleImage", filename: str) -> str:
    now = timezone.now()
    return f"articles/{now:%Y/%m}/{filename}"


class ArticleImage(models.Model):
    """A picture that goes with an article, with its caption and credit."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("article")
    )
    # Editors and bundles may upload JPEG, PNG or WebP; storage also takes the GIFs that
    # code saves, always under the extension of what the file is.
    image = RasterImageField(
        _("image"),
        upload_to=article_image_upload_to,
        kinds=RASTER | {"gif"},
        help_text=_("JPEG, PNG or WebP."),
    )
    caption = models.TextField(_("caption"), blank=True, help_text=_("Printed below the image."))
    credit = models.CharField(
        _("credit"), max_length=100, blank=True, help_text=_("For example 本报记者 某某 摄.")
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Images are shown in this order.")
    )

    class Meta:
        ordering = ["article", "position", "id"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")

    def __str__(self):
        return self.caption[:40] or self.image.name


# Print order: by page, then by place on the page. Written once, here; ``print_key`` sorts
# loaded placements and articles the same way.
PRINT_ORDER = ("page__number", "position", "id")
NOT_IN_PRINT = 10_000  # the page number an article not in print sorts at


class PlacementQuerySet(models.QuerySet):
    def in_print_order(self) -> "PlacementQuerySet":
        return self.order_by(*PRINT_ORDER)

    def public(self, at: datetime.datetime | None = None) -> "PlacementQuerySet":
        """Placements of the articles a reader may see at ``at``."""
        return self.filter(article_public_q(at or timezone.now(), prefix="article__"))

    def previewable(self) -> "PlacementQuerySet":
        """Placements of the articles a preview shows (``ArticleQuerySet.previewable``)."""
        return self.filter(article_previewable_q(prefix="article__"))


class Placement(models.Model):
    """Where an article sits in print: a page, its order there, and its region on the image.

    An article that jumps (下转第二版 … 上接第一版) has one placement on each page it runs on.
    The region is given as fractions of the page image: x, y, width, height in [0, 1].
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="placements", verbose_name=_("article")
    )
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="placements", verbose_name=_("page")
    )
    position = models.PositiveSmallIntegerField(
        _("order on the page"), default=1, help_text=_("1 for the lead story of the page.")
    )
    x = models.FloatField(_("x"), null=True, blank=True, help_text=_("Left edge, 0 to 1."))
    y = models.FloatField(_("y"), null=True, blank=True, help_text=_("Top edge, 0 to 1."))
    width = models.FloatField(_("width"), null=True, blank=True, help_text=_("0 to 1."))
    height = models.FloatField(_("height"), null=True, blank=True, help_text=_("0 to 1."))

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["page", "position"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "page"], name="placement_unique_article_page"
            ),
            models.CheckConstraint(
                condition=(
                    Q(x__isnull=True, y__isnull=True, width__isnull=True, height__isnull=True)
                    | regions.WITHIN_PAGE
                ),
                name="placement_region_within_page",
            ),
        ]
        indexes = [models.Index(fields=["page", "position"], name="placement_page_order_idx")]

    def __str__(self):
        return f"{self.page} #{self.position}"

    def clean(self):
        region = [self.x, self.y, self.width, self.height]
        if any(v is not None for v in region) and any(v is None for v in region):
            raise ValidationError(_("Give all four of x, y, width and height, or none."))
        if any(v is not None and not 0 <= v <= 1 for v in region):
            raise ValidationError(regions.OUT_OF_PAGE)
        article = getattr(self, "article", None)
        if self.page_id is None or article is None:
            return
        if article.edition_id is None:
            raise ValidationError(
                {"page": _("A web-only article is not in print; choose its edition first.")}
            )
        if self.page.edition_id != article.edition_id:
            raise ValidationError({"page": _("This page belongs to another edition.")})

    @property
    def print_key(self) -> tuple[int, int, int]:
        """Where it stands in print, as ``PRINT_ORDER`` sorts: (page number, order, id)."""
        return (self.page.number, self.position, self.pk or 0)

    @property
    def region(self) -> tuple[float, float, float, float] | None:
        if self.x is None:
            return None
        return (self.x, self.y, self.width, self.height)


def jumps_for(article: Article, page_number: int) -> tuple[Page | None, Page | None]:
    """(continued from, continued to): the pages before and after ``page_number`` it runs on."""
    pages = [p.page for p in article.print_placements()]
    earlier = [p for p in pages if p.number < page_number]
    later = [p for p in pages if p.number > page_number]
    return (earlier[-1] if earlier else None, later[0] if later else None)


class Correction(models.Model):
    """A correction (更正) to a published article, shown to readers with its date."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    date = SaneDateField(
        _("date"),
        default=timezone.localdate,
        validators=SANE_DATE,
        help_text=_("The date the correction was made."),
    )
    text = models.TextField(_("text"), help_text=_("What was wrong and what is right."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["-date", "-id"], name="correction_date_idx")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.article}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class AuditAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned")
    PUBLISH = "publish", _("Signed off")
    WITHDRAW = "withdraw", _("Withdrawn")
    SIGN_OFF = "sign_off", _("Edition signed off")
    RESTORE = "restore", _("Revision restored")
    CORRECT = "correct", _("Correction added")
    ROLE_CHANGE = "role_change", _("Roles changed")
    RECALL = "recall", _("Recalled")
    RESCHEDULE = "reschedule", _("Publish time changed")
    REVOKE_PREVIEWS = "revoke_previews", _("Preview links revoked")


class AuditEntry(models.Model):
    """Who did what, and when: sign-offs, publishing, withdrawals, returns, restores, roles."""

    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(_("object type"), max_length=50)
    target_id = models.CharField(_("object id"), max_length=50)
    target_repr = models.CharField(_("object"), max_length=300)
    message = models.TextField(_("details"), blank=True)

    class Meta:
        ordering = ["-timestamp", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["action", "-timestamp"], name="audit_action_time_idx"),
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target_repr}"


# Every saved state of an article is kept with django-reversion, together with what an
# editor changes in the same form: its credited authors, images and placements.
reversion.register(ArticleAuthor)
reversion.register(ArticleImage)
reversion.register(Placement)
reversion.register(Article, follow=("credits", "images", "placements"))


class SearchDocument(models.Model):
    """An article's text as search tokens, stored beside it (see ``articles/search/``).

    Derived data: written by ``search.index_articles`` after every save and import (through
    the signals in ``articles/signals.py``), rebuilt by ``manage.py rebuild_search_index``.
    ``head`` holds the kicker, title and subtitle, ranked above ``body``. On PostgreSQL
    ``vector`` is their ``simple`` tsvector under a GIN index; on SQLite it stays empty and
    an FTS5 table over this one, kept in step by triggers, does the searching.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("article"),
    )
    head = models.TextField(_("headline tokens"), blank=True, editable=False)
    body = models.TextField(_("body tokens"), blank=True, editable=False)
    vector = SearchVectorField(_("search vector"), null=True, editable=False)

    class Meta:
        ordering = ["article"]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return str(self.article_id)

    def get_absolute_url(self):
        return cached_reverse("articles:detail", pk=self.article_id)


class ArticleAutosave(models.Model):
    """The text an editor was typing, kept every few seconds until they save the form.

    One row per article and user (one per user for an article not yet saved, ``article``
    empty). It is not a revision: the article's history keeps only deliberate saves. A
    successful save of the form deletes it; reopening the article offers it back.
    """

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
        verbose_name=_("article"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="article_autosaves",
        verbose_name=_("user"),
    )
    data = models.JSONField(_("form fields"), default=dict, help_text=_("Field name to text."))
    base_version = models.PositiveIntegerField(
        _("version typed on"),
        default=0,
        help_text=_("The article's version when the editor opened it."),
    )
    updated_at = models.DateTimeField(_("autosaved"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("autosaved draft")
        verbose_name_plural = _("autosaved drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"],
                condition=Q(article__isnull=False),
                name="autosave_unique_article_user",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="autosave_unique_new_article_user",
            ),
        ]

    def __str__(self):
        return f"{self.article or '—'} ({self.user})"


class IngestJobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class IngestJobQuerySet(models.QuerySet):
    def unfinished(self) -> "IngestJobQuerySet":
        return self.filter(state__in=[IngestJobState.QUEUED, IngestJobState.RUNNING])

    def stale(self, *, before: datetime.datetime) -> "IngestJobQuerySet":
        """Jobs queued or started before ``before`` that never finished: their process died."""
        return self.unfinished().filter(
            Q(started_at__lt=before) | Q(started_at__isnull=True, created_at__lt=before)
        )


class IngestJob(models.Model):
    """One upload of the night's page PDFs, read into a draft edition off the request.

    The admin's upload stages the PDFs in private storage (``articles.ingest.jobs``) and
    queues the job; a thread runs ``edition_ingest`` on it and records its progress, its
    report or its error here, for the status page to poll.
    """

    state = models.CharField(
        _("state"),
        max_length=10,
        choices=IngestJobState.choices,
        default=IngestJobState.QUEUED,
        help_text=_("Queued, running, done or failed."),
    )
    publication = models.ForeignKey(
        "editions.Publication",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("publication"),
        help_text=_("The publication the pages are read into."),
    )
    date = models.DateField(_("date"), help_text=_("The edition's date."))
    number = models.PositiveIntegerField(_("issue number"), help_text=_("The edition's number."))
    replace = models.BooleanField(
        _("replace"), default=False, help_text=_("Whether the date's draft edition is replaced.")
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
        help_text=_("The draft edition written, once the job is done."),
    )
    files = models.JSONField(
        _("staged files"),
        default=list,
        blank=True,
        help_text=_("The uploaded PDFs' names and where they are staged, in page order."),
    )
    pages_done = models.PositiveIntegerField(_("pages done"), default=0)
    pages_total = models.PositiveIntegerField(_("pages in all"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    report = models.JSONField(_("report"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = IngestJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ingest job")
        verbose_name_plural = _("ingest jobs")
        indexes = [models.Index(fields=["state", "created_at"], name="ingestjob_state_idx")]

    def __str__(self):
        return f"{self.publication_id} {self.date} #{self.number} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("ingest-job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (IngestJobState.DONE, IngestJobState.FAILED)
