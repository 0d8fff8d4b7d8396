import hashlib
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from infkb.dates import DatePrecision, format_fuzzy_date, truncate_to_precision
from infkb.languages import language_name
from infkb.provenance import Reviewable, ReviewableQuerySet
from infkb.slug_urls import slug_url
from infkb.wikidata import WikidataItem
from sources.anchoring import SELECTOR_CONTEXT, Drift, TextQuoteSelector, selector_at

# The most text an article may have, in UTF-8 bytes: below PostgreSQL's 1 MB limit of a tsvector
# (the search document), which a longer text of ordinary prose could still reach.
ARTICLE_MAX_BYTES = 1_000_000


def search_document_fits(article: "Article") -> bool:
    """Whether the article's search document fits in a PostgreSQL tsvector (always on SQLite).

    Saving one that does not would fail in the database ("string is too long for
    tsvector"): a text of many different words can, even under ARTICLE_MAX_BYTES.
    """
    if connection.vendor != "postgresql":
        return True
    # The search lives in the app above this one (settings.SEARCH_MODULE), which imports this module.
    search = import_module(settings.SEARCH_MODULE)
    document = search.pg_document_sql(Article, columns={"title": "%s", "text": "%s"})
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_column_size({document})", [article.title or "", article.text])
    except DatabaseError:
        return False
    return True


