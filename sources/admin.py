from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from claims.forms import StatementForm, StatementInlineFormSet
from claims.models import Statement
from infkb.admin_base import PROVENANCE_FIELDS, CuratedAdmin
from sources.models import Article, Outlet


@admin.register(Outlet)
class OutletAdmin(CuratedAdmin):
    list_display = ["name", "kind", "country", "article_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "url"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    readonly_fields = PROVENANCE_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("country").annotate(n_articles=Count("articles"))

    @admin.display(description="articles", ordering="n_articles")
    def article_count(self, outlet: Outlet) -> int:
        return outlet.n_articles


class StatementInline(admin.StackedInline):
    """Add a quote from the article's own page: paste it, pick the speaker, save."""

    model = Statement
    form = StatementForm
    formset = StatementInlineFormSet
    extra = 1
    autocomplete_fields = ["speaker"]
    fields = [
        ("speaker", "kind", "status"),
        "text",
        ("occurrence", "anchor"),
        ("speaker_role", "venue"),
        ("said_on", "said_precision"),
    ]
    readonly_fields = ["anchor"]
    show_change_link = True

    @admin.display(description="anchored at")
    def anchor(self, statement: Statement) -> str:
        if statement.start is None:
            return "not anchored" if statement.pk else "found when you save"
        return f"characters {statement.start}–{statement.end}"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("speaker")


@admin.register(Article)
class ArticleAdmin(CuratedAdmin):
    list_display = ["title", "outlet", "published_display", "language", "is_translation", "statement_count"]
    list_filter = ["outlet", "language", "is_translation", "published_precision"]
    search_fields = ["title", "url", "text"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["outlet"]
    readonly_fields = ["content_hash", *PROVENANCE_FIELDS]
    inlines = [StatementInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "outlet", "url", ("published_on", "published_precision")]}),
        ("Language", {"fields": [("language", "original_language", "is_translation"), "translation_note"]}),
        ("Text", {"fields": ["text", "content_hash"]}),
        ("Provenance", {"fields": PROVENANCE_FIELDS, "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super().get_queryset(request).select_related("outlet").annotate(n_statements=Count("statements"))
        )

    @admin.display(description="published", ordering="published_on")
    def published_display(self, article: Article) -> str:
        return article.published_display

    @admin.display(description="statements", ordering="n_statements")
    def statement_count(self, article: Article) -> int:
        return article.n_statements
