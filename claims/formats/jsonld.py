"""A claim as schema.org `Claim` JSON-LD (https://schema.org/Claim), for search engines and fact-checkers.

`appearance` lists every published statement on the claim, streamed by the API at
flat memory (the claim page's embedded copy: only those the page lists): a verbatim quote as a
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
from collections.abc import Callable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
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

STREAM_CHUNK = 500  # statements read from the database at a time by claim_jsonld_chunks
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


def _claim_fields(claim: Claim, absolute: Callable[[str], str]) -> dict[str, Any]:
    """The claim's own fields, its appearances aside. One query (its weapon systems, unless prefetched)."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Claim",
        "@id": absolute(claim.get_absolute_url()),
        "url": absolute(claim.get_absolute_url()),
        "name": claim.text,
        "text": claim.text,
        "dateCreated": claim.created_at.date().isoformat(),
        "dateModified": claim.updated_at.date().isoformat(),
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
    return data


def claim_jsonld(claim: Claim, absolute: Callable[[str], str], *, shown: list[tuple[Statement, str]]) -> dict:
    """`claim` as schema.org JSON-LD with the appearances `shown` ((statement, stance) pairs), for its page.

    The claim page embeds the statements it lists, not a big claim's 57,000 quotations (nor, then,
    the firstAppearance, which only the full list knows): the API streams those (claim_jsonld_chunks).
    `absolute` turns a path into a full URL.
    """
    appearances = sorted(shown, key=lambda pair: (pair[0].reported_on, pair[0].pk))
    return {
        **_claim_fields(claim, absolute),
        "appearance": [quotation(statement, stance, absolute) for statement, stance in appearances],
    }


def _dumps(data: dict) -> str:
    # Compact, as DRF's JSONRenderer writes: 5% of a big claim's 46 MB is spaces otherwise.
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def claim_jsonld_chunks(claim: Claim, absolute: Callable[[str], str]) -> Iterator[str]:
    """`claim` as one JSON-LD document with every published statement on it, as text in pieces.

    The biggest claims have tens of thousands of statements: they are read through a database
    cursor, in chunks, and written as they come, so memory stays flat whatever the claim (the
    time is what the document holds). `firstAppearance`, the oldest, comes last: it is the first
    appearance written. Three queries: the weapon systems, the stances (chunked), and none more.
    """
    stances = (
        Stance.objects.published()
        .filter(claim=claim)
        .select_related("statement__speaker", "statement__reported_speaker", "statement__article__outlet")
        .defer("statement__article__text")
        # Oldest first, as the statements' reported_on (copied on the stance) orders them.
        .order_by("reported_on", "statement_id")
    )
    head = _dumps(_claim_fields(claim, absolute))
    yield head[:-1] + ',"appearance":['
    first = None
    # In a transaction: outside one, PostgreSQL's server-side cursor is declared WITH HOLD and
    # computes the whole result before the first row (see infkb.api._records).
    with transaction.atomic(savepoint=False):
        for stance in stances.iterator(chunk_size=STREAM_CHUNK):
            appearance = _dumps(quotation(stance.statement, stance.stance, absolute))
            yield ("," if first else "") + "\n" + appearance
            first = first or appearance
    yield "\n]" + (f',"firstAppearance":{first}' if first else "") + "}\n"


def jsonld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block, escaped as Django's json_script escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
