"""API representations of actors, weapon systems, events, claims, relations and statements.

Conventions (see docs/api.md): `url` is the record's address in the API;
related records are written and read by id, with their API `…_url` and the
name or title a reader needs embedded, so that a list needs no request per row.
Writes are validated by the models' own clean() (CleanModelSerializer).
"""

from collections.abc import Callable

from django.db import transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimRelation,
    Event,
    Role,
    Stance,
    Statement,
    WeaponDesignation,
    WeaponSystem,
)
from claims.other_names import OtherNames
from infkb.api import CleanModelSerializer
from infkb.dates import iso_fuzzy_date
from infkb.provenance import ReviewStatus, publish_permission
from infkb.wikidata import WIKIDATA_URL_HELP

# ---------------------------------------------------------------- actors


class RoleSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, default=None)
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()

    class Meta:
        model = Role
        fields = ["id", "title", "organisation", "organisation_name", "start", "end"]

    def get_start(self, role: Role) -> str:
        return iso_fuzzy_date(role.start, role.start_precision)

    def get_end(self, role: Role) -> str:
        return iso_fuzzy_date(role.end, role.end_precision)


@extend_schema_field({"type": "array", "items": {"type": "string", "maxLength": 200}})
class AliasNamesField(serializers.ListField):
    """An actor's aliases as their names, read from the actor's (prefetched) alias rows."""

    child = serializers.CharField(max_length=200)

    def to_representation(self, aliases) -> list[str]:
        return [alias.name for alias in aliases.all()]


class ActorSerializer(CleanModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail")
    country_url = serializers.HyperlinkedRelatedField(
        source="country", view_name="api:actor-detail", read_only=True, allow_null=True
    )
    country_name = serializers.CharField(source="country.name", read_only=True, allow_null=True, default=None)
    aliases = AliasNamesField(
        required=False,
        help_text="Other spellings of the name. Written, the list replaces the actor's aliases: "
        "leave one out to delete it (a reviewer's permission), omit the field to keep them all.",
    )
    roles = RoleSerializer(many=True, read_only=True)
    wikidata_url = serializers.CharField(read_only=True, help_text=WIKIDATA_URL_HELP)

    class Meta:
        model = Actor
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "country",
            "country_url",
            "country_name",
            "aliases",
            "roles",
            "description",
            "wikidata_id",
            "wikidata_url",
        ]

    def validate_aliases(self, names: list[str]) -> list[str]:
        self._aliases = OtherNames(ActorAlias, "actor", self.instance, self.context["request"].user)
        self._aliases.plan([{"name": name} for name in names])
        return names

    @transaction.atomic
    def _save(self, validated_data: dict) -> Actor:
        names = validated_data.pop("aliases", None)
        actor = super()._save(validated_data)
        if names is not None:
            self._aliases.write(actor, "aliases")
        return actor


# ---------------------------------------------------------------- weapon systems and events


class DesignationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    # No default: DRF applies one in a PUT but not in a PATCH, and a name sent again without its kind
    # then lost it (an official index became an "other name"). Omitted, a name kept keeps its kind
    # and a new one is an alias (the model's default).
    kind = serializers.ChoiceField(
        choices=WeaponDesignation.Kind.choices,
        required=False,
        help_text="Omitted: a name the weapon system has keeps its kind, a new one is an `alias`.",
    )


class WeaponSystemSerializer(CleanModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:weaponsystem-detail")
    country_url = serializers.HyperlinkedRelatedField(
        source="country", view_name="api:actor-detail", read_only=True, allow_null=True
    )
    country_name = serializers.CharField(source="country.name", read_only=True, allow_null=True, default=None)
    designations = DesignationSerializer(
        many=True,
        required=False,
        help_text="Its other names. Written, the list replaces the weapon system's designations: "
        "leave one out to delete it (a reviewer's permission), omit the field to keep them all.",
    )
    wikidata_url = serializers.CharField(read_only=True, help_text=WIKIDATA_URL_HELP)

    class Meta:
        model = WeaponSystem
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "country",
            "country_url",
            "country_name",
            "category",
            "basing",
            "designations",
            "description",
            "wikidata_id",
            "wikidata_url",
        ]

    def validate_designations(self, designations: list[dict]) -> list[dict]:
        self._designations = OtherNames(
            WeaponDesignation, "weapon_system", self.instance, self.context["request"].user
        )
        self._designations.plan(designations)
        return designations

    @transaction.atomic
    def _save(self, validated_data: dict) -> WeaponSystem:
        designations = validated_data.pop("designations", None)
        weapon = super()._save(validated_data)
        if designations is not None:
            self._designations.write(weapon, "designations")
        return weapon


