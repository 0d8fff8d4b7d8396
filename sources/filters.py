"""The filters of the API's lists of outlets and articles (see claims/filters.py for the rules)."""

import django_filters
from django.db.models import Q, QuerySet

from infkb.api import RecordFilter, VisibilityFilterSet, YesNoFilter, date_range_filters
from infkb.wikidata import wikidata_id_filter
from sources.models import Article, Outlet


def countries() -> QuerySet:
    """What an outlet's country may be: the states among the actors of the app above this one,
    reached through the foreign key that names them (Outlet.country), not imported."""
    return Outlet.country.field.related_model.objects.states()


class OutletFilter(VisibilityFilterSet):
    kind = django_filters.ChoiceFilter(
        field_name="kind", lookup_expr="exact", choices=Outlet.Kind.choices, help_text="Kind of outlet."
    )
    country = RecordFilter(
        queryset=countries(),
        lookup=lambda value: countries().by_alias(value).first(),
        noun="state",
        field_name="country",
        help_text="Country of the outlet (id, slug or alias of a state).",
    )
    wikidata_id = wikidata_id_filter("outlet")

    class Meta:
        model = Outlet
        fields: list[str] = []


class ArticleFilter(VisibilityFilterSet):
    outlet = RecordFilter(
        queryset=Outlet.objects.all(),
        noun="outlet",
        field_name="outlet",
        help_text="Outlet (id or slug, e.g. `rt`).",
    )
    published_after, published_before = date_range_filters("published_on", "Published")
    language = django_filters.CharFilter(
        field_name="language", lookup_expr="iexact", help_text="Language of the text (`en`)."
    )
    is_translation = YesNoFilter(
        method="filter_is_translation", help_text="Only translations (`true`) or only originals (`false`)."
    )
    translation = django_filters.ChoiceFilter(
        field_name="translation",
        choices=Article.Translation.choices,
        help_text="`original`, `machine` (machine translation) or `human` (human translation).",
    )

    def filter_is_translation(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        originals = Q(translation=Article.Translation.ORIGINAL)
        return queryset.exclude(originals) if value else queryset.filter(originals)

    class Meta:
        model = Article
        fields: list[str] = []
