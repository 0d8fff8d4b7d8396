"""The filters of the API's lists of actors, claims, relations, statements, weapon systems and events.

Records are named by id or slug (actors also by any alias); an unknown one, a
malformed date or a value outside the choices is a 400 naming the parameter.
The help texts are the documentation: the OpenAPI schema shows them.
"""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from claims.models import Actor, Claim, ClaimRelation, Event, Stance, Statement, WeaponSystem, with_one_of
from claims.names import normalize_name
from infkb.api import (
    COMMON_PARAMETERS,
    RecordFilter,
    VisibilityFilterSet,
    date_range_filters,
    filter_joined_first,
)
from infkb.provenance import published_q
from infkb.wikidata import wikidata_id_filter
from sources.models import Article, Outlet


def _actor_by_alias(value: str) -> Actor | None:
    return Actor.objects.by_alias(value).first()


def _weapon_by_designation(value: str) -> WeaponSystem | None:
    key = normalize_name(value)
    return WeaponSystem.objects.filter(Q(designations__normalized=key) | Q(name__iexact=value)).first()


def actor_filter(help_text: str, **kwargs: object) -> RecordFilter:
    return RecordFilter(
        queryset=Actor.objects.all(), lookup=_actor_by_alias, noun="actor", help_text=help_text, **kwargs
    )


def weapon_filter(help_text: str, **kwargs: object) -> RecordFilter:
    return RecordFilter(
        queryset=WeaponSystem.objects.all(),
        lookup=_weapon_by_designation,
        noun="weapon system",
        help_text=help_text,
        **kwargs,
    )


def claim_filter(help_text: str, **kwargs: object) -> RecordFilter:
    return RecordFilter(queryset=Claim.objects.all(), noun="claim", help_text=help_text, **kwargs)


class ActorFilter(VisibilityFilterSet):
    kind = django_filters.ChoiceFilter(
        field_name="kind",
        lookup_expr="exact",
        choices=Actor.Kind.choices,
        help_text="person, organisation or state.",
    )
    country = actor_filter(
        "The state (id, slug or alias) a person or organisation belongs to.", field_name="country"
    )
    organisation = actor_filter(
        "People who hold or held a role in this organisation (id, slug or alias).",
        method="filter_organisation",
    )
    name = django_filters.CharFilter(
        method="filter_name", help_text="Exact name or any alias, ignoring case and accents (`Ermakov`)."
    )
    wikidata_id = wikidata_id_filter("actor")

    class Meta:
        model = Actor
        fields: list[str] = []

    def filter_organisation(self, queryset: QuerySet, name: str, value: Actor | None) -> QuerySet:
        return queryset.filter(roles__organisation=value).distinct() if value else queryset

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(pk__in=Actor.objects.by_alias(value).values("pk")) if value else queryset


class WeaponSystemFilter(VisibilityFilterSet):
    category = django_filters.ChoiceFilter(
        field_name="category",
        lookup_expr="exact",
        choices=WeaponSystem.Category.choices,
        help_text="Category.",
    )
    basing = django_filters.ChoiceFilter(
        field_name="basing", lookup_expr="exact", choices=WeaponSystem.Basing.choices, help_text="Basing."
    )
    country = actor_filter("The state that fields it (id, slug or alias).", field_name="country")
    wikidata_id = wikidata_id_filter("weapon system")

    class Meta:
        model = WeaponSystem
        fields: list[str] = []


class EventFilter(VisibilityFilterSet):
    after, before = date_range_filters("date", "Dated")
    actor = actor_filter("Events involving this actor (id, slug or alias).", field_name="actors")
    weapon_system = weapon_filter(
        "Events involving this weapon system (id, slug or designation).", field_name="weapon_systems"
    )

    class Meta:
        model = Event
        fields: list[str] = []


