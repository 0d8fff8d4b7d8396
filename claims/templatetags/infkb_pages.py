"""Template helpers for the analysts' pages: highlighting, fuzzy dates and the article reader.

Everything here escapes every piece of text it is given before adding markup,
so a quote or a name containing HTML always shows as text.
"""

import datetime
import re
from collections.abc import Iterable, Sequence

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from claims.models import ClaimRelation, Statement
from claims.names import normalize_name
from infkb.dates import format_fuzzy_date, iso_fuzzy_date
from infkb.languages import language_name
from sources.models import Article

register = template.Library()

# Each kind of statement is marked in the reader's text in its own way (static/css/infkb.css).
MARKED_KINDS = {Statement.Kind.QUOTE, Statement.Kind.PARAPHRASE, Statement.Kind.CHARACTERISATION}

# Paragraphs of an article's text are separated by a blank line.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def _term_pattern(term: str) -> str:
    """A term as a regular expression: a word matches with its endings (the search stems words)."""
    pattern = re.escape(term)
    if re.fullmatch(r"\w+", term) and len(term) > 4:
        pattern = re.escape(term[: max(4, len(term) - 3)]) + r"\w*"
    return (r"(?<!\w)" if term[0].isalnum() else "") + pattern


@register.filter
def highlight(text: object, terms: Iterable[str] | None) -> SafeString:
    """`text`, HTML-escaped, with every occurrence of the search `terms` wrapped in <mark>.

    The text is cut at the matches and every piece escaped on its own, so neither
    the text nor the terms can inject markup.
    """
    text = "" if text is None else str(text)
    words = sorted({term.strip() for term in (terms or []) if term and term.strip()}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(_term_pattern(word) for word in words), re.IGNORECASE)
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        if not match.group():
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


@register.filter
def language(code: str) -> str:
    """ "Russian" for "ru"; a code Django does not know shows as it is, upper-cased."""
    return language_name(code)


RELATION_KIND_LABELS = dict(ClaimRelation.Kind.choices)


@register.filter
def kind_label(kind: str) -> str:
    """ "responds to" for "responds_to": the label of a claim relation's kind."""
    return RELATION_KIND_LABELS.get(kind, kind)


@register.filter
def argued_by(evidence: list[dict]) -> SafeString | str:
    """Who argued a relation (claims/graph.py's evidence entries), linked: "argued by Sergey Lavrov, 2019-09".

    A filter rather than an included template: the claim page shows it for up to 300 relations
    (its two pages and the drawing's list), and an include costs a template render each.
    """
    if not evidence:
        return ""
    cited = format_html_join(
        "; ",
        '<a href="{}">{}</a>, {}<time datetime="{}">{}</time>',
        (
            (
                entry["url"],
                entry["speaker"],
                "reported " if entry["reported"] else "",
                entry["date"],
                entry["date"],
            )
            for entry in evidence
        ),
    )
    return format_html('<span class="argued-by">argued by {}</span>', cited)


@register.simple_tag
def fuzzy_date(value: datetime.date | None, precision: str) -> SafeString:
    """A <time> element that says no more than is known: "October 2018", never "1 October 2018"."""
    if value is None:
        return mark_safe("")
    return format_html(
        '<time datetime="{}">{}</time>', iso_fuzzy_date(value, precision), format_fuzzy_date(value, precision)
    )


@register.simple_tag
def statement_text(
    statement: Statement, terms: Iterable[str] | None = None, words: int | None = None
) -> SafeString:
    """A statement's text as readers see it: a quote in quotation marks, a paraphrase tagged and without.

    A paraphrase is someone's words retold, so it must never look like a quote; every page
    shows statement text through this tag (or the statement_card tag, infkb_cards.py, which uses it).
    `words` cuts the text to that many words, `terms` highlights search terms.
    """
    text = truncate_words(statement.text, words) if words else statement.text
    shown = highlight(text, terms)
    if statement.kind == Statement.Kind.QUOTE:
        return format_html("“{}”", shown)
    outlet = statement.article.outlet.name
    if statement.kind == Statement.Kind.CHARACTERISATION:
        # The outlet's own words about someone's position: labelled as the outlet's, never as a quote.
        return format_html(
            '<span class="tag">{}’s characterisation</span> <span class="paraphrase-text">{}</span>',
            outlet,
            shown,
        )
    return format_html(
        '<span class="tag">Paraphrase</span> <span class="paraphrase-text">{}</span> '
        '<span class="according">according to {}</span>',
        shown,
        outlet,
    )


@register.simple_tag
def who_line(statement: Statement, hide_speaker: bool = False, as_written: bool = False) -> SafeString:
    """Who said it, whom they report, and the office they held that day.

    "Sergey Lavrov, reporting Vladimir Putin, Foreign Minister, Ministry of Foreign Affairs …";
    with `hide_speaker` (on the speaker's own page) "reporting …" and "as <office>" only;
    with `as_written` (the reader, beside the article) also the article's own wording of the role.
    """
    parts = []
    if not hide_speaker:
        parts.append(
            format_html(
                '<a class="speaker" href="{}">{}</a>',
                statement.speaker.get_absolute_url(),
                statement.speaker.name,
            )
        )
    if statement.reported_speaker_id:
        reported = statement.reported_speaker
        parts.append(
            format_html(
                '<span class="reporting">reporting <a href="{}">{}</a></span>',
                reported.get_absolute_url(),
                reported.name,
            )
        )
    office = office_held(statement, as_written)
    if office:
        parts.append(office if not hide_speaker else format_html("as {}", office))
    return mark_safe(", ".join(parts))


