"""Wikidata item ids (QIDs): the identifier other tools use for an actor, an outlet or a weapon system.

Stored as the bare id ("Q7747"), never guessed: an editor fills it in only when
sure (docs/formats.md). The exports emit it as the item's address
(`https://www.wikidata.org/wiki/Q7747`): schema.org's `sameAs`, a column in
the CSV and SQLite files.
"""

import django_filters
from django.core.validators import RegexValidator
from django.db import models

WIKIDATA_ITEM_URL = "https://www.wikidata.org/wiki/"
WIKIDATA_URL_HELP = "Its page on Wikidata (from `wikidata_id`); empty when it has none."

validate_wikidata_id = RegexValidator(
    r"^Q[1-9][0-9]*\Z",
    message="A Wikidata item id is a capital Q followed by digits, e.g. Q159 "
    "(the end of the item's address, https://www.wikidata.org/wiki/Q159).",
    code="invalid_wikidata_id",
)


def wikidata_url(wikidata_id: str) -> str:
    """The item's page on Wikidata, or "" when there is no id."""
    return f"{WIKIDATA_ITEM_URL}{wikidata_id}" if wikidata_id else ""


class WikidataItem(models.Model):
    """The optional Wikidata id of a record (actors, outlets, weapon systems)."""

    wikidata_id = models.CharField(
        "Wikidata item",
        max_length=20,
        blank=True,
        default="",
        db_default="",  # rows written by SQL alone (the bench corpus's COPY) have none
        validators=[validate_wikidata_id],
        help_text="Its Wikidata id, e.g. Q159 for Russia. Fill it in only when sure it is this one.",
    )

    class Meta:
        abstract = True

    @property
    def wikidata_url(self) -> str:
        return wikidata_url(self.wikidata_id)


def wikidata_id_filter(noun: str) -> django_filters.CharFilter:
    """An API list's `wikidata_id` parameter; a malformed id is a 400 that says what one looks like."""
    return django_filters.CharFilter(
        field_name="wikidata_id",
        lookup_expr="exact",
        validators=[validate_wikidata_id],
        help_text=f"The {noun} with this Wikidata item id (`Q159`).",
    )
