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

from django.db.models import Case, F, Model, QuerySet, TextField, Value, When
from django.db.models.functions import Concat, JSONObject, Lower, StrIndex
from django.db.models.lookups import GreaterThan
from rest_framework.reverse import reverse

from claims.models import Claim, ClaimRelation, Statement
from claims.serializers import RELATIONS_SHOWN, ClaimSerializer, StatementSerializer, relations_url_maker
from infkb.dates import iso_fuzzy_date
from infkb.json_rows import related_list
from infkb.provenance import links_visible_to, published_q, sees_drafts

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


def role_held() -> Case:
    """str(statement.role) in SQL (claims.models.Role.__str__): "Director, Department X", or the
    title alone when it names its organisation; NULL with no role."""
    title, organisation = F("role__title"), F("role__organisation__name")
    names_it = GreaterThan(StrIndex(Lower(title), Lower(organisation)), 0)
    return Case(
        When(role__isnull=True, then=Value(None)),
        When(role__organisation__isnull=True, then=title),
        When(names_it, then=title),
        default=Concat(title, Value(", "), organisation),
        output_field=TextField(),
    )


# A statement row of the list: its columns, and what the serializer reads through its relations.
STATEMENT_ROW_FIELDS = (
    *("pk", "id", "kind", "text", "speaker_id", "reported_speaker_id", "speaker_role", "role_id"),
    *("article_id", "said_on", "said_precision", "venue", "start", "end", "status", "version"),
    # The list's sortable annotations (StatementViewSet.visible_queryset): the cursor reads them.
    *("date", "published_on", "speaker_name"),
)


def statement_rows(statements: QuerySet, stances: QuerySet, user: Any) -> QuerySet:
    """The statements as StatementListSerializer's rows: one query, dicts rather than models.

    `statements` carries the list's annotations; `stances` are those the reader may see, and so
    are the events listed (`user`'s). A row's
    stances and events come as JSON lists from correlated subqueries (infkb.json_rows), which
    cost the page one query instead of three, and no model instances.
    """
    stance = JSONObject(claim="claim_id", claim_text="claim__text", stance="stance", status="status")
    event = JSONObject(id="event_id", date="event__date", title="event__title")
    return statements.values(
        *STATEMENT_ROW_FIELDS,
        reported_speaker_name=F("reported_speaker__name"),
        speaker_wikidata_id=F("speaker__wikidata_id"),
        role_held=role_held(),
        article_title=F("article__title"),
        outlet_name=F("article__outlet__name"),
        outlet_wikidata_id=F("article__outlet__wikidata_id"),
        translation=F("article__translation"),
        original_language=F("article__original_language"),
        listed_stances=related_list(stances, "statement", stance),
        listed_events=related_list(visible_event_links(user), "statement", event),
    )


def visible_event_links(user: Any) -> QuerySet:
    """The links of statements to the events `user` may read."""
    return links_visible_to(Statement.events.through.objects.all(), "event", user)


def _statement_row(statement: Model) -> dict:
    """A Statement with the list's prefetches (the exports') as the row statement_rows gives."""
    article = statement.article
    return {
        **{name: getattr(statement, name) for name in STATEMENT_ROW_FIELDS},
        "reported_speaker_name": statement.reported_speaker.name if statement.reported_speaker_id else None,
        "speaker_wikidata_id": statement.speaker.wikidata_id,
        "role_held": str(statement.role) if statement.role_id else None,
        "article_title": article.title,
        "outlet_name": article.outlet.name,
        "outlet_wikidata_id": article.outlet.wikidata_id,
        "translation": article.translation,
        "original_language": article.original_language,
        "listed_stances": [
            {"claim": s.claim_id, "claim_text": s.claim.text, "stance": s.stance, "status": s.status}
            for s in statement.visible_stances
        ],
        "listed_events": [{"id": event.pk} for event in statement.listed_events],
        "ordered": True,
    }


class StatementListSerializer(StatementSerializer):
    """StatementSerializer's read representation, for the list and the exports.

    Reads the rows of statement_rows (the list), or Statements with the prefetched
    `visible_stances` and `listed_events` (the exports: StatementViewSet.visible_queryset).
    """

    def to_representation(self, statement: Model | dict) -> dict:
        row = statement if isinstance(statement, dict) else _statement_row(statement)
        context = self.context
        statement_url = url_maker(context, "api:statement-detail")
        actor_url = url_maker(context, "api:actor-detail")
        article_url = url_maker(context, "api:article-detail")
        claim_url = url_maker(context, "api:claim-detail")
        stances, events = row["listed_stances"] or [], row["listed_events"] or []
        if not row.get("ordered"):
            # The prefetches' order: Stance.Meta orders by claim (whose order is its text), then
            # stance; Event.Meta by date, then title.
            stances = sorted(stances, key=lambda stance: (stance["claim_text"], stance["stance"]))
            events = sorted(events, key=lambda event: (event["date"], event["title"]))
        pk = row["pk"]
        return {
            "id": pk,
            "url": statement_url(pk),
            "kind": row["kind"],
            "text": row["text"],
            "speaker": row["speaker_id"],
            "speaker_url": actor_url(row["speaker_id"]),
            "speaker_name": row["speaker_name"],
            "speaker_wikidata_id": row["speaker_wikidata_id"],
            "reported_speaker": row["reported_speaker_id"],
            "reported_speaker_name": row["reported_speaker_name"],
            "speaker_role": row["speaker_role"],
            "role": row["role_id"],
            "role_held": row["role_held"],
            "article": row["article_id"],
            "article_url": article_url(row["article_id"]),
            "article_title": row["article_title"],
            "outlet_name": row["outlet_name"],
            "outlet_wikidata_id": row["outlet_wikidata_id"],
            "published_on": _iso(row["published_on"]),
            "translation": row["translation"],
            "original_language": row["original_language"],
            "said_on": _iso(row["said_on"]),
            "said_precision": row["said_precision"],
            "said": iso_fuzzy_date(row["said_on"], row["said_precision"]),
            "venue": row["venue"],
            "start": row["start"],
            "end": row["end"],
            "events": [event["id"] for event in events],
            "stances": [
                {
                    "claim": stance["claim"],
                    "claim_url": claim_url(stance["claim"]),
                    "claim_text": stance["claim_text"],
                    "stance": stance["stance"],
                    "status": stance["status"],
                }
                for stance in stances
            ],
            "status": row["status"],
            "version": row["version"],
        }