def office_held(statement: Statement, show_wording: bool = False) -> SafeString:
    """The office from the speaker's roles (else the article's wording of it), and, if asked, the wording too.

    The wording may be wrong (the seed's "spokesman" for a department director is a mistranslation),
    so the office comes first; the wording is shown beside it where the article is read.
    """
    wording = (statement.speaker_role or "").strip()
    if not statement.role_id:
        return format_html('<span class="role">{}</span>', wording) if wording else mark_safe("")
    office = format_html('<span class="role">{}</span>', statement.role)
    if show_wording and wording and not _same_office(wording, statement.role.title):
        office = format_html('{} <span class="as-written">(in the article: “{}”)</span>', office, wording)
    return office


def _same_office(wording: str, title: str) -> bool:
    """ "Deputy Foreign Minister" and "the deputy foreign minister of Russia" say the same: show one."""
    wording, title = normalize_name(wording), normalize_name(title)
    return title in wording or wording in title


@register.simple_tag
def translation_label(article: Article) -> SafeString:
    """ "Machine translation from Russian", as a tag; nothing for an original text."""
    if not article.is_translation:
        return mark_safe("")
    return format_html('<span class="tag translation">{}</span>', article.translation_display)


@register.simple_tag
def said_or_reported(statement: Statement) -> SafeString:
    """When a statement was said; if that is unknown, "reported" with its article's publication date."""
    if statement.said_on:
        return fuzzy_date(statement.said_on, statement.said_precision)
    article = statement.article
    return format_html(
        '<span class="reported">reported {}</span>',
        fuzzy_date(article.published_on, article.published_precision),
    )


def truncate_words(text: str, words: int) -> str:
    return Truncator(text).words(words, truncate="…")


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for separator in PARAGRAPH_BREAK.finditer(text):
        if separator.start() > start:
            spans.append((start, separator.start()))
        start = separator.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _label(statement: Statement) -> SafeString:
    return format_html(
        '<a class="who" href="#card-{}" title="{}">{}</a>',
        statement.pk,
        _describe(statement),
        statement.speaker.name,
    )


def _describe(statement: Statement) -> str:
    parts = [statement.attribution]
    if statement.role_id:
        parts.append(str(statement.role))
    elif statement.speaker_role:
        parts.append(statement.speaker_role)
    if statement.kind != Statement.Kind.QUOTE:
        parts.append(statement.get_kind_display().lower())
    if statement.said_display:
        parts.append(statement.said_display)
    return ", ".join(parts)


def _fits(statement: Statement, text: str) -> bool:
    start, end = statement.start, statement.end
    return start is not None and end is not None and 0 <= start < end <= len(text)


def render_article_text(text: str, statements: Sequence[Statement]) -> SafeString:
    """The article as <p> paragraphs, each anchored statement wrapped in <mark id="statement-<pk>">.

    Overlapping or nested statements are handled by cutting the text at every
    statement boundary: each piece is wrapped in one <mark> per statement that
    covers it (outermost first), and the id goes on a statement's first piece,
    preceded by a link naming its speaker. Statements whose offsets do not fit
    the text are left out rather than breaking the page.
    """
    anchored = sorted(
        (s for s in statements if _fits(s, text)),
        key=lambda s: (s.start, -s.end, s.pk),
    )
    html: list[str] = []
    for para_start, para_end in _paragraph_spans(text):
        cuts = {para_start, para_end}
        for statement in anchored:
            cuts |= {max(para_start, min(para_end, edge)) for edge in (statement.start, statement.end)}
        cuts_in_order = sorted(cuts)
        pieces: list[str] = []
        for start, end in zip(cuts_in_order, cuts_in_order[1:], strict=False):
            piece = escape(text[start:end])
            covering = [s for s in anchored if s.start <= start and s.end >= end]
            for statement in reversed(covering):
                kind = statement.kind if statement.kind in MARKED_KINDS else "paraphrase"
                piece = format_html(
                    '<mark class="{}" data-statement="{}"{}>{}</mark>',
                    kind,
                    statement.pk,
                    format_html(' id="statement-{}" title="{}"', statement.pk, _describe(statement))
                    if statement.start == start
                    else "",
                    piece,
                )
            labels = "".join(_label(s) for s in covering if s.start == start)
            pieces.append(labels + piece)
        html.append(format_html("<p>{}</p>", mark_safe("".join(pieces))))
    return mark_safe("\n".join(html))


@register.simple_tag
def article_text(text: str, statements: Sequence[Statement]) -> SafeString:
    return render_article_text(text, statements)


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, param: str, number: int) -> str:
    """The current query string with ?`param`=`number`: a link to another page of one list.

    For pages with several paginated lists (the claim page's sides); escaped on output.
    """
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()