class EventSerializer(CleanModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail")
    when = serializers.SerializerMethodField(
        help_text="The date at its precision: 2019-08-18, 2018-10 or 1987."
    )
    actor_names = serializers.SlugRelatedField(source="actors", slug_field="name", many=True, read_only=True)
    weapon_system_names = serializers.SlugRelatedField(
        source="weapon_systems", slug_field="name", many=True, read_only=True
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "url",
            "slug",
            "title",
            "date",
            "date_precision",
            "when",
            "description",
            "actors",
            "actor_names",
            "weapon_systems",
            "weapon_system_names",
        ]

    def get_when(self, event: Event) -> str:
        return iso_fuzzy_date(event.date, event.date_precision)


# ---------------------------------------------------------------- claims and relations

# A claim's record shows this many of its relations; `relations_url` pages through them all.
RELATIONS_SHOWN = 50


def relations_url_maker(context: dict) -> Callable[[int], str]:
    """A function claim pk → the absolute URL of its relations in the relations list, from one reverse()
    per request (cached in the serializer context, which every record of a page shares)."""
    makers = context.setdefault("_url_makers", {})
    if "relations" not in makers:
        relations = reverse("api:claimrelation-list", request=context.get("request"))
        # reverse() keeps a ?format= the request was asked with (as in every record's `url`).
        joiner = "&" if "?" in relations else "?"
        makers["relations"] = lambda pk: f"{relations}{joiner}claim={pk}"
    return makers["relations"]


class RelatedClaimSerializer(serializers.Serializer):
    """One edge of the claim graph as seen from a claim."""

    relation = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    direction = serializers.SerializerMethodField(
        help_text="`outgoing`: this claim <kind> the other; `incoming`: the other <kind> this claim."
    )
    claim = serializers.SerializerMethodField()
    claim_text = serializers.SerializerMethodField()

    def _other(self, relation: ClaimRelation) -> Claim:
        return relation.target if relation.source_id == self.context["claim_id"] else relation.source

    def get_direction(self, relation: ClaimRelation) -> str:
        return "outgoing" if relation.source_id == self.context["claim_id"] else "incoming"

    def get_claim(self, relation: ClaimRelation) -> int:
        return self._other(relation).pk

    def get_claim_text(self, relation: ClaimRelation) -> str:
        return self._other(relation).text


class ClaimSerializer(CleanModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    graph_url = serializers.HyperlinkedIdentityField(view_name="api:claim-graph")
    weapon_system_names = serializers.SlugRelatedField(
        source="weapon_systems", slug_field="name", many=True, read_only=True
    )
    subject_names = serializers.SlugRelatedField(
        source="subjects", slug_field="name", many=True, read_only=True
    )
    n_asserting = serializers.IntegerField(read_only=True, help_text="Published statements asserting it.")
    n_denying = serializers.IntegerField(read_only=True, help_text="Published statements denying it.")
    relations = serializers.SerializerMethodField(
        help_text=f"Its relations in the claim graph, by id: the first {RELATIONS_SHOWN} (every one in "
        "an export). A hub claim has thousands: `relations_url` lists them all."
    )
    relations_truncated = serializers.SerializerMethodField(
        help_text=f"True when the claim has more than {RELATIONS_SHOWN} relations and `relations` shows "
        f"the first {RELATIONS_SHOWN}."
    )
    relations_url = serializers.SerializerMethodField(
        help_text="Every relation of the claim: the relations list filtered by it "
        "(`/api/v1/claim-relations/?claim=<id>`)."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "slug",
            "text",
            "description",
            "weapon_systems",
            "weapon_system_names",
            "subjects",
            "subject_names",
            "n_asserting",
            "n_denying",
            "relations",
            "relations_truncated",
            "relations_url",
            "graph_url",
            "status",
            "version",
        ]
        read_only_fields = ["version"]

    def _relations(self, claim: Claim) -> list[ClaimRelation]:
        """Both directions' prefetched relations by id: each direction's first RELATIONS_SHOWN + 1
        (ClaimViewSet), so the first RELATIONS_SHOWN of both are among them."""
        relations = [*getattr(claim, "visible_outgoing", []), *getattr(claim, "visible_incoming", [])]
        return sorted(relations, key=lambda relation: relation.pk)

    @extend_schema_field(RelatedClaimSerializer(many=True))
    def get_relations(self, claim: Claim) -> list[dict]:
        relations = self._relations(claim)[:RELATIONS_SHOWN]
        return RelatedClaimSerializer(relations, many=True, context={"claim_id": claim.pk}).data

    def get_relations_truncated(self, claim: Claim) -> bool:
        return len(self._relations(claim)) > RELATIONS_SHOWN

    def get_relations_url(self, claim: Claim) -> str:
        return relations_url_maker(self.context)(claim.pk)


class ClaimRelationSerializer(CleanModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:claimrelation-detail")
    source_url = serializers.HyperlinkedRelatedField(
        source="source", view_name="api:claim-detail", read_only=True
    )
    source_text = serializers.CharField(source="source.text", read_only=True)
    target_url = serializers.HyperlinkedRelatedField(
        source="target", view_name="api:claim-detail", read_only=True
    )
    target_text = serializers.CharField(source="target.text", read_only=True)

    class Meta:
        model = ClaimRelation
        fields = [
            "id",
            "url",
            "source",
            "source_url",
            "source_text",
            "kind",
            "target",
            "target_url",
            "target_text",
            "note",
            "evidence",
            "status",
            "version",
        ]
        read_only_fields = ["version"]


# ---------------------------------------------------------------- statements


class StanceSerializer(serializers.ModelSerializer):
    """A statement's stance on a claim; written as {"claim": id, "stance": "denies"}."""

    claim_text = serializers.CharField(source="claim.text", read_only=True)
    claim_url = serializers.HyperlinkedRelatedField(
        source="claim", view_name="api:claim-detail", read_only=True
    )

    class Meta:
        model = Stance
        fields = ["claim", "claim_url", "claim_text", "stance", "status"]
        read_only_fields = ["status"]


class StatementSerializer(CleanModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:statement-detail")
    speaker_url = serializers.HyperlinkedRelatedField(
        source="speaker", view_name="api:actor-detail", read_only=True
    )
    speaker_name = serializers.CharField(source="speaker.name", read_only=True)
    speaker_wikidata_id = serializers.CharField(
        source="speaker.wikidata_id", read_only=True, help_text="The speaker's Wikidata id, if known."
    )
    reported_speaker_name = serializers.CharField(
        source="reported_speaker.name",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="Whose words the speaker reports (Putin, in “Lavrov, reporting Putin”), if anyone's.",
    )
    role_held = serializers.CharField(
        source="role",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="The office the speaker held that day; `speaker_role` is as the article words it.",
    )
    article_url = serializers.HyperlinkedRelatedField(
        source="article", view_name="api:article-detail", read_only=True
    )
    article_title = serializers.CharField(source="article.title", read_only=True)
    outlet_name = serializers.CharField(source="article.outlet.name", read_only=True)
    outlet_wikidata_id = serializers.CharField(
        source="article.outlet.wikidata_id", read_only=True, help_text="The outlet's Wikidata id, if known."
    )
    published_on = serializers.DateField(source="article.published_on", read_only=True)
    translation = serializers.CharField(
        source="article.translation",
        read_only=True,
        help_text="Whether the words are the article's original or a machine or human translation of it.",
    )
    original_language = serializers.CharField(
        source="article.original_language",
        read_only=True,
        help_text="The language a translated text was translated from.",
    )
    said = serializers.SerializerMethodField(
        help_text="When it was said, at its precision (2018-11-23, 2018-11)."
    )
    occurrence = serializers.IntegerField(
        write_only=True,
        required=False,
        min_value=1,
        help_text="Which occurrence of the quote in the article, when it occurs more than once.",
    )
    stances = StanceSerializer(
        source="visible_stances",
        many=True,
        required=False,
        help_text="Its stances on claims. Writing the list replaces them.",
    )

    class Meta:
        model = Statement
        fields = [
            "id",
            "url",
            "kind",
            "text",
            "speaker",
            "speaker_url",
            "speaker_name",
            "speaker_wikidata_id",
            "reported_speaker",
            "reported_speaker_name",
            "speaker_role",
            "role",
            "role_held",
            "article",
            "article_url",
            "article_title",
            "outlet_name",
            "outlet_wikidata_id",
            "published_on",
            "translation",
            "original_language",
            "said_on",
            "said_precision",
            "said",
            "venue",
            "start",
            "end",
            "occurrence",
            "events",
            "stances",
            "status",
            "version",
        ]
        read_only_fields = ["start", "end", "version"]

    def get_said(self, statement: Statement) -> str:
        return iso_fuzzy_date(statement.said_on, statement.said_precision)

    def prepare(self, instance: Statement, attrs: dict) -> None:
        instance.occurrence = attrs.get("occurrence")
        if instance.occurrence is not None:
            instance.start = instance.end = None  # re-anchor at the chosen occurrence

    def validate_stances(self, stances: list[dict]) -> list[dict]:
        claims = [stance["claim"].pk for stance in stances]
        if len(claims) != len(set(claims)):
            raise serializers.ValidationError("A statement takes one stance per claim.")
        return stances

    @transaction.atomic
    def _save(self, validated_data: dict) -> Statement:
        validated_data.pop("occurrence", None)
        stances = validated_data.pop("visible_stances", None)
        statement = super()._save(validated_data)
        if stances is not None:
            self._replace_stances(statement, stances)
        return statement

    def _replace_stances(self, statement: Statement, stances: list[dict]) -> None:
        """Make the statement's stances those given; new ones are drafts unless a reviewer writes."""
        user = self.context["request"].user
        status = (
            ReviewStatus.PUBLISHED
            if statement.is_published and user.has_perm(publish_permission(Stance))
            else ReviewStatus.DRAFT
        )
        wanted = {stance["claim"].pk: stance for stance in stances}
        statement.stances.exclude(claim_id__in=wanted).delete()
        existing = {stance.claim_id: stance for stance in statement.stances.all()}
        for claim_id, data in wanted.items():
            stance = existing.get(claim_id) or Stance(statement=statement, claim=data["claim"], status=status)
            if stance.pk and stance.stance == data["stance"]:
                continue
            stance.stance = data.get("stance", Stance.Kind.ASSERTS)
            stance.note = data.get("note", stance.note)
            stance._history_user = user
            if stance.pk is None:
                stance.created_by = user
            stance.full_clean()
            stance.save()
