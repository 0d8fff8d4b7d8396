"""What the pages list by the dozen or the hundred, drawn in Python rather than by template markup.

The statement card: the claim, actor, home and timeline pages show 8 to 75 each, and as an included
template (includes/statement.html) a card cost ~60 node renders, most of those pages' CPU. The claim
page's relations and its drawing's list: up to ~400 items. The HTML is the templates' byte for byte,
newlines and indents included (so the pages did not change), and every piece of text is escaped as
the template escaped it (format_html, escape).
"""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import ClaimRelation, Statement
from claims.templatetags.infkb_pages import (
    argued_by,
    kind_label,
    said_or_reported,
    statement_text,
    translation_label,
    who_line,
)

register = template.Library()


def _stances(statement: Statement) -> str:
    items = "".join(
        format_html(
            '\n    <li><span class="stance stance-{}">{}</span> <a href="{}">{}</a></li>\n    ',
            stance.stance,
            stance.get_stance_display(),
            stance.claim.get_absolute_url(),
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
                statement.get_absolute_url(),
                article.outlet.name,
                article.title,
            ),
            f' <span class="sep">·</span> {translation_label(article)}' if article.is_translation else "",
            "\n  </p>\n  ",
        )
    )
    stances = _stances(statement) if show_claims and statement.visible_stances else ""
    return mark_safe(f'\n<article class="{classes}">{body}{meta}{stances}\n</article>\n')


@register.simple_tag
def relation_item(relation: ClaimRelation, direction: str) -> SafeString:
    """One of a claim page's relations as a list item: "out" names the claim it points to, "in" the claim
    pointing to this one. (A tag, not template markup: the page lists 100 of them.)"""
    kind, label, argued = relation.kind, relation.get_kind_display(), argued_by(relation.cited)
    if direction == "out":
        other = relation.target
        return format_html(
            '<li><span class="rel rel-{}">{}</span> <a href="{}">{}</a> {}</li>',
            kind,
            label,
            other.get_absolute_url(),
            other.text,
            argued,
        )
    other = relation.source
    return format_html(
        '<li><a href="{}">{}</a> <span class="rel rel-{}">{} it</span> {}</li>',
        other.get_absolute_url(),
        other.text,
        kind,
        label,
        argued,
    )


def _graph_end(node: dict) -> SafeString:
    if node.get("is_root"):
        return format_html("<strong>{}</strong>", node["text"])
    return format_html('<a href="{}">{}</a>', node["url"], node["text"])


@register.simple_tag
def graph_edge_item(edge: dict) -> SafeString:
    """A relation of the claim page's drawing as a list item (the drawing has up to a few hundred)."""
    return format_html(
        '<li>{} <span class="rel rel-{}">{}</span> {} {}</li>',
        _graph_end(edge["source"]),
        edge["kind"],
        kind_label(edge["kind"]),
        _graph_end(edge["target"]),
        argued_by(edge["evidence"]),
    )
