"""The admin's search of statements and articles, through the full-text index on PostgreSQL.

Django's admin search is a LIKE of each word over every search field, OR-ed, with a DISTINCT for
the aliases: at a million statements it reads every statement's text, speaker, aliases and
article (24 s for "missile", and so for the stance inlines' statement autocomplete). Here each word
of the search still has to be found in one of the same places, as editors know it, but each place
is asked through an index:

- the statement's words: its stored `search_document` (claims/search.py), the word as a prefix
  ("missi" finds "missile" as the autocomplete is typed; English stemming, so "missiles" too);
- its speaker: the ids of the actors with the word in their name or an alias (any romanisation,
  as the actors' own search), read first, then looked up in the statements' speaker index;
- its article's title: the ids of those articles (from their titles' own index), read first,
  looked up in the statements' article index.

Searched lists are shown newest first (by id, `SEARCHED_ORDERING`): in the list's own order
(its article's date and title) a common word sorted every match to show a hundred.

SQLite keeps Django's plain search (its corpora are small).
"""

import re
from collections.abc import Callable

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q, QuerySet
from django.utils.text import smart_split, unescape_string_literal

from claims.models import Actor, ActorAlias
from claims.names import transliteration_key
from claims.search import MAX_QUERY_TERMS, PG_CONFIG, StoredDocument, is_postgres
from sources.models import Article

# Letters and digits: what to_tsquery reads as a word (an underscore or a quote would be syntax).
_WORD = re.compile(r"[^\W_]+")
# A prefix this short matches too many of the index's words to be worth it: such a word is whole.
MIN_PREFIX_CHARS = 3
# The expression of the titles' GIN index (migration sources/0008_article_title_words_idx).
TITLE_WORDS = SearchVector("title", config=PG_CONFIG)
# A title word shared by more articles than this is matched as a subquery, not a list of ids.
MAX_TITLE_ARTICLES = 2_000


def search_bits(term: str) -> list[str]:
    """The words and "quoted phrases" of an admin search, as Django's own search splits them."""
    bits = []
    for bit in smart_split(term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit.strip():
            bits.append(bit)
    return bits


def _prefix_tsquery(bit: str) -> SearchQuery | None:
    """The words of `bit` in order, the last as a prefix (to_tsquery syntax, words only)."""
    words = _WORD.findall(bit.lower())
    if not words:
        return None
    last = f"{words[-1]}:*" if len(words[-1]) >= MIN_PREFIX_CHARS else words[-1]
    return SearchQuery(" <-> ".join([*words[:-1], last]), config=PG_CONFIG, search_type="raw")


def _speakers(bit: str) -> list[int]:
    """The actors with `bit` in their name or an alias, or named so in another romanisation."""
    key = transliteration_key(bit) or None
    by_name = Actor._base_manager.filter(Q(name__icontains=bit) | Q(name_key=key))
    by_alias = ActorAlias.objects.filter(Q(name__icontains=bit) | Q(key=key))
    ids = set(by_name.values_list("pk", flat=True)) | set(by_alias.values_list("actor_id", flat=True))
    return sorted(ids)


def _articles(bit: str) -> Q:
    """Statements of the articles with `bit` in their title: by id when few (an index lookup each).

    The titles' words are read from their own GIN index (migration sources/0008): a LIKE over
    the titles reads the whole article table (400 ms at 100,000 articles).
    """
    words = _prefix_tsquery(bit)
    if words is None:
        return Q(pk__in=[])
    titled = Article._base_manager.alias(title_words=TITLE_WORDS).filter(title_words=words)
    titled = titled.order_by().values("pk")
    ids = list(titled.values_list("pk", flat=True)[: MAX_TITLE_ARTICLES + 1])
    return Q(article_id__in=ids if len(ids) <= MAX_TITLE_ARTICLES else titled)


def _document_search(queryset: QuerySet, term: str, elsewhere: Callable[[str], Q]) -> QuerySet:
    """`queryset` narrowed to the rows where each word of `term` is in their document or `elsewhere`."""
    queryset = queryset.alias(search_document=StoredDocument())
    # Each word costs a query or two (its speakers, its titles): a pasted paragraph is searched by
    # its first MAX_QUERY_TERMS words, as the public search allows.
    for bit in search_bits(term)[:MAX_QUERY_TERMS]:
        condition = elsewhere(bit)
        words = _prefix_tsquery(bit)
        if words is not None:
            condition |= Q(search_document=words)
        queryset = queryset.filter(condition)
    return queryset


def statement_search(queryset: QuerySet, term: str) -> QuerySet:
    """Statements with each word of `term` in their text, their speaker's names or their article's title."""
    return _document_search(queryset, term, lambda bit: Q(speaker_id__in=_speakers(bit)) | _articles(bit))


def claim_search(queryset: QuerySet, term: str) -> QuerySet:
    """Claims with each word of `term` in their text or description (their document)."""
    return _document_search(queryset, term, lambda bit: Q(pk__in=[]))


def _url_like(bit: str) -> bool:
    return any(mark in bit for mark in "./:")


def article_search(queryset: QuerySet, term: str) -> QuerySet:
    """Articles with each word of `term` in their title or text (their document), or in their URL.

    Only what looks like a URL or a domain ("tass.com", "/world/") is looked for in the URLs,
    read first as ids: a LIKE over the URLs OR-ed with the index would read every article.
    """

    def by_url(bit: str) -> Q:
        if not _url_like(bit):
            return Q(pk__in=[])
        return Q(pk__in=list(Article._base_manager.filter(url__icontains=bit).values_list("pk", flat=True)))

    return _document_search(queryset, term, by_url)


def uses_index_search() -> bool:
    return is_postgres()


# The order of a searched list (unless the editor picks a column): PostgreSQL walks the primary
# key backwards and stops at the page's last match, or sorts the few matches of a rare word.
SEARCHED_ORDERING = ("-pk",)


class IndexSearchMixin:
    """For a ModelAdmin: on PostgreSQL, search with `index_search` and list the matches newest first."""

    index_search: Callable[[QuerySet, str], QuerySet]

    def get_search_results(self, request, queryset: QuerySet, search_term: str) -> tuple:  # noqa: ANN001
        if not (search_term.strip() and uses_index_search()):
            return super().get_search_results(request, queryset, search_term)
        return type(self).index_search(queryset, search_term), False

    def get_ordering(self, request) -> tuple:  # noqa: ANN001
        searched = request.GET.get("q", "").strip() or request.GET.get("term", "").strip()
        if searched and uses_index_search():
            return SEARCHED_ORDERING
        return super().get_ordering(request)