class ClaimFilter(VisibilityFilterSet):
    weapon_system = weapon_filter(
        "Claims about this weapon system (id, slug or any designation: `mk-41`, `SSC-8`).",
        field_name="weapon_systems",
    )
    subject = actor_filter("Claims about this actor (id, slug or alias).", field_name="subjects")
    asserted_by = actor_filter(
        "Claims that a statement by this actor (id, slug or alias) asserts.", method="filter_asserted_by"
    )
    denied_by = actor_filter("Claims that a statement by this actor denies.", method="filter_denied_by")
    related_to = claim_filter(
        "Claims related in the claim graph to this claim (id or slug), in either direction; "
        "narrow with `relation` and `direction`.",
        method="filter_related_to",
    )
    relation = django_filters.ChoiceFilter(
        choices=ClaimRelation.Kind.choices,
        method="filter_nothing",
        help_text="With `related_to`: only relations of this kind (`counters`: counter-claims).",
    )
    direction = django_filters.ChoiceFilter(
        choices=[("from", "from"), ("to", "to"), ("both", "both")],
        method="filter_nothing",
        help_text="With `related_to`: `from` lists claims that relate to it (its counter-claims for "
        "relation=counters), `to` claims it relates to, `both` (default) either.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def _stances(self) -> QuerySet:
        stances = Stance.objects.all()
        if not self.drafts_visible:
            stances = stances.published()
        return stances

    def filter_asserted_by(self, queryset: QuerySet, name: str, value: Actor | None) -> QuerySet:
        if value is None:
            return queryset
        stances = self._stances().filter(statement__speaker=value, stance=Stance.Kind.ASSERTS)
        return queryset.filter(pk__in=stances.values("claim_id"))

    def filter_denied_by(self, queryset: QuerySet, name: str, value: Actor | None) -> QuerySet:
        if value is None:
            return queryset
        stances = self._stances().filter(statement__speaker=value, stance=Stance.Kind.DENIES)
        return queryset.filter(pk__in=stances.values("claim_id"))

    def filter_related_to(self, queryset: QuerySet, name: str, value: Claim | None) -> QuerySet:
        if value is None:
            return queryset
        relations = ClaimRelation.objects.all()
        if not self.drafts_visible:
            relations = relations.published()
        kind = self.form.cleaned_data.get("relation")
        if kind:
            relations = relations.filter(kind=kind)
        direction = self.form.cleaned_data.get("direction") or "both"
        pointing_to_it = relations.filter(target=value).values("source_id")
        from_it = relations.filter(source=value).values("target_id")
        condition = Q()
        if direction in {"from", "both"}:
            condition |= Q(pk__in=pointing_to_it)
        if direction in {"to", "both"}:
            condition |= Q(pk__in=from_it)
        return queryset.filter(condition)


class ClaimRelationFilter(VisibilityFilterSet):
    kind = django_filters.ChoiceFilter(
        field_name="kind",
        lookup_expr="exact",
        choices=ClaimRelation.Kind.choices,
        help_text="Kind of relation.",
    )
    source = claim_filter("Relations from this claim (id or slug).", field_name="source")
    target = claim_filter("Relations to this claim (id or slug).", field_name="target")
    claim = claim_filter("Relations from or to this claim (id or slug).", method="filter_claim")

    class Meta:
        model = ClaimRelation
        fields: list[str] = []

    def filter_claim(self, queryset: QuerySet, name: str, value: Claim | None) -> QuerySet:
        return queryset.filter(Q(source=value) | Q(target=value)) if value else queryset


def ordered_by_speaker_name(params: Any) -> bool:
    """Whether a statement list's `ordering` puts the speakers' names first: no index of the statements
    gives that order."""
    return (params or {}).get("ordering", "").split(",")[0].strip().lstrip("-") == "speaker_name"


class StatementFilter(VisibilityFilterSet):
    speaker = actor_filter(
        "Who said it: id, slug or any alias (`Ermakov`, `Patrushev`).", field_name="speaker"
    )
    speaker_country = actor_filter(
        "Statements by this state (id, slug or alias) or by its people and organisations.",
        method="filter_speaker_country",
    )
    speaker_kind = django_filters.ChoiceFilter(
        field_name="speaker__kind",
        lookup_expr="exact",
        choices=Actor.Kind.choices,
        help_text="Kind of speaker: person, organisation or state.",
    )
    article = RecordFilter(
        queryset=Article.objects.all(),
        noun="article",
        field_name="article",
        help_text="Article (id or slug).",
    )
    outlet = RecordFilter(
        queryset=Outlet.objects.all(),
        noun="outlet",
        field_name="article__outlet",
        help_text="Outlet that published the article (id or slug, e.g. `rt`).",
    )
    said_after, said_before = date_range_filters("said_on", "Said")
    published_after, published_before = date_range_filters("article__published_on", "Article published")
    claim = claim_filter(
        "Statements that take a stance on this claim (id or slug); narrow with `stance`.",
        method="filter_nothing",
    )
    stance = django_filters.ChoiceFilter(
        choices=Stance.Kind.choices,
        method="filter_nothing",
        help_text="Statements that take this stance (`asserts`, `denies`, `mentions`) on a claim "
        "(on the `claim`, if given).",
    )
    weapon_system = weapon_filter(
        "Statements on a claim about this weapon system, or on an event involving it "
        "(id, slug or designation).",
        method="filter_weapon_system",
    )
    event = RecordFilter(
        queryset=Event.objects.all(),
        noun="event",
        field_name="events",
        help_text="Event referred to (id or slug).",
    )
    kind = django_filters.ChoiceFilter(
        field_name="kind",
        lookup_expr="exact",
        choices=Statement.Kind.choices,
        help_text="quote (the speaker's words), paraphrase or characterisation (the outlet's wording).",
    )
    reported_speaker = actor_filter(
        "Statements reporting this actor's words (id, slug or alias): `putin` finds Lavrov reporting Putin.",
        field_name="reported_speaker",
    )
    language = django_filters.CharFilter(
        field_name="article__language", lookup_expr="iexact", help_text="Language of the article text (`en`)."
    )

    class Meta:
        model = Statement
        fields: list[str] = []

    def filter_speaker_country(self, queryset: QuerySet, name: str, value: Actor | None) -> QuerySet:
        return queryset.filter(Q(speaker=value) | Q(speaker__country=value)) if value else queryset

    def filter_weapon_system(self, queryset: QuerySet, name: str, value: WeaponSystem | None) -> QuerySet:
        if value is None:
            return queryset
        claims = Claim.objects.filter(weapon_systems=value)
        stances = Stance.objects.filter(claim__in=claims)
        if not self.drafts_visible:
            # The statements filtered are published already: checking each stance's statement again
            # joined the million statements into the semi-join (1.4 s → 0.6 s for the 9M729 at 1M).
            stances = stances.filter(published_q(Stance, joined_from="statement"))
        on_events = Statement.events.through.objects.filter(event__weapon_systems=value)
        # Two semi-joins, not a join to the events and a DISTINCT over every statement (23 s at 1M):
        # a page then walks the statements in its order until it has its rows. A page about a common
        # weapon checks each statement it walks by its own stances instead of gathering the 95,000 on
        # the 9M729's claims first (StatementQuerySet.about_weapon); an export reads them all anyway.
        # In the speakers' name order the planner is free to start from the actors (StatementViewSet)
        # and, not knowing how few statements pass the probe, probed all million before sorting them
        # (2.5 s for the 9M729 at 1M, against 0.4 s gathered first).
        # With another filter too (a country, a date range), fewer of the statements walked pass
        # both and the probes add up (the 9M729 and Russia's speakers: 0.4–0.6 s gathered, 0.8 s probed).
        alone = not (set(self.data) - {name, *COMMON_PARAMETERS})
        probed = self.reads_a_page and alone and not ordered_by_speaker_name(self.data) and value.is_common()
        on_claims = with_one_of(stances) if probed else Q(pk__in=stances.values("statement_id"))
        return queryset.filter(Q(on_claims) | Q(pk__in=on_events.values("statement_id")))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        claim = self.form.cleaned_data.get("claim")
        stance = self.form.cleaned_data.get("stance")
        if claim is None and not stance:
            return queryset
        if claim is not None:
            return self._on_claim(queryset, claim, stance)
        stances = Stance.objects.filter(stance=stance)
        if not self.drafts_visible:
            stances = stances.published()
        return queryset.filter(pk__in=stances.values("statement_id"))

    def _on_claim(self, queryset: QuerySet, claim: Claim, stance: str) -> QuerySet:
        """The statements with a stance (of kind `stance`, if given) on `claim`.

        A statement has at most one stance on a claim (unique_stance_per_statement_claim), so the
        stances are joined, not semi-joined, and joined first: a page reads the claim's side in
        statement order from stance_claim_side_stmt_idx and joins the speaker, article… to the
        rows it shows, not to each statement walked until enough turned up (3,493 for 51 at 1M).
        """
        lookups: dict[str, object] = {"stances__claim": claim}
        if stance:
            lookups["stances__stance"] = stance
        # The listed statements are the outer rows: their own visibility is the list's.
        visible = Q() if self.drafts_visible else published_q(Stance, "stances__", joined_from="statement")
        return filter_joined_first(queryset, visible, **lookups)
