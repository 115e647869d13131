from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleAuthor, ArticleImage, Author, Placement, Section


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


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["position", "author", "role"]


class PlacementInline(admin.TabularInline):
    model = Placement
    extra = 0
    autocomplete_fields = ["page"]
    fields = ["page", "position", "x", "y", "width", "height"]


class ArticleImageInline(admin.StackedInline):
    model = ArticleImage
    extra = 0
    fields = ["image", "caption", "credit", "position"]


class ArticleAdminForm(forms.ModelForm):
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
            "status",
            "publish_at",
        ]
        widgets = {
            # A two-line headline (两行主题) keeps its line break.
            "title": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "highlights": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline_display",
        "edition",
        "print_page",
        "section",
        "genre",
        "status",
        "publish_at",
        "word_count",
    ]
    list_filter = [
        "status",
        ("edition__date", admin.DateFieldListFilter),
        "edition",
        "placements__page__number",
        "section",
        "genre",
        "authors",
    ]
    list_select_related = ["edition__publication", "section"]
    search_fields = ["title", "kicker", "subtitle", "byline", "body"]
    autocomplete_fields = ["edition", "section"]
    readonly_fields = ["word_count", "created_at", "updated_at"]
    inlines = [ArticleAuthorInline, PlacementInline, ArticleImageInline]
    date_hierarchy = "created_at"

    class Media:
        js = ["articles/admin/character-count.js"]

    fieldsets = [
        (_("Headlines"), {"fields": ["kicker", "title", "subtitle", "highlights"]}),
        (_("Credits"), {"fields": ["byline", "dateline", "source"]}),
        (_("Body"), {"fields": ["body", "word_count"]}),
        (_("Filing"), {"fields": ["edition", "section", "genre"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("placements__page")

    @admin.display(description=_("title"), ordering="title")
    def headline_display(self, obj):
        return obj.headline

    @admin.display(description=_("page"))
    def print_page(self, obj):
        placements = sorted(obj.placements.all(), key=lambda p: p.page.number)
        return " ".join(p.page.label for p in placements) or "—"
