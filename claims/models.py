import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import ExpressionWrapper, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, NullIf
from django.db.models.lookups import IsNull
from django.urls import reverse

from claims.band import BandReading, read_range
from claims.names import normalize_name, transliteration_key
from infkb.dates import DatePrecision, format_fuzzy_date, last_day_of_period, truncate_to_precision
from infkb.history import HistoricalRecords
from infkb.provenance import Reviewable, ReviewableQuerySet, published_q
from infkb.slug_urls import slug_url
from infkb.wikidata import WikidataItem
from sources.anchoring import AnchorError, QuoteNotFound, anchor_quote, clean_quote_text
from sources.models import AnchoredPassage

# ---------------------------------------------------------------- actors


# A description is a paragraph or a few, not a document: the search index of actors and claims
# (a PostgreSQL tsvector, at most 1 MB) holds it, and a text of many words could overflow it.
DESCRIPTION_MAX_CHARS = 20_000


def check_description(description: str) -> None:
    if len(description or "") > DESCRIPTION_MAX_CHARS:
        raise ValidationError(
            {
                "description": f"At most {DESCRIPTION_MAX_CHARS:,} characters "
                f"(this one has {len(description):,}): keep the rest in an article."
            }
        )


class ActorQuerySet(ReviewableQuerySet):
    def by_alias(self, name: str) -> "ActorQuerySet":
        """Actors whose name or any alias is `name`, ignoring case, accents and punctuation."""
        key = normalize_name(name)
        return self.filter(Q(normalized_name=key) | Q(aliases__normalized=key)).distinct()

    def by_transliteration(self, name: str) -> "ActorQuerySet":
        """Like by_alias, but also tolerant of romanisation variants ("Jermakov")."""
        key = transliteration_key(name)
        return self.filter(
            Q(normalized_name=normalize_name(name)) | Q(name_key=key) | Q(aliases__key=key)
        ).distinct()

    def persons(self) -> "ActorQuerySet":
        return self.filter(kind=Actor.Kind.PERSON)

    def states(self) -> "ActorQuerySet":
        return self.filter(kind=Actor.Kind.STATE)

    def with_statement_counts(self) -> "ActorQuerySet":
        """Annotate n_statements: how many published statements each actor made (its counter column)."""
        return self.annotate(n_statements=F("statement_count"))

    def speakers(self) -> "ActorQuerySet":
        """Actors with at least one published statement (read from their counter, not the statements)."""
        return self.filter(statement_count__gt=0)

    def most_quoted(self) -> "ActorQuerySet":
        """Speakers, the one with the most published statements first."""
        return self.speakers().order_by("-statement_count", "name")


class Actor(Reviewable, WikidataItem):
    """A person, an organisation or a state that says things or is talked about."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        STATE = "state", "State or bloc"

    name = models.CharField(max_length=200, help_text="The canonical name, e.g. Vladimir Yermakov.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, db_index=True)
    country = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nationals",
        limit_choices_to={"kind": "state"},
        help_text="The state a person or organisation belongs to.",
    )
    description = models.TextField(blank=True)
    normalized_name = models.CharField(max_length=200, editable=False, db_index=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    # Published statements by the actor, kept by claims/counters.py: pages read it instead of counting.
    statement_count = models.PositiveIntegerField(default=0, editable=False)
    # Of those, the ones with no published stance on a published claim, and the articles they
    # come from: the actor page's totals, kept by claims/counters.py too.
    unlinked_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    article_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    # The published claims it took a published stance on (its ActorClaim rows on published claims):
    # the actor page pages through them without counting the busiest speaker's 13,000 at each request.
    claim_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    history = HistoricalRecords(
        excluded_fields=["statement_count", "unlinked_count", "article_count", "claim_count"]
    )
    objects = ActorQuerySet.as_manager()

    class Meta:
        permissions = [("publish_actor", "Can publish actors or return them to draft")]
        ordering = ["name"]
        indexes = [
            # The filter menus' most quoted speakers (most_quoted()): the first hundred without a sort.
            models.Index(F("statement_count").desc(), F("name"), name="actor_most_quoted_idx"),
            # Actors in their order; the API's statements ?ordering=speaker_name starts from it.
            models.Index(fields=["name"], name="actor_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("actor-detail", self.slug)

    def save(self, *args, **kwargs) -> None:
        self.normalized_name = normalize_name(self.name)
        self.name_key = transliteration_key(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        check_description(self.description)
        if self.country_id and self.country_id == self.pk:
            raise ValidationError({"country": "An actor cannot be its own country."})
        if self.kind == self.Kind.STATE and self.country_id:
            raise ValidationError({"country": "A state does not belong to a country."})
        taken = ActorAlias.objects.filter(normalized=normalize_name(self.name or "")).exclude(
            actor_id=self.pk
        )
        if self.name and taken.exists():
            raise ValidationError({"name": f"“{self.name}” is already an alias of {taken.first().actor}."})


class ActorAlias(models.Model):
    """Another spelling of an actor's name: Ermakov for Yermakov, Moravecki for Morawiecki."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False)
    key = models.CharField(max_length=200, editable=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "actor aliases"
        ordering = ["name"]
        constraints = [
            # One spelling names one actor, so that lookup by alias is never ambiguous.
            models.UniqueConstraint(fields=["normalized"], name="unique_actor_alias"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        self.key = transliteration_key(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        normalized = normalize_name(self.name or "")
        if not normalized:
            raise ValidationError({"name": "An alias needs at least one letter."})
        clash = ActorAlias.objects.filter(normalized=normalized).exclude(pk=self.pk).first()
        if clash:
            raise ValidationError({"name": f"“{self.name}” is already an alias of {clash.actor}."})
        other = Actor.objects.filter(normalized_name=normalized).exclude(pk=self.actor_id).first()
        if other:
            raise ValidationError({"name": f"“{self.name}” is the name of another actor, {other}."})


class Role(models.Model):
    """A position a person holds in an organisation over a period of time."""

    person = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="roles", limit_choices_to={"kind": "person"}
    )
    organisation = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"kind__in": ["organisation", "state"]},
    )
    title = models.CharField(max_length=300, help_text="e.g. Deputy Foreign Minister")
    start = models.DateField(null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    end = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)

    history = HistoricalRecords()
    # No status of its own: public as soon as its person is (infkb.services.published_dependents).
    public_with = "person"

    class Meta:
        ordering = ["person", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="role_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        # "President of Russia", not "President of Russia, Russia".
        named = self.organisation_id and str(self.organisation).lower() in self.title.lower()
        where = f", {self.organisation}" if self.organisation_id and not named else ""
        return f"{self.title}{where}"

    @property
    def period_display(self) -> str:
        start = format_fuzzy_date(self.start, self.start_precision)
        end = format_fuzzy_date(self.end, self.end_precision)
        if start and end:
            return f"{start} – {end}"
        if start:
            return f"since {start}"
        return f"until {end}" if end else ""

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "A role cannot end before it starts."})

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        """Whether the person may have held the role on some day from `first` to `last`.

        Fuzzy bounds count in full: a role ending in "2019" covers December 2019; an open bound
        covers everything on its side.
        """
        if self.start and last < truncate_to_precision(self.start, self.start_precision):
            return False
        return not (self.end and first > last_day_of_period(self.end, self.end_precision))


