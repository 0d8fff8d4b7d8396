"""The statement and claim lists' representations, written out by hand.

The same fields, in the same order and with the same values, as
StatementSerializer and ClaimSerializer (which they subclass, so the OpenAPI
schema and writes are theirs), without DRF's per-field machinery: a 50-row
page went through ~200 reverse() calls and ~1,500 field objects, which cost
most of the request at a million statements (see docs/performance.md).
Each record's URLs are formatted from one reverse() per view per request.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from rest_framework.reverse import reverse

from claims.serializers import ClaimSerializer, StatementSerializer
from infkb.dates import iso_fuzzy_date

# A primary key no record has: reversed once, then replaced by each record's own.
_SENTINEL = 987654321987


def url_parts(context: dict, view_name: str) -> tuple[str, str]:
    """What DRF's reverse() puts before "/<pk>/" and after it in `view_name`'s absolute URL."""
    sample = reverse(view_name, kwargs={"pk": _SENTINEL}, request=context.get("request"))
    head, _, tail = sample.partition(f"/{_SENTINEL}/")
    return head, tail


def url_maker(context: dict, view_name: str) -> Callable[[int], str]:
    """A function pk → the absolute URL DRF's reverse() gives for `view_name`, built from one reverse().

    Cached in the serializer context, which every record of a page or an export shares.
    """
    makers = context.setdefault("_url_makers", {})
    if view_name not in makers:
        head, tail = url_parts(context, view_name)
        makers[view_name] = lambda pk: f"{head}/{pk}/{tail}"
    return makers[view_name]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class StatementListSerializer(StatementSerializer):
    """StatementSerializer's read representation, for the list and the exports.

    Reads the prefetched `visible_stances` and `listed_events` (StatementViewSet.visible_queryset).
    """

    def to_representation(self, statement: Model) -> dict:
        context = self.context
        statement_url = url_maker(context, "api:statement-detail")
        actor_url = url_maker(context, "api:actor-detail")
        article_url = url_maker(context, "api:article-detail")
        claim_url = url_maker(context, "api:claim-detail")
        article = statement.article
        return {
            "id": statement.pk,
            "url": statement_url(statement.pk),
            "kind": statement.kind,
            "text": statement.text,
            "speaker": statement.speaker_id,
            "speaker_url": actor_url(statement.speaker_id),
            "speaker_name": statement.speaker.name,
            "speaker_wikidata_id": statement.speaker.wikidata_id,
            "reported_speaker": statement.reported_speaker_id,
            "reported_speaker_name": statement.reported_speaker.name
            if statement.reported_speaker_id
            else None,
            "speaker_role": statement.speaker_role,
            "role": statement.role_id,
            "role_held": str(statement.role) if statement.role_id else None,
            "article": statement.article_id,
            "article_url": article_url(statement.article_id),
            "article_title": article.title,
            "outlet_name": article.outlet.name,
            "outlet_wikidata_id": article.outlet.wikidata_id,
            "published_on": _iso(article.published_on),
            "translation": article.translation,
            "original_language": article.original_language,
            "said_on": _iso(statement.said_on),
            "said_precision": statement.said_precision,
            "said": iso_fuzzy_date(statement.said_on, statement.said_precision),
            "venue": statement.venue,
            "start": statement.start,
            "end": statement.end,
            "events": [event.pk for event in statement.listed_events],
            "stances": [
                {
                    "claim": stance.claim_id,
                    "claim_url": claim_url(stance.claim_id),
                    "claim_text": stance.claim.text,
                    "stance": stance.stance,
                    "status": stance.status,
                }
                for stance in statement.visible_stances
            ],
            "status": statement.status,
            "version": statement.version,
        }


class ClaimListSerializer(ClaimSerializer):
    """ClaimSerializer's read representation, for the list and the exports.

    Reads the prefetched `visible_outgoing`, `visible_incoming`, `listed_weapon_systems` and
    `listed_subjects` (ClaimViewSet.visible_queryset).
    """

    def to_representation(self, claim: Model) -> dict:
        context = self.context
        claim_url = url_maker(context, "api:claim-detail")
        graph_url = url_maker(context, "api:claim-graph")
        weapon_systems, subjects = claim.listed_weapon_systems, claim.listed_subjects
        relations = [*getattr(claim, "visible_outgoing", []), *getattr(claim, "visible_incoming", [])]
        relations.sort(key=lambda relation: relation.pk)
        return {
            "id": claim.pk,
            "url": claim_url(claim.pk),
            "slug": claim.slug,
            "text": claim.text,
            "description": claim.description,
            "weapon_systems": [weapon.pk for weapon in weapon_systems],
            "weapon_system_names": [weapon.name for weapon in weapon_systems],
            "subjects": [subject.pk for subject in subjects],
            "subject_names": [subject.name for subject in subjects],
            "n_asserting": claim.n_asserting,
            "n_denying": claim.n_denying,
            "relations": [_relation(relation, claim.pk) for relation in relations],
            "graph_url": graph_url(claim.pk),
            "status": claim.status,
            "version": claim.version,
        }


def _relation(relation: Model, claim_id: int) -> dict:
    outgoing = relation.source_id == claim_id
    other = relation.target if outgoing else relation.source
    return {
        "relation": relation.pk,
        "kind": relation.kind,
        "direction": "outgoing" if outgoing else "incoming",
        "claim": other.pk,
        "claim_text": other.text,
    }
