"""The statement card, drawn in Python: the same HTML includes/statement.html drew, at a fraction of the cost.

The claim, actor, home and timeline pages show 8 to 75 cards each. As an included template a card
cost ~60 node renders and up to four reverse() calls; most of the busiest pages' CPU went there.
Every piece of text is escaped here as the template escaped it (format_html, escape).
"""

import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Statement
from claims.templatetags.infkb_pages import said_or_reported, statement_text, translation_label, who_line

register = template.Library()

# Slugs that reverse() would write as they are (it quotes anything else): those are spliced in.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_SENTINEL = "slug-sentinel-0"


@lru_cache(maxsize=64)
def _url_around_slug(name: str, script_prefix: str, urlconf: str) -> tuple[str, str]:
    """What comes before and after the slug in the URL `name` (one reverse() for every card)."""
    head, _, tail = reverse(name, urlconf=urlconf, kwargs={"slug": SLUG_SENTINEL}).partition(SLUG_SENTINEL)
    return head, tail


def slug_url(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug}), without resolving the pattern again for each slug."""
    if not PLAIN_SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    head, tail = _url_around_slug(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{head}{slug}{tail}"


def _stances(statement: Statement) -> str:
    items = "".join(
        format_html(
            '\n    <li><span class="stance stance-{}">{}</span> <a href="{}">{}</a></li>\n    ',
            stance.stance,
            stance.get_stance_display(),
            slug_url("claim-detail", stance.claim.slug),
            stance.claim.text,
        )
        for stance in statement.visible_stances
    )
    return f'\n  <ul class="stances">\n    {items}\n  </ul>\n  '


@register.simple_tag
def statement_card(statement: Statement, hide_speaker: bool = False, show_claims: bool = False) -> SafeString:
    """A statement as the pages list it: its text, who said it and when, its source, and (with
    `show_claims`) the claims it takes a stance on. `hide_speaker` on the speaker's own page."""
    kind = statement.kind
    classes = "statement"
    if kind != Statement.Kind.QUOTE:
        classes += " is-paraphrase"
    if kind == Statement.Kind.CHARACTERISATION:
        classes += " is-characterisation"
    text = statement_text(statement)
    if kind == Statement.Kind.QUOTE:
        body = f"\n  \n  <blockquote><p>{text}</p></blockquote>\n  "
    else:
        body = f'\n  \n  <p class="paraphrase">{text}</p>\n  '
    who = who_line(statement, hide_speaker)
    article = statement.article
    source_url = f"{slug_url('article-detail', article.slug)}#statement-{statement.pk}"
    meta = "".join(
        (
            f'\n  <p class="meta">\n    {who}\n    ',
            '<span class="sep">·</span> ' if who else "",
            said_or_reported(statement),
            "\n    ",
            f'<span class="sep">·</span> {escape(statement.venue)}' if statement.venue else "",
            "\n    ",
            format_html(
                '<span class="sep">·</span> <a class="source" href="{}">{}, “{}”</a>',
                source_url,
                article.outlet.name,
                article.title,
            ),
            f' <span class="sep">·</span> {translation_label(article)}' if article.is_translation else "",
            "\n  </p>\n  ",
        )
    )
    stances = _stances(statement) if show_claims and statement.visible_stances else ""
    return mark_safe(f'\n<article class="{classes}">{body}{meta}{stances}\n</article>\n')