# ---------------------------------------------------------------- weapon systems and events


# A weapon this share of the statements are about has a page of them checked statement by statement
# as they are read in the page's order: it finds its 50 among the first few thousand. At a million
# statements (docs/performance.md) the API's page of a 2–3 % weapon took 90–130 ms so against
# 0.8–1.1 s gathered first; the timeline's 40 ms gathered against 50–70 probed for a 2 % weapon,
# 20–30 against 180–220 ms for the 9M729 (9 %). Below it no weapon was measured: left as planned.
COMMON_WEAPON_SHARE = 0.02


class WeaponSystem(Reviewable, WikidataItem):
    """A missile, launcher or other system whose treaty status is argued about."""

    class Category(models.TextChoices):
        GLCM = "glcm", "Ground-launched cruise missile"
        BALLISTIC_MISSILE = "ballistic_missile", "Ballistic missile"
        CRUISE_MISSILE = "cruise_missile", "Cruise missile (sea- or air-launched)"
        LAUNCHER = "launcher", "Launcher"
        UAV = "uav", "Unmanned aerial vehicle"
        OTHER = "other", "Other"

    class Basing(models.TextChoices):
        GROUND = "ground", "Ground"
        SEA = "sea", "Sea"
        AIR = "air", "Air"
        MIXED = "mixed", "Several"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    country = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="weapon_systems",
        limit_choices_to={"kind": "state"},
    )
    category = models.CharField(max_length=20, choices=Category.choices, db_index=True)
    basing = models.CharField(max_length=10, choices=Basing.choices, blank=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = ReviewableQuerySet.as_manager()

    class Meta:
        permissions = [("publish_weaponsystem", "Can publish weapon systems or return them to draft")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("weapon-detail", self.slug)

    def is_common(self) -> bool:
        """Whether so many statements are about it that a page of them, read in any order, finds its
        rows among the first few hundred (StatementQuerySet.about_weapon)."""
        return self.statement_share() >= COMMON_WEAPON_SHARE

    def statement_share(self) -> float:
        """Roughly what share of the published statements are about it, read from the counter
        columns (its claims' asserting and denying counts against every speaker's statements):
        no statement is read."""
        everyone = Actor.objects.order_by().annotate(one=Value(1)).values("one")
        everything = Subquery(everyone.annotate(n=Sum("statement_count")).values("n"))
        stances = Cast(Sum(F("asserting_count") + F("denying_count")), models.FloatField())
        share = Claim.objects.published().about_weapon(self).aggregate(share=stances / NullIf(everything, 0))
        return share["share"] or 0.0


class WeaponDesignation(models.Model):
    """Another name of a weapon system: its NATO reporting name, an official index, a nickname."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", "Official designation"
        NATO = "nato", "NATO reporting name"
        ALIAS = "alias", "Other name"

    weapon_system = models.ForeignKey(WeaponSystem, on_delete=models.CASCADE, related_name="designations")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)
    normalized = models.CharField(max_length=200, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["normalized"], name="unique_weapon_designation"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # One designation names one weapon system (unique_weapon_designation), said before the save.
        clash = (
            WeaponDesignation.objects.filter(normalized=normalize_name(self.name or ""))
            .exclude(pk=self.pk)
            .select_related("weapon_system")
            .first()
        )
        if clash:
            raise ValidationError({"name": f"“{self.name}” already names {clash.weapon_system}."})


class Event(Reviewable):
    """A dated happening that statements refer to, for the timeline."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    date = models.DateField(db_index=True)
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    description = models.TextField(blank=True)
    actors = models.ManyToManyField(Actor, blank=True, related_name="events")
    weapon_systems = models.ManyToManyField(WeaponSystem, blank=True, related_name="events")

    history = HistoricalRecords(m2m_fields=[actors, weapon_systems])
    objects = ReviewableQuerySet.as_manager()

    class Meta:
        permissions = [("publish_event", "Can publish events or return them to draft")]
        ordering = ["date", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date_display})"

    def get_absolute_url(self) -> str:
        return reverse("timeline") + f"#event-{self.slug}"

    @property
    def date_display(self) -> str:
        return format_fuzzy_date(self.date, self.date_precision)

    def clean(self) -> None:
        if self.date:
            self.date = truncate_to_precision(self.date, self.date_precision)


# ---------------------------------------------------------------- claims and the claim graph


# The counter column of a claim for each kind of stance (Stance.Kind, defined below).
STANCE_COUNTERS = {"asserts": "asserting_count", "denies": "denying_count", "mentions": "mentioning_count"}


class ClaimQuerySet(ReviewableQuerySet):
    def with_stance_counts(self) -> "ClaimQuerySet":
        """Annotate n_asserting and n_denying: the published statements for and against (the counters)."""
        return self.annotate(n_asserting=F("asserting_count"), n_denying=F("denying_count"))

    def about_weapon(self, weapon: "WeaponSystem") -> "ClaimQuerySet":
        return self.filter(weapon_systems=weapon)

    def most_contested(self) -> "ClaimQuerySet":
        """Claims both asserted and denied, the most argued over first (with the stance counts).

        Read from the index claim_most_contested_idx, not by sorting every claim.
        """
        return (
            self.filter(asserting_count__gt=0, denying_count__gt=0)
            .with_stance_counts()
            .annotate(n_for_and_against=F("asserting_count") + F("denying_count"))
            .order_by("-n_for_and_against", "text")
        )

    def with_stance_from(self, *, actor: "Actor | None" = None, stance: str = "") -> "ClaimQuerySet":
        """Claims a published statement takes `stance` (if given) on, stating `actor`'s position if given."""
        if actor is None and stance in STANCE_COUNTERS:
            # Anyone's stance: the claim's counter says it, without a semi-join over every stance.
            return self.filter(**{f"{STANCE_COUNTERS[stance]}__gt": 0})
        # The claims filtered are the outer rows: their own published() is the caller's (no self-join).
        stances = Stance.objects.filter(published_q(Stance, joined_from="claim"))
        if actor is not None:
            # A statement that reports someone states the reported speaker's position, not the reporter's.
            stances = stances.filter(
                Q(statement__speaker=actor, statement__reported_speaker__isnull=True)
                | Q(statement__reported_speaker=actor)
            )
        if stance:
            stances = stances.filter(stance=stance)
        return self.filter(pk__in=stances.values("claim_id"))


class Claim(Reviewable):
    """A proposition, stated once and shared by every statement that asserts or denies it."""

    text = models.CharField(
        max_length=500, unique=True, help_text="The proposition, e.g. “The 9M729 can fly more than 500 km”."
    )
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    weapon_systems = models.ManyToManyField(WeaponSystem, blank=True, related_name="claims")
    subjects = models.ManyToManyField(
        Actor, blank=True, related_name="claims_about", help_text="Actors the claim is about."
    )
    # Published stances of published statements, kept by claims/counters.py: read, never counted per request.
    asserting_count = models.PositiveIntegerField(default=0, editable=False)
    denying_count = models.PositiveIntegerField(default=0, editable=False)
    mentioning_count = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(
        m2m_fields=[weapon_systems, subjects],
        excluded_fields=["asserting_count", "denying_count", "mentioning_count"],
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        permissions = [("publish_claim", "Can publish claims or return them to draft")]
        ordering = ["text"]
        indexes = [
            # The home page's "most contested": the first few, in this order, without sorting all claims.
            models.Index(
                (F("asserting_count") + F("denying_count")).desc(),
                F("text"),
                name="claim_most_contested_idx",
                condition=Q(asserting_count__gt=0, denying_count__gt=0),
            ),
            # The API's ?ordering=-n_asserting / -n_denying (the most asserted claims first), read in
            # order, the cursor's tie-break included, instead of sorting every claim (1.5 s at 1M).
            models.Index(
                fields=["asserting_count", "id"],
                condition=Q(status="published"),  # not a read: the index covers published rows
                name="claim_asserting_idx",
            ),
            models.Index(
                fields=["denying_count", "id"],
                condition=Q(status="published"),  # not a read: the index covers published rows
                name="claim_denying_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return slug_url("claim-detail", self.slug)

    def clean(self) -> None:
        # A proposition, not a sentence: "… Treaty." and "… treaty" are the same claim.
        self.text = " ".join((self.text or "").split()).rstrip(".!;:, ")
        if not self.text:
            raise ValidationError({"text": "A claim needs its proposition."})
        check_description(self.description)
        same = Claim.objects.filter(text__iexact=self.text).exclude(pk=self.pk).first()
        if same:
            raise ValidationError(
                {"text": f"This claim exists already: “{same}”. Link statements to it instead."}
            )


class ClaimedRange(models.Model):
    """The range a claim states for a weapon system: a range is a claim with sources, not a fact."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="claimed_range")
    weapon_system = models.ForeignKey(WeaponSystem, on_delete=models.PROTECT, related_name="claimed_ranges")
    min_km = models.PositiveIntegerField(null=True, blank=True, help_text="Empty when open (“up to …”).")
    max_km = models.PositiveIntegerField(null=True, blank=True, help_text="Empty when open (“more than …”).")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(min_km__isnull=True) | Q(min_km__gte=0))
                & (Q(max_km__isnull=True) | Q(max_km__gte=0)),
                name="claimed_range_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(min_km__isnull=False) | Q(max_km__isnull=False), name="claimed_range_has_a_bound"
            ),
            models.CheckConstraint(
                condition=Q(min_km__isnull=True) | Q(max_km__isnull=True) | Q(max_km__gte=models.F("min_km")),
                name="claimed_range_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weapon_system}: {self.display}"

    @property
    def display(self) -> str:
        if self.min_km is not None and self.max_km is not None:
            return (
                f"{self.min_km:,}–{self.max_km:,} km" if self.min_km != self.max_km else f"{self.min_km:,} km"
            )
        if self.min_km is not None:
            return f"more than {self.min_km:,} km"
        return f"up to {self.max_km:,} km"

    @property
    def band(self) -> BandReading:
        """Where this range puts the weapon against the Treaty's 500–5,500 km band (claims/band.py)."""
        return read_range(self.min_km, self.max_km, self.weapon_system.basing)

    def clean(self) -> None:
        if self.min_km is None and self.max_km is None:
            raise ValidationError("Give at least a minimum or a maximum range.")
        if self.min_km is not None and self.max_km is not None and self.max_km < self.min_km:
            raise ValidationError({"max_km": "The maximum cannot be below the minimum."})


class ClaimRelationQuerySet(ReviewableQuerySet):
    # An edge is public only between public claims: unpublishing a claim hides its edges.
    joins = ("source", "target")


class ClaimRelation(Reviewable):
    """An edge of the claim graph: one claim supports, counters or responds to another."""

    class Kind(models.TextChoices):
        SUPPORTS = "supports", "supports"
        COUNTERS = "counters", "counters"
        RESPONDS_TO = "responds_to", "responds to"

    source = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="outgoing_relations")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    target = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="incoming_relations")
    note = models.TextField(blank=True)
    evidence = models.ManyToManyField(
        "Statement",
        blank=True,
        related_name="argued_relations",
        help_text="The statements that argue this link between the claims: who made it, and where.",
    )

    history = HistoricalRecords(m2m_fields=[evidence])
    objects = ClaimRelationQuerySet.as_manager()

    class Meta:
        permissions = [("publish_claimrelation", "Can publish claim relations or return them to draft")]
        ordering = ["source", "kind", "target"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="claim_relation_not_to_itself"
            ),
            models.UniqueConstraint(fields=["source", "kind", "target"], name="unique_claim_relation"),
        ]
        indexes = [
            # The claim page and the graph walk look relations up from their target too.
            models.Index(fields=["target", "kind"], name="claim_relation_target_idx"),
            # A claim's relations each way in id order, with what the graph walk reads of them: a
            # hub's (thousands) are read newest first a page at a time on the claim page, and the
            # walk's first MAX_EDGES_READ by id, from the index alone (claims/graph.py).
            models.Index(
                fields=["source", "id"], include=["target", "kind", "status"], name="claim_relation_from_idx"
            ),
            models.Index(
                fields=["target", "id"], include=["source", "kind", "status"], name="claim_relation_to_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"“{self.source}” {self.get_kind_display()} “{self.target}”"

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": "A claim cannot be related to itself."})


# ---------------------------------------------------------------- statements


def statements_newest_first(prefix: str = "", *, date: str = "") -> list:
    """The order of StatementQuerySet.latest(), for a query or a window through `prefix` ("statement__").

    `date` names the column holding the statement's reported_on when it is not the statement's own
    (a Stance's copy, "reported_on", lets a claim's stances be read in this order through an index).
    """
    if connection.vendor == "sqlite":
        # The same order in a form SQLite reads from an index (its indexes keep NULLs first):
        # the indexes of migration 0017.
        start = [
            ExpressionWrapper(
                Q(**{f"{prefix}start__isnull": True}), output_field=models.BooleanField()
            ).asc(),
            F(f"{prefix}start").asc(),
        ]
    else:
        start = [F(f"{prefix}start").asc(nulls_last=True)]
    return [
        F(date or f"{prefix}reported_on").desc(),
        F(f"{prefix}article_id").desc(),
        *start,
        F(f"{prefix}pk").desc(),
    ]


def with_one_of(stances: "models.QuerySet") -> IsNull:
    """A condition on statements: one of `stances` is theirs, looked up for each statement read.

    A scalar subquery (one stance, or NULL) runs per row: the planner cannot make it a hashed set of
    every statement the stances are on, as it does with IN and EXISTS.
    """
    one_stance = stances.filter(statement=OuterRef("pk")).order_by().values("pk")[:1]
    return IsNull(Subquery(one_stance), False)


# What a statement card shows besides the statement: who, whom they report, the office, the source.
STATEMENT_CARD_RELATIONS = ("speaker", "reported_speaker", "role__organisation", "article__outlet")


class StatementQuerySet(ReviewableQuerySet):
    def by_actor(self, actor: Actor) -> "StatementQuerySet":
        return self.filter(speaker=actor)

    def with_related(self) -> "StatementQuerySet":
        """Everything a list of statements shows, in a constant number of queries."""
        return self.select_related(*STATEMENT_CARD_RELATIONS).prefetch_related("stances__claim")

    def for_readers(self) -> "StatementQuerySet":
        """Published statements with what the pages show of them, in three queries.

        Each statement gets `visible_stances`: its published stances on published claims.
        """
        stances = Stance.objects.published()
        stances = stances.select_related("claim")
        return (
            self.published()
            .select_related(*STATEMENT_CARD_RELATIONS)
            .prefetch_related(Prefetch("stances", queryset=stances, to_attr="visible_stances"))
        )

    def latest(self) -> "StatementQuerySet":
        """Newest first, by the date said or else the article's publication date.

        Within one article and date, in reading order: the sentences of one quote keep their order.
        """
        return self.order_by(*statements_newest_first())

    def on_claims(self, claims: "models.QuerySet | list", *, stance: str = "") -> "StatementQuerySet":
        """Statements with a published stance (of kind `stance`, if given) on any of `claims`."""
        # The statements filtered are the outer rows: their own published() is the caller's.
        stances = Stance.objects.filter(published_q(Stance, joined_from="statement"), claim__in=claims)
        if stance:
            stances = stances.filter(stance=stance)
        return self.filter(pk__in=stances.values("statement_id"))

    def about_weapon(self, weapon: "WeaponSystem", *, probed: bool = False) -> "StatementQuerySet":
        """Statements on a published claim about `weapon`, or about an event involving it.

        PostgreSQL first gathers every statement on the weapon's claims into a hash, then reads the
        statements in order against it. `probed`: each statement read is checked by its own stances
        instead, one index probe. For a page of a weapon that a good share of all statements are
        about (WeaponSystem.statement_share) that costs a few hundred probes where the hash gathered
        95,000 statements (the 9M729 at a million: ~20 ms against ~180); for a rare weapon it would
        probe every statement to fill a page.
        """
        claims = Claim.objects.published().about_weapon(weapon)
        on_claims = Stance.objects.filter(published_q(Stance, joined_from="statement"), claim__in=claims)
        on_a_claim = with_one_of(on_claims) if probed else Q(pk__in=on_claims.values("statement_id"))
        return self.filter(Q(on_a_claim) | Q(events__weapon_systems=weapon)).distinct()


class Statement(Reviewable, AnchoredPassage):
    """What an actor said, taken from one article, and how directly the article attributes it.

    The kind is the attribution layer: the speaker's own words (a verbatim quote), the outlet's
    paraphrase of them, or the outlet's own characterisation of the speaker's position (its
    narration, hedges such as "allegedly" included). A statement may report another actor's
    words: Lavrov (speaker) reporting Putin's pledge (reported speaker).
    """

    class Kind(models.TextChoices):
        QUOTE = "quote", "Verbatim quote"
        PARAPHRASE = "paraphrase", "Paraphrase"
        CHARACTERISATION = "characterisation", "The outlet’s characterisation"

    article = models.ForeignKey("sources.Article", on_delete=models.PROTECT, related_name="statements")
    speaker = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="statements")
    reported_speaker = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_statements",
        help_text="Whose words the speaker reports: Putin, when Lavrov says that Putin pledged something.",
    )
    kind = models.CharField(
        max_length=16,
        choices=Kind.choices,
        default=Kind.QUOTE,
        db_index=True,
        help_text="A quote is the speaker’s words; a characterisation is the outlet’s own wording.",
    )
    text = models.TextField(
        help_text="For a quote: the words exactly as in the article, without the quotation marks. "
        "For a characterisation: the outlet’s words, exactly as in the article."
    )
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Offset of the text in the article.")
    end = models.PositiveIntegerField(null=True, blank=True)
    speaker_role = models.CharField(
        max_length=300, blank=True, help_text="The role as the article words it (kept even when it is wrong)."
    )
    role = models.ForeignKey(
        Role,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        help_text="The office the speaker held that day; suggested from the date when left empty.",
    )
    said_on = models.DateField(null=True, blank=True, db_index=True)
    said_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    venue = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where it was said: “told RIA Novosti”, “speaking to MGIMO students”.",
    )
    events = models.ManyToManyField(Event, blank=True, related_name="statements")
    claims = models.ManyToManyField(Claim, through="Stance", related_name="statements")
    # The date the pages sort and show it by: said_on, or else its article's published_on. Kept by
    # save() and by claims/reported.py (an edit of the article's date), so that "newest first" is an
    # index read instead of a sort of every statement by coalesce(said_on, article date).
    reported_on = models.DateField(null=True, editable=False)

    history = HistoricalRecords(m2m_fields=[events], excluded_fields=["reported_on"])
    objects = StatementQuerySet.as_manager()
    # A stance is the statement's link to a claim: publishing the statement publishes its stances.
    reviewed_with = "stances"

    class Meta:
        permissions = [("publish_statement", "Can publish statements or return them to draft")]
        ordering = ["article", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__isnull=False, end__gt=models.F("start")),
                name="statement_offsets_in_order",
            ),
            # A quote and a characterisation are words of the article; only a paraphrase may be the editor's.
            models.CheckConstraint(
                condition=Q(kind="paraphrase") | Q(start__isnull=False), name="statement_quote_is_anchored"
            ),
            models.CheckConstraint(
                condition=~Q(reported_speaker=models.F("speaker")), name="statement_reports_someone_else"
            ),
            # The same span of an article is one statement (and lets the seed loader find it again).
            models.UniqueConstraint(fields=["article", "start", "end"], name="unique_statement_span"),
        ]
        indexes = [
            # Actor pages and the API filter statements by speaker, published ones first.
            models.Index(fields=["speaker", "status"], name="statement_speaker_status_idx"),
            # The review list of anchors an article edit moved: few rows among many.
            models.Index(
                fields=["anchor_drift"], name="statement_anchor_drift_idx", condition=~Q(anchor_drift="")
            ),
            # Home's latest statements and the timeline (read backwards): the order of latest().
            models.Index(
                fields=["-reported_on", "-article", "start", "-id"],
                condition=Q(status="published"),  # not a read: the index covers published rows
                name="statement_latest_idx",
            ),
            # The timeline: statements oldest first (by id within a day), merged with the events.
            models.Index(
                fields=["reported_on", "id"],
                condition=Q(status="published"),  # not a read: the index covers published rows
                name="statement_timeline_idx",
            ),
            # An actor's latest statements, in the same order.
            models.Index(
                fields=["speaker", "-reported_on", "-article", "start", "-id"],
                condition=Q(status="published"),  # not a read: the index covers published rows
                name="statement_speaker_latest_idx",
            ),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else f"{self.text[:77]}…"
        # A paraphrase or a characterisation is not someone's words: it never wears quotation marks.
        if self.kind == self.Kind.QUOTE:
            shown = f"“{text}”"
        elif self.kind == self.Kind.CHARACTERISATION:
            shown = f"(the outlet’s characterisation) {text}"
        else:
            shown = f"(paraphrase) {text}"
        return f"{self.attribution}: {shown}" if self.speaker_id else shown

    @property
    def attribution(self) -> str:
        """Who speaks, and whom they report: "Sergey Lavrov, reporting Vladimir Putin"."""
        if self.reported_speaker_id:
            return f"{self.speaker}, reporting {self.reported_speaker}"
        return str(self.speaker)

    def get_absolute_url(self) -> str:
        return slug_url("article-detail", self.article.slug) + f"#statement-{self.pk}"

    @property
    def said_display(self) -> str:
        return format_fuzzy_date(self.said_on, self.said_precision)

    # Set by forms and loaders: which occurrence to anchor to when the text occurs more than once.
    occurrence: int | None = None

    def save(self, *args, **kwargs) -> None:
        """Save with reported_on recomputed, and give the statement's stances the same date and speaker."""
        self.reported_on = self.said_on or self._article_date()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"said_on", "article", "article_id"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "reported_on"}
        adding = self._state.adding
        super().save(*args, **kwargs)
        if not adding:
            copies = {"reported_on": self.reported_on, "speaker_id": self.speaker_id}
            self.stances.exclude(**copies).update(**copies)

    def _article_date(self) -> "datetime.date | None":
        """The stored publication date of the article (not a copy the caller may hold)."""
        if self.article_id is None:
            return None
        articles = self._meta.get_field("article").related_model._base_manager
        return articles.filter(pk=self.article_id).values_list("published_on", flat=True).first()

    def clean(self) -> None:
        self.text = (
            clean_quote_text(self.text or "") if self.kind == self.Kind.QUOTE else (self.text or "").strip()
        )
        if not self.text:
            raise ValidationError({"text": "A statement needs its text."})
        if self.said_on:
            self.said_on = truncate_to_precision(self.said_on, self.said_precision)
        if self.speaker_id and self.reported_speaker_id == self.speaker_id:
            raise ValidationError(
                {"reported_speaker": "Someone reporting their own words is just the speaker."}
            )
        article = self.article if self.article_id or "article" in self._state.fields_cache else None
        self.check_said_before(article)
        self.check_role(article)
        if article is None:
            return
        self.anchor_in(article.text)

    def validate_constraints(self, exclude: "set[str] | None" = None) -> None:
        self.check_span_is_free()
        super().validate_constraints(exclude)

    def check_span_is_free(self) -> None:
        """A passage of the article is one statement (unique_statement_span), said so before the save.

        clean() sets start and end from the text, so they are no form's fields, and a form leaves
        their constraint out of its checks: a quote entered twice was an IntegrityError, a 500.
        """
        if self.start is None:
            return
        taken = (
            type(self)
            ._base_manager.filter(article_id=self.article_id, start=self.start, end=self.end)
            .exclude(pk=self.pk)
            .select_related("speaker")
            .first()
        )
        if taken is not None:
            raise ValidationError(
                {
                    "text": f"This passage of the article is already a statement (#{taken.pk}, "
                    f"{taken.speaker}): change that one, or choose another occurrence."
                }
            )

    def dated(self, article: "models.Model | None" = None) -> tuple[datetime.date, datetime.date] | None:
        """The first and last day the statement may have been made: when said, else its article's date."""
        if self.said_on:
            return self.said_on, last_day_of_period(self.said_on, self.said_precision)
        article = article or (self.article if self.article_id else None)
        if article is None or article.published_on is None:
            return None
        # Reported on that date, said on it or before.
        return datetime.date.min, last_day_of_period(article.published_on, article.published_precision)

    def suggested_role(
        self, article: "models.Model | None" = None, roles: list[Role] | None = None
    ) -> Role | None:
        """The speaker's only role that the statement's date falls in, or None when there is no single one.

        `roles`, the speaker's roles if already read, saves a query per statement in a batch.
        """
        if not self.speaker_id:
            return None
        roles = list(self.speaker.roles.all()) if roles is None else roles
        period = self.dated(article)
        if period is not None:
            roles = [role for role in roles if role.overlaps(*period)]
        return roles[0] if len(roles) == 1 else None

    def check_said_before(self, article: "models.Model | None") -> None:
        """An article reports what was said by the day it was published: a later date is a typo."""
        if not self.said_on or article is None or article.published_on is None:
            return
        if self.said_on > last_day_of_period(article.published_on, article.published_precision):
            raise ValidationError(
                {
                    "said_on": f"{self.said_display} is after its article was published "
                    f"({article.published_display}): an article reports what was said before it."
                }
            )

    def check_role(self, article: "models.Model | None") -> None:
        """The role must be the speaker's and held on the statement's date; left empty, it is suggested."""
        if self.role_id is None:
            self.role = self.suggested_role(article)
            return
        role = self.role
        if self.speaker_id and role.person_id != self.speaker_id:
            raise ValidationError({"role": f"“{role}” is a role of {role.person}, not of {self.speaker}."})
        article = article or (self.article if self.article_id else None)
        period = self.dated(article)
        if period is not None and not role.overlaps(*period):
            when = self.said_display or f"reported {article.published_display}"
            raise ValidationError(
                {
                    "role": f"{role.person} was {role} ({role.period_display}), "
                    f"not on this statement’s date ({when}): choose the role held then, or leave it empty."
                }
            )

    def anchor_in(self, article_text: str) -> None:
        """Anchor the text where it is in the article; a quote that is not there is an error."""
        anchored = self.start is not None and self.end is not None
        if anchored and self.occurrence is None and article_text[self.start : self.end] == self.text:
            self.set_anchor(article_text, self.start, self.end)
            return
        try:
            self.set_anchor(article_text, *anchor_quote(article_text, self.text, self.occurrence))
        except QuoteNotFound as error:
            if self.kind != self.Kind.PARAPHRASE:
                raise ValidationError({"text": str(error)}) from None
            self.set_anchor(article_text, None, None)  # a paraphrase in the editor's own words has no anchor
        except AnchorError as error:
            raise ValidationError({"text": str(error)}) from None

    def anchor_is_verbatim(self) -> bool:
        # A paraphrase anchored in the article follows a correction of its words; a quote may not.
        return self.kind == self.Kind.QUOTE

    @classmethod
    def anchored_in(cls, article: "models.Model") -> "StatementQuerySet":
        # An edit that is refused names each statement with its speaker.
        return super().anchored_in(article).select_related("speaker")