class Outlet(Reviewable, WikidataItem):
    """Who published a source article: a news agency, a broadcaster, a ministry's press service…"""

    class Kind(models.TextChoices):
        NEWS_AGENCY = "news_agency", "News agency"
        BROADCASTER = "broadcaster", "Broadcaster"
        NEWSPAPER = "newspaper", "Newspaper or magazine"
        GOVERNMENT = "government", "Government press service"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        "claims.Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outlets",
        limit_choices_to={"kind": "state"},
    )
    url = models.URLField(blank=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = ReviewableQuerySet.as_manager()

    class Meta:
        permissions = [("publish_outlet", "Can publish outlets or return them to draft")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def unify_line_endings(text: str) -> str:
    """Browsers send a textarea back with \r\n line endings; stored texts, and offsets, use \n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(text: str) -> str:
    """SHA-256 of the article text as stored, so anyone can check it was not changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ArticleQuerySet(ReviewableQuerySet):
    def with_outlet(self) -> "ArticleQuerySet":
        return self.select_related("outlet")


class Article(Reviewable):
    """A source document the evidence comes from, with its full text stored once."""

    class Translation(models.TextChoices):
        ORIGINAL = "original", "Original"
        MACHINE = "machine", "Machine translation"
        HUMAN = "human", "Human translation"

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True)
    url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(db_index=True)
    published_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    language = models.CharField(max_length=12, default="en", help_text="Language of the text, e.g. en.")
    original_language = models.CharField(
        max_length=12, blank=True, help_text="Language it was written in, if this text is a translation."
    )
    translation = models.CharField(
        max_length=8,
        choices=Translation.choices,
        default=Translation.ORIGINAL,
        db_default=Translation.ORIGINAL,
        help_text="Whether the text is the original or a translation, and by whom (machine or person).",
    )
    translation_note = models.TextField(
        blank=True, help_text="Known translation artefacts: “Healy Likely” is “highly likely”…"
    )
    text = models.TextField(help_text="The full text. Quotes are anchored in it by character offsets.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)

    history = HistoricalRecords()
    objects = ArticleQuerySet.as_manager()

    class Meta:
        permissions = [("publish_article", "Can publish articles or return them to draft")]
        ordering = ["-published_on", "title"]
        constraints = [
            # The same article imported twice is recognised by its URL (when it has one).
            models.UniqueConstraint(fields=["url"], condition=~models.Q(url=""), name="unique_article_url"),
        ]
        indexes = [
            # Article lists filter by outlet and sort by date.
            models.Index(fields=["outlet", "published_on"], name="article_outlet_date_idx"),
            # The articles page's order, with the ids (PostgreSQL): a deep page reads its ids from
            # the index alone instead of sorting every article (page 2,000: 30 ms against 425).
            models.Index(
                fields=["-published_on", "title"],
                include=["id"],
                condition=models.Q(status="published"),  # not a read: the index covers published rows
                name="article_list_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_url("article-detail", self.slug)

    @property
    def is_translation(self) -> bool:
        return self.translation != self.Translation.ORIGINAL

    @property
    def translation_display(self) -> str:
        """ "Machine translation from Russian", "Human translation", or "" for an original."""
        if not self.is_translation:
            return ""
        label = self.get_translation_display()
        source = language_name(self.original_language)
        return f"{label} from {source}" if source else label

    @property
    def published_display(self) -> str:
        return format_fuzzy_date(self.published_on, self.published_precision)

    def clean(self) -> None:
        self.text = unify_line_endings(self.text or "")
        if not self.text.strip():
            raise ValidationError({"text": "An article needs its text."})
        size = len(self.text.encode())
        if size > ARTICLE_MAX_BYTES:
            raise ValidationError(
                {"text": f"The text is {size:,} bytes: an article may have at most {ARTICLE_MAX_BYTES:,}."}
            )
        if not search_document_fits(self):
            raise ValidationError(
                {
                    "text": "The text has too many different words for the search index "
                    "(PostgreSQL keeps at most 1 MB of them per article): split it into several articles."
                }
            )
        if self.published_on:
            self.published_on = truncate_to_precision(self.published_on, self.published_precision)
            if self.published_on > timezone.localdate():  # a typo'd year, as the import refuses it
                raise ValidationError({"published_on": "A publication date cannot be in the future."})
        if self.is_translation and not (self.original_language or "").strip():
            raise ValidationError(
                {"original_language": "A translation needs the language it was translated from."}
            )
        duplicate = Article.objects.filter(content_hash=content_hash(self.text)).exclude(pk=self.pk).first()
        if duplicate:
            raise ValidationError({"text": f"This exact text is already stored as “{duplicate}”."})
        if self.pk:
            broken = self.anchors_broken_by(self.text)
            if broken:
                listed = "; ".join(f"#{passage.pk} {passage}" for passage in broken)
                raise ValidationError(
                    {
                        "text": f"This change rewrites the quoted words of {len(broken)} statement(s): "
                        f"{listed}. A quote must keep the article's exact words: edit or delete those "
                        "statements first, or leave their words as they are."
                    }
                )

    def stored_text(self) -> str:
        """The text as it is in the database, before this instance's unsaved edit."""
        return Article.objects.filter(pk=self.pk).values_list("text", flat=True).first() or ""

    def anchored_passages(self) -> list[models.QuerySet]:
        """Every anchored passage of this article, whichever app defines its model.

        Found through the reverse relations, so that this app needs to import none
        of the apps that anchor text in articles.
        """
        return [
            relation.related_model.anchored_in(self)
            for relation in self._meta.related_objects
            if issubclass(relation.related_model, AnchoredPassage)
        ]

    def anchors_broken_by(self, new_text: str) -> list["AnchoredPassage"]:
        """The verbatim passages whose own words `new_text` would change: the edit must be refused."""
        from sources.reanchoring import remap_passages  # here: it imports this module

        remaps = remap_passages(self, old_text=self.stored_text(), new_text=new_text)
        return [passage for passage, remap in remaps if remap.words_changed and passage.anchor_is_verbatim()]

    def save(self, *args, **kwargs) -> None:
        """Save, and carry every anchor in the article through an edit of its text."""
        from sources.reanchoring import reanchor_passages  # here: it imports this module

        text_changed = self.content_hash != content_hash(self.text)
        old_text = self.stored_text() if text_changed and self.pk else None
        self.content_hash = content_hash(self.text)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_text is not None:
                reanchor_passages(self, old_text=old_text)


class AnchoredPassage(models.Model):
    """Words anchored in an article's text by offsets, a W3C TextQuoteSelector and the text's hash.

    A model inheriting this has `article`, `text`, `start` and `end` fields; its
    anchors follow every edit of the article's text (sources/reanchoring.py).
    """

    anchor_prefix = models.CharField(
        max_length=SELECTOR_CONTEXT, blank=True, default="", db_default="", editable=False
    )
    anchor_suffix = models.CharField(
        max_length=SELECTOR_CONTEXT, blank=True, default="", db_default="", editable=False
    )
    anchor_text_hash = models.CharField(
        max_length=64,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text="SHA-256 of the article text the anchor was made on.",
    )
    anchor_drift = models.CharField(
        max_length=10,
        choices=Drift.choices,
        blank=True,
        default="",
        db_default="",
        help_text="What the last edit of the article did to the anchor; cleared once reviewed.",
    )

    class Meta:
        abstract = True

    @classmethod
    def anchored_in(cls, article: Article) -> models.QuerySet:
        return cls._default_manager.filter(article=article, start__isnull=False)

    def anchor_is_verbatim(self) -> bool:
        """Whether the words are someone's exact words, which no edit of the article may change."""
        return True

    @property
    def selector(self) -> TextQuoteSelector:
        return TextQuoteSelector(exact=self.text, prefix=self.anchor_prefix, suffix=self.anchor_suffix)

    def set_anchor(self, article_text: str, start: int | None, end: int | None) -> None:
        """Anchor at article_text[start:end] (nowhere with None), with its selector and the text's hash."""
        self.start, self.end = start, end
        if start is None or end is None:
            self.anchor_prefix = self.anchor_suffix = self.anchor_text_hash = ""
            return
        selector = selector_at(article_text, start, end)
        self.anchor_prefix, self.anchor_suffix = selector.prefix, selector.suffix
        self.anchor_text_hash = content_hash(article_text)
