"""The admin of outlets. The articles' admin is the editors' workbench, in claims/article_admin.py:
an article's page lists its statements and quote candidates and turns candidates into statements."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from infkb.admin_base import PROVENANCE_FIELDS, CuratedAdmin, wikidata_link
from sources.models import Outlet


@admin.register(Outlet)
class OutletAdmin(CuratedAdmin):
    list_display = ["name", "kind", "country", "article_count", wikidata_link]
    list_filter = ["kind", "country"]
    search_fields = ["name", "url", "=wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    readonly_fields = PROVENANCE_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("country").annotate(n_articles=Count("articles"))

    @admin.display(description="articles", ordering="n_articles")
    def article_count(self, outlet: Outlet) -> int:
        return outlet.n_articles
