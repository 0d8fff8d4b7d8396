"""API representations of outlets and articles.

Every record has `url`, its address in the API; related records are given
by id (what a write sends) with their API `…_url` and the name a reader needs.
An outlet's or article's own web address is `website` / `source_url`.
"""

from rest_framework import serializers

from infkb.api import CleanModelSerializer
from infkb.dates import iso_fuzzy_date
from infkb.wikidata import WIKIDATA_URL_HELP
from sources.models import Article, Outlet


class OutletSerializer(CleanModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:outlet-detail")
    website = serializers.URLField(source="url", required=False, allow_blank=True)
    country_url = serializers.HyperlinkedRelatedField(
        source="country", view_name="api:actor-detail", read_only=True, allow_null=True
    )
    country_name = serializers.CharField(source="country.name", read_only=True, allow_null=True, default=None)
    wikidata_url = serializers.CharField(read_only=True, help_text=WIKIDATA_URL_HELP)

    class Meta:
        model = Outlet
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "country",
            "country_url",
            "country_name",
            "website",
            "description",
            "wikidata_id",
            "wikidata_url",
        ]


class ArticleSerializer(CleanModelSerializer):
    """An article as lists show it: everything but its full text."""

    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")
    source_url = serializers.URLField(source="url", required=False, allow_blank=True, max_length=1000)
    outlet_url = serializers.HyperlinkedRelatedField(
        source="outlet", view_name="api:outlet-detail", read_only=True
    )
    outlet_name = serializers.CharField(source="outlet.name", read_only=True)
    published = serializers.SerializerMethodField(
        help_text="The date at its precision: 2018-11-23, 2018-11 or 2018."
    )
    is_translation = serializers.BooleanField(
        read_only=True, help_text="Whether the text is a translation (machine or human), for older clients."
    )
    translation_display = serializers.CharField(
        read_only=True,
        help_text="As readers see it: “Machine translation from Russian”; empty for an original.",
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "slug",
            "title",
            "outlet",
            "outlet_url",
            "outlet_name",
            "source_url",
            "published_on",
            "published_precision",
            "published",
            "language",
            "original_language",
            "translation",
            "translation_display",
            "is_translation",
            "translation_note",
            "content_hash",
        ]
        read_only_fields = ["content_hash"]

    def get_published(self, article: Article) -> str:
        return iso_fuzzy_date(article.published_on, article.published_precision)


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its full text (what statements' offsets point into)."""

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text"]
