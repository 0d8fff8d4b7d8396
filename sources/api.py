"""The researchers' API for outlets and articles (no review state: visible to everyone)."""

from django.db.models import QuerySet

from infkb.viewsets import CuratedViewSet, searchable_schema
from sources.filters import ArticleFilter, OutletFilter
from sources.models import Article, Outlet
from sources.serializers import ArticleDetailSerializer, ArticleSerializer, OutletSerializer


class OutletViewSet(CuratedViewSet):
    """Who published the source articles."""

    serializer_class = OutletSerializer
    filterset_class = OutletFilter
    ordering_fields = ["id", "name", "slug", "kind"]
    csv_columns = [
        *("id", "url", "slug", "name", "kind", "country", "country_name", "website", "description"),
        *("wikidata_id", "wikidata_url"),
    ]
    export_name = "outlets"

    def visible_queryset(self) -> QuerySet:
        return Outlet.objects.select_related("country")


@searchable_schema
class ArticleViewSet(CuratedViewSet):
    """Source articles; the list leaves out the full text, the detail has it."""

    serializer_class = ArticleDetailSerializer
    list_serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    searchable = True
    ordering_fields = ["id", "published_on", "title"]
    csv_columns = [
        "id",
        "url",
        "slug",
        "title",
        "outlet",
        "outlet_name",
        "source_url",
        "published",
        "language",
        "original_language",
        "translation",
        "is_translation",
        "content_hash",
    ]
    export_name = "articles"

    def visible_queryset(self) -> QuerySet:
        return Article.objects.with_outlet()
