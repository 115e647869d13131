"""The newsroom admin: articles through the workflow, sections, authors and corrections.

Permissions are enforced here (object-level change/view rules, actions, custom views) and
again in the services these views call (articles.workflow), so a crafted POST that a hidden
button would have sent is refused just the same. The article admin's extra views come in by
concept: the newsroom desk (``desk.py``), revisions (``history.py``) and the edition's
sign-off and schedule (``editions.py``).
"""

import reversion
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import search, workflow
from ..models import Article, ArticleAuthor, ArticleImage, Author, Correction, Placement, Section
from ..services import article_update
from .desk import TRANSITION_LABELS, NewsroomDeskViews, transition_action
from .editions import EditionViews
from .forms import ArticleAdminForm, CorrectionForm
from .history import HistoryViews
from .newsroom import NewsroomArticleAdminMixin
from .placing import PlacementForm, PlacementFormSet


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
    """Pages of the article's own edition, labelled with its date; regions are drawn in the
    hotspot editor (``pages.py``), not typed here."""

    model = Placement
    extra = 0
    form = PlacementForm
    formset = PlacementFormSet
    fields = ["page", "position"]

    def has_view_permission(self, request, obj=None):
        # No empty, read-only placements table for a reporter.
        if obj is not None and not self.has_change_permission(request, obj):
            if not obj.placements.exists():
                return False
        return super().has_view_permission(request, obj)


class ArticleImageInline(ArticleChildInline, admin.StackedInline):
    model = ArticleImage
    extra = 0
    fields = ["image", "caption", "credit", "position"]


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
            return queryset.scheduled(now)
        if self.value() == "hidden":
            return queryset.unpublished()
        return queryset


@admin.register(Article)
class ArticleAdmin(
    NewsroomArticleAdminMixin, NewsroomDeskViews, HistoryViews, EditionViews, admin.ModelAdmin
):
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
    date_hierarchy = "edition__date"  # by the paper's date, not creation
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
        if Article.objects.on_site().public().filter(pk=obj.pk).exists():
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
        # One revision, and one re-index of the search document, for the article and its
        # inlines together.
        with reversion.create_revision(), search.deferred_indexing():
            reversion.set_user(request.user)
            reversion.set_comment(_("Edited") if object_id else _("Created"))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            data = {
                name: form.cleaned_data[name]
                for name in form._meta.fields
                if name in form.cleaned_data
            }
            article_update(
                article=obj,
                user=request.user,
                data=data,
                expected_version=form.cleaned_data.get("expected_version"),
            )
            return
        obj.created_by = obj.updated_by = request.user
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
                "<path:object_id>/share/revoke/",
                wrap(self.revoke_previews_view),
                name="articles_article_revoke_previews",
            ),
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
            form.base_fields["article"].queryset = Article.objects.signed_off()
        return form