# A claim row of the list: its columns, and what the cursor may sort by (it reads the first ordering
# field from each row).
CLAIM_ROW_FIELDS = (
    *("pk", "id", "slug", "text", "description", "status", "version"),
    # Claim.objects.with_stance_counts()
    *("n_asserting", "n_denying"),
)


def claim_rows(claims: QuerySet, user: Any, *, bounded: bool) -> QuerySet:
    """The claims as ClaimListSerializer's rows: one query, dicts rather than models.

    `claims` carries with_stance_counts() and holds only claims `user` may read; the relations,
    weapon systems and subjects listed are those `user` may read too. A row's relations (each
    direction), weapon systems and subjects come as JSON lists from correlated subqueries
    (infkb.json_rows), which cost the page one query instead of five, and no models.
    `bounded` (a page, not an export): each direction's first RELATIONS_SHOWN + 1 relations
    only, enough to show RELATIONS_SHOWN and to know whether there are more.
    """
    first = RELATIONS_SHOWN + 1 if bounded else None
    outgoing = JSONObject(
        relation="pk", kind="kind", direction=Value("outgoing"), claim="target_id", claim_text="target__text"
    )
    incoming = JSONObject(
        relation="pk", kind="kind", direction=Value("incoming"), claim="source_id", claim_text="source__text"
    )
    weapon_system = JSONObject(id="weaponsystem_id", name="weaponsystem__name")
    subject = JSONObject(id="actor_id", name="actor__name")
    weapon_systems = links_visible_to(Claim.weapon_systems.through.objects.all(), "weaponsystem", user)
    subjects = links_visible_to(Claim.subjects.through.objects.all(), "actor", user)
    return claims.values(
        *CLAIM_ROW_FIELDS,
        listed_outgoing=related_list(_relations_of_listed(user, "source"), "source", outgoing, first=first),
        listed_incoming=related_list(_relations_of_listed(user, "target"), "target", incoming, first=first),
        listed_weapon_systems=related_list(weapon_systems, "claim", weapon_system),
        listed_subjects=related_list(subjects, "claim", subject),
    )


def _relations_of_listed(user: Any, listed_end: str) -> QuerySet:
    """The relations `user` may read whose `listed_end` is a claim of the list.

    For readers the list's claims are published already: checking that end again is a self-join
    per row and direction (a tenth of the claims list's database time at a million statements).
    """
    if sees_drafts(user, ClaimRelation):
        return ClaimRelation.objects.all()
    if sees_drafts(user, Claim):  # the listed end may be a draft: check both ends
        return ClaimRelation.objects.published()
    return ClaimRelation.objects.filter(published_q(ClaimRelation, joined_from=listed_end))


def _by_name(named: list[dict] | None) -> list[dict]:
    """Weapon systems or actors in the detail's order (their Meta.ordering: by name)."""
    return sorted(named or [], key=lambda record: (record["name"], record["id"]))


class ClaimListSerializer(ClaimSerializer):
    """ClaimSerializer's read representation, for the list and the exports: reads claim_rows' rows."""

    def to_representation(self, row: dict) -> dict:
        context = self.context
        claim_url = url_maker(context, "api:claim-detail")
        graph_url = url_maker(context, "api:claim-graph")
        relations_url = relations_url_maker(context)
        weapon_systems, subjects = _by_name(row["listed_weapon_systems"]), _by_name(row["listed_subjects"])
        # The detail's order: both directions together, by the relation's id. (Each is rebuilt
        # below, in the detail's key order: PostgreSQL's jsonb keeps its keys in its own.)
        relations = sorted(
            [*(row["listed_outgoing"] or []), *(row["listed_incoming"] or [])],
            key=lambda relation: relation["relation"],
        )
        # A page's rows hold each direction's first RELATIONS_SHOWN + 1: the first RELATIONS_SHOWN
        # of both are among them. An export's hold them all.
        truncated = self.context.get("bounded_relations", False) and len(relations) > RELATIONS_SHOWN
        if truncated:
            relations = relations[:RELATIONS_SHOWN]
        pk = row["pk"]
        return {
            "id": pk,
            "url": claim_url(pk),
            "slug": row["slug"],
            "text": row["text"],
            "description": row["description"],
            "weapon_systems": [weapon["id"] for weapon in weapon_systems],
            "weapon_system_names": [weapon["name"] for weapon in weapon_systems],
            "subjects": [subject["id"] for subject in subjects],
            "subject_names": [subject["name"] for subject in subjects],
            "n_asserting": row["n_asserting"],
            "n_denying": row["n_denying"],
            "relations": [
                {
                    "relation": relation["relation"],
                    "kind": relation["kind"],
                    "direction": relation["direction"],
                    "claim": relation["claim"],
                    "claim_text": relation["claim_text"],
                }
                for relation in relations
            ],
            "relations_truncated": truncated,
            "relations_url": relations_url(pk),
            "graph_url": graph_url(pk),
            "status": row["status"],
            "version": row["version"],
        }
