"""The newsroom admin: articles through the workflow, revisions, corrections, the audit log.

Permissions are enforced here (object-level change/view rules, actions, custom views) and
again in the services these views call (articles.workflow), so a crafted POST that a hidden
button would have sent is refused just the same.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reversion.models import Version

from editions.models import Edition, PublishStatus

from . import revisions, search, workflow
from .models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    ArticleStatus,
    AuditAction,
    AuditEntry,
    Author,
    Correction,
    Placement,
    Section,
)
from .newsroom_admin import NewsroomArticleAdminMixin  # newsroom hook: autosave, plan, checks
from .placing import PlacementForm, PlacementFormSet
from .previews import preview_url
from .roles import RoleUserAdminMixin  # newsroom hook: one role control, Chinese permissions


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "position", "description"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "slug", "role"]
    fields = ["name", "slug", "role"]


class ArticleChildInline:
    """Inlines follow the article: editable exactly when the article is, for this user."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj)
        )


class ArticleAuthorInline(ArticleChildInline, admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["position", "author", "role"]


class PlacementInline(ArticleChildInline, admin.TabularInline):
    model = Placement
    extra = 0
    # newsroom hook: pages of the article's own edition, labelled with its date; regions
    # are drawn in the hotspot editor, not typed here.
    form = PlacementForm
    formset = PlacementFormSet
    fields = ["page", "position"]

    def has_view_permission(self, request, obj=None):
        # newsroom hook: no empty, read-only placements table for a reporter.
        if obj is not None and not self.has_change_permission(request, obj):
            if not obj.placements.exists():
                return False
        return super().has_view_permission(request, obj)


class ArticleImageInline(ArticleChildInline, admin.StackedInline):
    model = ArticleImage
    extra = 0
    fields = ["image", "caption", "credit", "position"]


TRANSITION_LABELS = {
    "submit": gettext_lazy("Submit for review"),
    "approve": gettext_lazy("Approve"),
    "return": gettext_lazy("Return to the author"),
    "publish": gettext_lazy("Sign off"),
    "withdraw": gettext_lazy("Withdraw"),
    "recall": gettext_lazy("Recall"),  # newsroom hook
}


def transition_action(name: str, permission: str):
    """A bulk action that applies the workflow step ``name`` to the selected articles."""

    def action(modeladmin, request, queryset):
        modeladmin._bulk(request, queryset, name)

    action.__name__ = f"{name}_selected"
    return admin.action(description=TRANSITION_LABELS[name], permissions=[permission])(action)


class ArticleAdminForm(forms.ModelForm):
    """The article form, with the version it was opened at, so a stale save is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "kicker",
            "title",
            "subtitle",
            "highlights",
            "byline",
            "dateline",
            "source",
            "body",
            "edition",
            "section",
            "genre",
            "publish_at",
        ]
        widgets = {
            # A two-line headline (两行主题) keeps its line break.
            "title": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "highlights": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        # Lock the row for the rest of the admin's transaction, so no save slips in
        # between this check and ours.
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .only("version", "updated_at", "updated_by__username", "updated_by__first_name")
            .get(pk=self.instance.pk)
        )
        self.current_version = current.version
        expected = cleaned.get("expected_version")
        if expected != current.version:
            who = (
                current.updated_by.get_full_name() or current.updated_by.get_username()
                if (current.updated_by)
                else _("someone")
            )
            when = date_format(timezone.localtime(current.updated_at), "Y-m-d H:i:s")
            # Show the form back with this person's text, now based on the saved version:
            # a second, deliberate save after reading the message goes through.
            self.data = self.data.copy()
            self.data[self.add_prefix("expected_version")] = current.version
            raise forms.ValidationError(
                _(
                    "%(who)s saved this article at %(when)s, after you opened it. Your text "
                    "was not saved and is shown below; compare it with the saved version "
                    "(history), then save again to keep yours."
                )
                % {"who": who, "when": when},
                code="stale",
            )
        return cleaned


class VisibilityFilter(admin.SimpleListFilter):
    """Live, scheduled (signed off, time still to come) or not published."""

    title = gettext_lazy("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("live", gettext_lazy("Live")),
            ("scheduled", gettext_lazy("Scheduled")),
            ("hidden", gettext_lazy("Not published")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "live":
            return queryset.public(now)
        if self.value() == "scheduled":
            return queryset.filter(status=ArticleStatus.PUBLISHED).not_public(now)
        if self.value() == "hidden":
            return queryset.exclude(status=ArticleStatus.PUBLISHED)
        return queryset


@admin.register(Article)
class ArticleAdmin(NewsroomArticleAdminMixin, admin.ModelAdmin):  # newsroom hook: the mixin
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = [
        "headline_display",
        "edition",
        "print_page",
        "section",
        "status",
        "publish_at",
        "created_by",
        "word_count",
    ]
    list_filter = [
        "status",
        VisibilityFilter,
        ("edition__date", admin.DateFieldListFilter),
        "edition",
        "placements__page__number",
        "section",
        "genre",
        "authors",
    ]
    list_select_related = ["edition__publication", "section", "created_by"]
    search_fields = ["title", "kicker", "subtitle", "byline", "body"]
    autocomplete_fields = ["edition", "section"]
    inlines = [ArticleAuthorInline, PlacementInline, ArticleImageInline]
    date_hierarchy = "edition__date"  # newsroom hook: by the paper's date, not creation
    actions = [
        transition_action("submit", "submit"),
        transition_action("approve", "review"),
        transition_action("publish", "publish"),
        transition_action("withdraw", "publish"),
    ]
    fieldsets = [
        (gettext_lazy("Headlines"), {"fields": ["kicker", "title", "subtitle", "highlights"]}),
        (gettext_lazy("Credits"), {"fields": ["byline", "dateline", "source"]}),
        (gettext_lazy("Body"), {"fields": ["body", "word_count"]}),
        (gettext_lazy("Filing"), {"fields": ["edition", "section", "genre"]}),
        (
            gettext_lazy("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "review_note",
                    "created_by",
                    "updated_by",
                    "updated_at",
                    "expected_version",
                ]
            },
        ),
    ]

    class Media:
        js = ["articles/admin/character-count.js"]

    # --- who may see and change what ---------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("placements__page")
        if not workflow.is_reviewer(request.user):
            # A reporter's newsroom is their own articles.
            queryset = queryset.filter(created_by=request.user)
        return queryset

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return workflow.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Nothing is deleted from the newsroom but by a superuser: withdraw instead.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def view_on_site(self, obj):
        """The public page once readers can see it; until then, the staff preview."""
        if Article.objects.public().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return reverse("previews:article", kwargs={"pk": obj.pk})

    def has_submit_permission(self, request):
        return request.user.has_perm(workflow.PERM_SUBMIT)

    def has_review_permission(self, request):
        return request.user.has_perm(workflow.PERM_REVIEW)

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PERM_PUBLISH)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["word_count", "status", "review_note", "created_by", "updated_by", "updated_at"]
        if not request.user.has_perm(workflow.PERM_REVIEW):
            # Reporters do not schedule: the publish time is the editors' call.
            readonly.append("publish_at")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "expected_version"]})
                for name, opts in fieldsets
            ]
        return fieldsets

    # --- saving ---------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        import reversion

        # One revision, and one re-index of the search document, for the article and its
        # inlines together.
        with reversion.create_revision(), search.deferred_indexing():
            reversion.set_user(request.user)
            reversion.set_comment(_("Edited") if object_id else _("Created"))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            # form.clean() locked the row and checked the version the editor started from.
            obj.version = form.current_version + 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    # --- display --------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("title"), ordering="title")
    def headline_display(self, obj):
        return obj.headline

    @admin.display(description=gettext_lazy("page"))
    def print_page(self, obj):
        return obj.page_labels() or "—"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                transitions=[
                    (name, TRANSITION_LABELS[name])
                    for name in workflow.allowed_transitions(request.user, obj)
                ],
                preview_url=reverse("previews:article", kwargs={"pk": obj.pk}),
                share_url=reverse("admin:articles_article_share", args=[obj.pk]),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- extra views ------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("desk/", wrap(self.desk_view), name="articles_article_desk"),
            path("mine/", wrap(self.mine_view), name="articles_article_mine"),
            path("scheduled/", wrap(self.scheduled_view), name="articles_article_scheduled"),
            path(
                "<path:object_id>/transition/<str:name>/",
                wrap(self.transition_view),
                name="articles_article_transition",
            ),
            path("<path:object_id>/share/", wrap(self.share_view), name="articles_article_share"),
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                wrap(self.restore_view),
                name="articles_article_restore",
            ),
            path(
                "editions/<int:edition_id>/sign-off/",
                wrap(self.sign_off_view),
                name="articles_article_sign_off",
            ),
        ] + super().get_urls()

    def _article_or_404(self, request, object_id) -> Article:
        try:
            article = Article.objects.get(pk=int(object_id))
        except (ValueError, Article.DoesNotExist):
            raise Http404(_("No such article.")) from None
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request, **kwargs):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **kwargs}

    def transition_view(self, request, object_id, name):
        """POST only: submit, approve, return (with a comment), publish, withdraw."""
        article = self._article_or_404(request, object_id)
        if name not in workflow.TRANSITIONS:
            raise Http404(_("No such step."))
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if request.method != "POST":
            if name == "return":
                return TemplateResponse(
                    request,
                    "admin/articles/article/return_form.html",
                    self._context(request, article=article, title=_("Return to the author")),
                )
            return HttpResponseRedirect(change_url)
        note = request.POST.get("comment" if name == "return" else "reason", "")
        try:
            workflow.article_transition(name=name, article=article, user=request.user, note=note)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(change_url)
        messages.success(
            request,
            _("“%(title)s”: %(step)s.") % {"title": article, "step": TRANSITION_LABELS[name]},
        )
        if workflow.can_view(request.user, Article.objects.get(pk=article.pk)):
            return HttpResponseRedirect(change_url)
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    def share_view(self, request, object_id):
        """A signed, expiring preview link for someone without an account."""
        article = self._article_or_404(request, object_id)
        return TemplateResponse(
            request,
            "admin/articles/article/share.html",
            self._context(
                request,
                article=article,
                title=_("Share a preview"),
                url=request.build_absolute_uri(preview_url(article)),
                days=7,
            ),
        )

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        versions = list(revisions.article_versions(article))
        extra = {
            "versions": versions,
            "can_restore": self.has_change_permission(request, article),
            "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
        }
        return super().history_view(request, object_id, {**extra, **(extra_context or {})})

    def _version(self, article, version_id) -> Version:
        try:
            return revisions.article_versions(article).get(pk=int(version_id))
        except (TypeError, ValueError, Version.DoesNotExist):
            raise Http404(_("No such revision.")) from None

    def compare_view(self, request, object_id):
        """A readable difference between any two revisions (?a=<id>&b=<id>)."""
        article = self._article_or_404(request, object_id)
        old = self._version(article, request.GET.get("a"))
        new = self._version(article, request.GET.get("b"))
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        return TemplateResponse(
            request,
            "admin/articles/article/compare.html",
            self._context(
                request,
                article=article,
                old=old,
                new=new,
                diffs=revisions.compare(old, new),
                title=_("Compare revisions"),
            ),
        )

    def restore_view(self, request, object_id, version_id):
        """Confirm (GET) and restore (POST) an earlier revision, itself a new revision."""
        article = self._article_or_404(request, object_id)
        version = self._version(article, version_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            revisions.article_restore(article=article, version=version, user=request.user)
            messages.success(request, _("The earlier revision was restored."))
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        latest = revisions.article_versions(article).first()
        return TemplateResponse(
            request,
            "admin/articles/article/restore.html",
            self._context(
                request,
                article=article,
                version=version,
                diffs=revisions.compare(version, latest) if latest else [],
                title=_("Restore an earlier revision"),
            ),
        )

    def _edition_for(self, request) -> Edition | None:
        day = parse_date(request.GET.get("date") or "") if request.GET.get("date") else None
        editions = Edition.objects.select_related("publication")
        if day:
            return editions.filter(date=day).first()
        today = timezone.localdate()
        return editions.filter(date=today).first() or editions.order_by("-date").first()

    def desk_view(self, request):
        """今日版面: an edition page by page, each article with its state; sign-off."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            edition = self._edition_for(request)
        except ValueError:
            edition = None
        pages = []
        unplaced = []
        if edition is not None:
            articles = {
                a.pk: a
                for a in self.get_queryset(request)
                .filter(edition=edition)
                .select_related("created_by")
            }
            placements = (
                Placement.objects.filter(page__edition=edition, article_id__in=articles)
                .select_related("page")
                .order_by("page__number", "position")
            )
            by_page = {}
            placed = set()
            for placement in placements:
                by_page.setdefault(placement.page_id, []).append(articles[placement.article_id])
                placed.add(placement.article_id)
            pages = [(page, by_page.get(page.pk, [])) for page in edition.pages.all()]
            unplaced = [a for pk, a in articles.items() if pk not in placed]
        blockers = workflow.edition_sign_off_blockers(edition=edition) if edition else []
        return TemplateResponse(
            request,
            "admin/articles/article/desk.html",
            self._context(
                request,
                title=_("The day's paper"),
                edition=edition,
                pages=pages,
                unplaced=unplaced,
                blockers=blockers,
                can_sign_off=request.user.has_perm(workflow.PERM_SIGN_OFF),
                recent=Edition.objects.order_by("-date")[:14],
            ),
        )

    def sign_off_view(self, request, edition_id):
        """POST: the duty chief editor signs off the whole edition (签发本期)."""
        edition = get_object_or_404(Edition, pk=edition_id)
        desk = reverse("admin:articles_article_desk") + f"?date={edition.date.isoformat()}"
        if request.method != "POST":
            return HttpResponseRedirect(desk)
        publish_at = None
        raw = request.POST.get("publish_at", "").strip()
        if raw:
            try:
                publish_at = datetime.datetime.fromisoformat(raw)
            except ValueError:
                messages.error(request, _("Give the publish time as 2024-04-01 06:00."))
                return HttpResponseRedirect(desk)
            if timezone.is_naive(publish_at):
                publish_at = timezone.make_aware(publish_at)
        try:
            workflow.edition_sign_off(edition=edition, user=request.user, publish_at=publish_at)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(edition)s is signed off.") % {"edition": edition})
        return HttpResponseRedirect(desk)

    def mine_view(self, request):
        """我的稿件: the user's own articles with their states and editors' comments."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        articles = (
            Article.objects.filter(created_by=request.user)
            .select_related("edition", "section")
            .order_by("-updated_at")[:200]
        )
        return TemplateResponse(
            request,
            "admin/articles/article/mine.html",
            self._context(request, title=_("My articles"), articles=articles),
        )

    def scheduled_view(self, request):
        """定时发布: what is signed off but not yet live, and when it goes live."""
        if not request.user.has_perm(workflow.PERM_REVIEW):
            raise PermissionDenied
        now = timezone.now()
        articles = (
            Article.objects.filter(status=ArticleStatus.PUBLISHED)
            .not_public(now)
            .with_published_at()
            .select_related("edition")
            .order_by("published_at")
        )
        editions = Edition.objects.filter(
            status=PublishStatus.PUBLISHED, publish_at__gt=now
        ).order_by("publish_at")
        return TemplateResponse(
            request,
            "admin/articles/article/scheduled.html",
            self._context(
                request, title=_("Scheduled"), articles=articles, editions=editions, now=now
            ),
        )

    # --- bulk actions ------------------------------------------------------------------------

    def _bulk(self, request, queryset, name):
        """Apply the workflow step ``name`` to each selected article, each on its own."""
        done, refused = 0, []
        for article in queryset:
            try:
                with transaction.atomic():
                    workflow.article_transition(name=name, article=article, user=request.user)
                done += 1
            except (workflow.WorkflowError, PermissionDenied) as error:
                refused.append(f"“{article.headline}”:{error}")
        if done:
            self.message_user(
                request,
                ngettext("%(count)d article: %(step)s.", "%(count)d articles: %(step)s.", done)
                % {"count": done, "step": TRANSITION_LABELS[name]},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["article", "date", "text"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionForm
    list_display = ["date", "article", "created_by"]
    list_filter = [("date", admin.DateFieldListFilter)]
    list_select_related = ["article", "created_by"]
    search_fields = ["text", "article__title"]
    autocomplete_fields = ["article"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            created = workflow.article_correct(
                article=obj.article, user=request.user, text=obj.text, date=obj.date
            )
        except workflow.WorkflowError as error:
            raise PermissionDenied(str(error)) from error
        obj.pk = created.pk
        obj._state.adding = False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "article" in form.base_fields:
            form.base_fields["article"].queryset = Article.objects.filter(
                status=ArticleStatus.PUBLISHED
            )
        return form


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, for the duty chief editor: read only, filterable."""

    list_display = ["timestamp", "actor", "action", "target_repr", "message"]
    list_filter = ["action", ("timestamp", admin.DateFieldListFilter), "actor", "target_type"]
    list_select_related = ["actor"]
    search_fields = ["target_repr", "message", "actor__username"]
    date_hierarchy = "timestamp"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


User = get_user_model()
ROLE_FLAGS = ["is_staff", "is_superuser", "is_active"]


class AuditedUserAdmin(RoleUserAdminMixin, UserAdmin):  # newsroom hook: the mixin
    """Django's user admin, with every change of role (groups, staff, superuser) logged."""

    def save_model(self, request, obj, form, change):
        request._role_flags_before = (
            {f: getattr(User.objects.get(pk=obj.pk), f) for f in ROLE_FLAGS} if change else {}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        before = set(user.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(user.groups.values_list("name", flat=True))
        changes = [f"+{name}" for name in sorted(after - before)]
        changes += [f"-{name}" for name in sorted(before - after)]
        flags_before = getattr(request, "_role_flags_before", {})
        for flag in ROLE_FLAGS:
            if flag in flags_before and flags_before[flag] != getattr(user, flag):
                changes.append(f"{flag}={getattr(user, flag)}")
        if changes or not change:
            workflow.audit(
                actor=request.user,
                action=AuditAction.ROLE_CHANGE,
                target=user,
                message=" ".join(changes) or _("created"),
            )


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