class StanceQuerySet(ReviewableQuerySet):
    # A stance is public only when its statement and its claim are: publishing one publishes neither.
    joins = ("statement", "claim")


class ActorClaimQuerySet(models.QuerySet):
    def most_denied(self) -> "ActorClaimQuerySet":
        """Claims the actor asserts that others deny, the most denied first; `n` counts the denials of others.

        Read in order from actor_claim_most_denied_idx.
        """
        return (
            self.filter(asserting_count__gt=0)
            .annotate(n=F("claim_denying_count") - F("denying_count"))
            .filter(n__gt=0)
            .order_by("-n", "claim__text")
        )


class ActorClaim(models.Model):
    """How many published stances of an actor's published statements a claim has, of each kind.

    A counter table kept by claims/counters.py, like the claims' counter columns: a row exists
    while at least one count is above 0. The actor page reads the claims an actor took a stance
    on, and how often, from here instead of from the actor's tens of thousands of stances.
    """

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="claim_counts")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="actor_counts")
    asserting_count = models.PositiveIntegerField(default=0)
    denying_count = models.PositiveIntegerField(default=0)
    mentioning_count = models.PositiveIntegerField(default=0)
    # A copy of the claim's denying_count, kept with it by claims/counters.py: the actor page's
    # "claims they assert that others deny" ranks by the denials of others (this less the actor's
    # own) from actor_claim_most_denied_idx, not by joining each claim the actor asserts.
    claim_denying_count = models.PositiveIntegerField(default=0, db_default=0)

    objects = ActorClaimQuerySet.as_manager()

    class Meta:
        constraints = [
            # Also the index the actor page reads an actor's rows by.
            models.UniqueConstraint(fields=["actor", "claim"], name="unique_actor_claim_counts"),
        ]
        indexes = [
            # The claims an actor asserts, the most denied by others first (ActorClaim.most_denied).
            models.Index(
                F("actor"),
                (F("claim_denying_count") - F("denying_count")).desc(),
                condition=Q(asserting_count__gt=0),
                name="actor_claim_most_denied_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} on {self.claim_id}: {self.asserting_count}/{self.denying_count}"

    @property
    def total(self) -> int:
        return self.asserting_count + self.denying_count + self.mentioning_count


class Stance(Reviewable):
    """How a statement stands on a claim: it asserts it, denies it, or merely mentions it."""

    class Kind(models.TextChoices):
        ASSERTS = "asserts", "asserts"
        DENIES = "denies", "denies"
        MENTIONS = "mentions", "mentions"

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="stances")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="stances")
    stance = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ASSERTS, db_index=True)
    note = models.TextField(blank=True)
    # Copies of the statement's reported_on and speaker (kept by save() and Statement.save()), so that
    # the newest stances of one side of a claim, of everyone or of one speaker, are read from
    # stance_claim_side_latest_idx and stance_speaker_side_latest_idx, not sorted or filtered.
    reported_on = models.DateField(null=True, editable=False)
    speaker = models.ForeignKey(
        Actor, null=True, editable=False, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    history = HistoricalRecords(excluded_fields=["reported_on", "speaker"])
    objects = StanceQuerySet.as_manager()

    class Meta:
        permissions = [("publish_stance", "Can publish stances or return them to draft")]
        ordering = ["claim", "stance"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "claim"], name="unique_stance_per_statement_claim"),
        ]
        indexes = [
            # A claim's page lists its stances for and against.
            models.Index(fields=["claim", "stance"], name="stance_claim_stance_idx"),
            # The claim, actor and weapon pages: the newest published stances of one side of a claim.
            models.Index(
                fields=["claim", "stance", "-reported_on"],
                condition=Q(status="published"),  # not a read: the index covers published rows
                name="stance_claim_side_latest_idx",
            ),
            # The API's statements by claim and stance (newest statement first, the list's order): the
            # page reads its rows here and joins the rest to them (StatementFilter._on_claim).
            models.Index(
                fields=["claim", "stance", "-statement"],
                condition=Q(status="published"),  # not a read: the index covers published rows
                name="stance_claim_side_stmt_idx",
            ),
            # The actor page: the newest published stances of one speaker on one side of a claim.
            models.Index(
                fields=["speaker", "claim", "stance", "-reported_on"],
                condition=Q(status="published"),  # not a read: the index covers published rows
                name="stance_speaker_side_latest_idx",
            ),
        ]

    def save(self, *args, **kwargs) -> None:
        statements = Statement._base_manager.filter(pk=self.statement_id)
        copies = statements.values_list("reported_on", "speaker_id").first()
        self.reported_on, self.speaker_id = copies or (None, None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"statement", "statement_id"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "reported_on", "speaker"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.statement.speaker} {self.stance} “{self.claim}”"


# ---------------------------------------------------------------- quote candidates


class QuoteCandidate(models.Model):
    """A passage the extractor proposes as a statement, waiting for an editor's decision.

    Proposed, accepted and rejected by claims/candidates.py.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        DUPLICATE = "duplicate", "Duplicate (pull-quote)"

    article = models.ForeignKey("sources.Article", on_delete=models.CASCADE, related_name="candidates")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    speaker_name = models.CharField(max_length=200, blank=True, help_text="As the article writes it.")
    speaker = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The known actor the name resolves to, if any.",
    )
    speaker_role = models.CharField(max_length=300, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    cue = models.CharField(max_length=300, blank=True, help_text="The attribution words found.")
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table it had when the model lived in sources (claims 0022 moved the model, not the rows).
        db_table = "sources_quotecandidate"
        ordering = ["article", "start"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="unique_candidate_span"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="candidate_offsets_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_name or '?'}: “{self.text[:60]}”"
