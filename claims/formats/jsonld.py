"""A claim as schema.org `Claim` JSON-LD (https://schema.org/Claim), for search engines and fact-checkers.

`appearance` lists every published statement on the claim (the claim page's embedded
copy: only those the page lists): a verbatim quote as a
`Quotation` (https://schema.org/Quotation) with who said it (`spokenByCharacter`
and `creator`); a paraphrase or the outlet's characterisation as a `CreativeWork`
created by the outlet and `about` the speaker, never as a quotation. Each has the
article it is based on (`isBasedOn`, a `NewsArticle`, with `translationOfWork`
when the text is a translation), whom it reports (`mentions`) and when it was said.
A speaker, an outlet or a weapon system with a Wikidata item has it as `sameAs`.
Drafts never appear: the statements are read through
`published()` and the stances through the readers' filter.
"""

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Actor, Claim, Stance, Statement
from infkb.dates import iso_fuzzy_date
from infkb.wikidata import WikidataItem

CONTEXT = "https://schema.org"
AGENT_TYPES = {
    Actor.Kind.PERSON: "Person",
    Actor.Kind.ORGANISATION: "Organization",
    # A state speaks through its government: schema.org's Country is a Place, which cannot speak.
    Actor.Kind.STATE: "GovernmentOrganization",
}
STANCE_WORDS = {
    Stance.Kind.ASSERTS: "Asserts the claim.",
    Stance.Kind.DENIES: "Denies the claim.",
    Stance.Kind.MENTIONS: "Mentions the claim.",
}

# What json_script escapes: a quote holding "</script>" or "<!--" cannot end or break the block.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def same_as(record: WikidataItem, data: dict) -> dict:
    """`data` with `sameAs` the record's Wikidata item, when it has one: how other tools know it."""
    if record.wikidata_id:
        data["sameAs"] = record.wikidata_url
    return data


def agent(actor: Actor, absolute: Callable[[str], str]) -> dict:
    return same_as(
        actor,
        {"@type": AGENT_TYPES[actor.kind], "name": actor.name, "url": absolute(actor.get_absolute_url())},
    )


def quotation(statement: Statement, stance: str, absolute: Callable[[str], str]) -> dict:
    """A verbatim quote as a `Quotation` of its speaker; a paraphrase or a characterisation as a
    `CreativeWork` created by the outlet (its words, not the speaker's) and about the speaker."""
    article = statement.article
    speaker = agent(statement.speaker, absolute)
    outlet = same_as(article.outlet, {"@type": "Organization", "name": article.outlet.name})
    based_on = {
        "@type": "NewsArticle",
        "headline": article.title,
        "url": article.url or absolute(article.get_absolute_url()),
        "datePublished": iso_fuzzy_date(article.published_on, article.published_precision),
        "inLanguage": article.language,
        "publisher": outlet,
    }
    if article.is_translation:
        based_on["description"] = article.translation_display
        based_on["translationOfWork"] = {"@type": "CreativeWork", "inLanguage": article.original_language}
    reporting = f" Reporting {statement.reported_speaker.name}." if statement.reported_speaker_id else ""
    if statement.kind == Statement.Kind.QUOTE:
        data = {"@type": "Quotation", "spokenByCharacter": speaker, "creator": speaker}
    else:
        layer = (
            "characterisation of the position"
            if statement.kind == Statement.Kind.CHARACTERISATION
            else "paraphrase"
        )
        reporting = f" {article.outlet.name}’s {layer} of {statement.speaker.name}.{reporting}"
        data = {"@type": "CreativeWork", "creator": outlet, "about": speaker}
    data.update(
        {
            "text": statement.text,
            "url": absolute(statement.get_absolute_url()),
            "description": (STANCE_WORDS[stance] + reporting).strip(),
            "isBasedOn": based_on,
        }
    )
    if statement.reported_speaker_id:
        data["mentions"] = agent(statement.reported_speaker, absolute)
    said = iso_fuzzy_date(statement.said_on, statement.said_precision)
    if said:
        data["dateCreated"] = said
    return data


def claim_jsonld(
    claim: Claim, absolute: Callable[[str], str], *, shown: list[tuple[Statement, str]] | None = None
) -> dict:
    """`claim` as schema.org JSON-LD; `absolute` turns a path into a full URL. Two queries.

    With `shown` ((statement, stance) pairs), the appearances are those only, and no query reads
    them: the claim page embeds the statements it lists, not a big claim's 57,000 quotations
    (nor, then, the firstAppearance, which only the full list knows).
    """
    complete = shown is None
    if complete:
        stances = (
            Stance.objects.published()
            .filter(claim=claim)
            .select_related("statement__speaker", "statement__reported_speaker", "statement__article__outlet")
        )
        shown = [(stance.statement, stance.stance) for stance in stances]
    appearances = sorted(shown, key=lambda pair: (pair[0].reported_on, pair[0].pk))
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Claim",
        "@id": absolute(claim.get_absolute_url()),
        "url": absolute(claim.get_absolute_url()),
        "name": claim.text,
        "text": claim.text,
        "dateCreated": claim.created_at.date().isoformat(),
        "dateModified": claim.updated_at.date().isoformat(),
        "appearance": [quotation(statement, stance, absolute) for statement, stance in appearances],
    }
    if claim.description:
        data["description"] = claim.description
    about = [
        same_as(w, {"@type": "Thing", "name": w.name, "url": absolute(w.get_absolute_url())})
        for w in claim.weapon_systems.all()
        if w.is_published  # all(): the claim page has them prefetched
    ]
    if about:
        data["about"] = about
    if appearances and complete:
        data["firstAppearance"] = data["appearance"][0]
    return data


def jsonld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block, escaped as Django's json_script escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
