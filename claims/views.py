"""The analysts' pages: read-only, server-rendered, published material only.

Every view reads through the models' QuerySet methods and runs a fixed number
of queries whatever the size of the corpus (tests/pages pins the counts).
"""

import datetime
import functools
import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    Expression,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.formats.jsonld import claim_jsonld, jsonld_script
from claims.graph import claim_neighbourhood, with_evidence
from claims.models import (
    STATEMENT_CARD_RELATIONS,
    Actor,
    ActorClaim,
    Claim,
    ClaimedRange,
    ClaimRelation,
    Event,
    Stance,
    Statement,
    WeaponSystem,
)
from claims.names import to_latin
from claims.newest import Group, newest_stances
from claims.page_filters import not_understood
from claims.range_chart import range_chart
from claims.search import MAX_QUERY_CHARS, QueryTooLong, query_terms, weapon_hits
from claims.top_hits import search_everything
from infkb.dates import DatePrecision
from infkb.provenance import published_q
from infkb.slug_urls import slug_url
from infkb.viewsets import joins_as_written
from sources.models import Article

PER_PAGE = 25
GRAPH_DEPTH = 2
# How much of an actor's or a claim's statements a page shows; the rest is a link away.
GROUP_STATEMENTS = 5  # an actor's statements of each stance on one claim
# The claims on a page of an actor's: each brings up to 3 × GROUP_STATEMENTS statement cards, and
# reading and drawing them was most of the busiest speaker's page at 25 claims.
ACTOR_CLAIMS = 10
SIDE_STATEMENTS = 20  # a claim's statements for, against or mentioning it, a page of each
DENIED_CLAIMS = 10  # "claims they assert that others deny": the most denied ones
DENIALS_SHOWN = 5  # and the latest denials of each
SOURCES_SHOWN = 20  # an actor's latest source articles
RANGE_SOURCES = 5  # on a weapon's page, who claims or denies each range: the newest few
# A filter menu of every speaker is thousands of options at scale: it lists the most quoted.
SPEAKER_CHOICES = 100
MENU_SPEAKERS = 200  # the timeline's actor menu: the most quoted speakers


def paginate(request: HttpRequest, items: Sequence | Iterable, per_page: int = PER_PAGE) -> Page:
    """The page of `items` named by ?page= (the first or the last one when it is out of range)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


@dataclass
class ClaimStatements:
    """A claim with the statements that assert, deny or mention it.

    The lists may hold only some of them (the newest ones, or one page): `n_asserts`,
    `n_denies` and `n_mentions` count them all when the view knows it.
    """

    claim: Claim
    asserts: list[Statement] = field(default_factory=list)
    denies: list[Statement] = field(default_factory=list)
    mentions: list[Statement] = field(default_factory=list)
    n_asserts: int | None = None
    n_denies: int | None = None
    n_mentions: int | None = None

    def add(self, statement: Statement, stance: str) -> None:
        getattr(self, stance).append(statement)

    @property
    def n_statements(self) -> int:
        shown = len(self.asserts) + len(self.denies) + len(self.mentions)
        if None in (self.n_asserts, self.n_denies, self.n_mentions):
            return shown
        return self.n_asserts + self.n_denies + self.n_mentions

    @property
    def n_more(self) -> int:
        """How many of the statements are not in the lists."""
        return self.n_statements - len(self.asserts) - len(self.denies) - len(self.mentions)


def visible_stances():
    """Published stances of published statements on published claims: what readers see."""
    return Stance.objects.published()


def count_page(request: HttpRequest, param: str, count: int, per_page: int) -> Page:
    """The page named by ?`param`= of `count` items whose rows the view fetches itself.

    Its object_list is a range; the view replaces it with the rows of that page
    (from offset `(page.number - 1) * per_page`).
    """
    return Paginator(range(count), per_page).get_page(request.GET.get(param))


def planned_as_written(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page whose queries are planned with their joins in the order written (PostgreSQL).

    The statement cards' queries start from an index (the newest stances of a claim's side, the
    newest statements, a page of ids) and join each row's statement, speaker, role, article and
    outlet by primary key: that order is the plan. Searching every order of up to ten tables took
    8–15 ms of planning per query at a million statements, for the same plans (docs/performance.md,
    "The pages' CPU"). The other queries of these pages read one or two tables, where the setting
    changes nothing (checked with EXPLAIN ANALYZE at 1M, each page and its filters). The view renders
    its template inside the block: the template runs queries too.
    """

    @functools.wraps(view)
    def planned(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        with joins_as_written():
            return view(request, *args, **kwargs)

    return planned


# ---------------------------------------------------------------- home


@planned_as_written
def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "claims": Claim.objects.published().count(),
        # The sum of the actors' counter columns: 10,000 rows read instead of a million counted.
        "statements": Actor.objects.aggregate(n=Coalesce(Sum("statement_count"), 0))["n"],
        "actors": Actor.objects.published().count(),
        "articles": Article.objects.published().count(),
        "weapon_systems": WeaponSystem.objects.published().count(),
        "events": Event.objects.published().count(),
    }
    return render(
        request,
        "home.html",
        {
            "counts": counts,
            "contested": Claim.objects.published().most_contested()[:8],
            "latest": Statement.objects.for_readers().latest()[:8],
        },
    )


# ---------------------------------------------------------------- actors


def actor_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    country = request.GET.get("country", "")
    actors = Actor.objects.published().select_related("country").with_statement_counts().order_by("name")
    unknown = []
    if kind in Actor.Kind.values:
        actors = actors.filter(kind=kind)
    elif kind:
        unknown.append(not_understood(request, "kind", "kind of actor", ", ".join(Actor.Kind.values)))
    if country:
        actors = actors.filter(country__slug=country)
        # A state with no nationals lists nothing without a notice: the filter was understood.
        if not Actor.objects.published().states().filter(slug=country).exists():
            unknown.append(not_understood(request, "country", "country"))
    if unknown:
        actors = actors.none()
    kind_counts = dict(Actor.objects.published().values_list("kind").annotate(n=Count("pk")).order_by())
    countries = (
        Actor.objects.published()
        .states()
        .annotate(n_nationals=Count("nationals", filter=published_q(Actor, "nationals__")))
        .filter(n_nationals__gt=0)
        .order_by("name")
    )
    return render(
        request,
        "claims/actor_list.html",
        {
            "page": paginate(request, actors),
            "kinds": [(value, label, kind_counts.get(value, 0)) for value, label in Actor.Kind.choices],
            "countries": countries,
            "kind": kind,
            "country": country,
            "not_understood": unknown,
        },
    )


@planned_as_written
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An actor's statements, grouped by claim, paginated over the claims in the database.

    Each claim shows the actor's GROUP_STATEMENTS newest statements on it, with a
    link (`?claim=<slug>`) to all of them, a page at a time. The totals are the actor's counter
    columns; the claims, and how often the actor took each stance on them, the ActorClaim
    counters; the statements shown are bounded slices (claims/newest.py): the page does not go
    through the tens of thousands of statements of a prolific speaker.
    """
    actor = get_object_or_404(
        Actor.objects.published().select_related("country").prefetch_related("aliases"), slug=slug
    )
    statements = Statement.objects.published().by_actor(actor)
    spoken = visible_stances().filter(speaker=actor)  # the statement's speaker, copied to the stance
    claims = (
        Claim.objects.published()
        .filter(actor_counts__actor=actor)
        .annotate(
            n_asserts=F("actor_counts__asserting_count"),
            n_denies=F("actor_counts__denying_count"),
            n_mentions=F("actor_counts__mentioning_count"),
        )
        .order_by("text")
    )
    focus = None
    unknown = []
    if request.GET.get("claim"):
        # One claim, with all the actor's statements on it, a page at a time.
        focus = claims.filter(slug=request.GET["claim"]).first()
        if focus is None:
            unknown.append(not_understood(request, "claim", "claim", among=f"{actor.name}’s statements"))
    if unknown:
        page = count_page(request, "page", 0, PER_PAGE)
        groups, partition, slices = [], ("claim_id",), []
    elif focus is None:
        # A page of claims, each with its GROUP_STATEMENTS newest statements of each stance,
        # counted by the actor's counter (a count of the busiest speaker's claims joined them all).
        page = count_page(request, "page", actor.claim_count, ACTOR_CLAIMS)
        offset = (page.number - 1) * ACTOR_CLAIMS
        groups = [
            ClaimStatements(
                claim, n_asserts=claim.n_asserts, n_denies=claim.n_denies, n_mentions=claim.n_mentions
            )
            for claim in claims[offset : offset + ACTOR_CLAIMS]
        ]
        partition = ("claim_id", "stance")
        slices = [
            Group((group.claim.pk, kind), limit=GROUP_STATEMENTS)
            for group in groups
            for kind in Stance.Kind.values
            if getattr(group, f"n_{kind}")
        ]
    else:
        groups = [ClaimStatements(focus)]
        n_on_focus = focus.n_asserts + focus.n_denies + focus.n_mentions
        page = count_page(request, "page", n_on_focus, PER_PAGE)
        offset = (page.number - 1) * PER_PAGE
        partition = ("claim_id",)
        slices = [Group((focus.pk,), limit=PER_PAGE, offset=offset)]
    page.object_list = groups
    by_pk = {group.claim.pk: group for group in groups}
    for (claim_pk, *_), stance in newest_stances(spoken, partition, slices):
        by_pk[claim_pk].add(stance.statement, stance.stance)

    unlinked = []
    if actor.unlinked_count and focus is None and not unknown:
        unlinked = list(
            statements.exclude(Exists(visible_stances().filter(statement=OuterRef("pk"))))
            .select_related(*STATEMENT_CARD_RELATIONS)
            .latest()[:GROUP_STATEMENTS]
        )

    # Claims the actor asserts that others deny: the most denied ones, with their latest denials.
    most_denied = (
        ActorClaim.objects.filter(published_q(Claim, "claim__"), actor=actor)
        .most_denied()
        .select_related("claim")[:DENIED_CLAIMS]
    )
    denied = {
        row.claim_id: ClaimStatements(row.claim, n_denies=row.n, n_asserts=0, n_mentions=0)
        for row in most_denied
    }
    denials = visible_stances().filter(stance=Stance.Kind.DENIES).exclude(speaker=actor)
    latest_denials = [Group((claim_pk, Stance.Kind.DENIES), limit=DENIALS_SHOWN) for claim_pk in denied]
    for (claim_pk, _), stance in newest_stances(denials, ("claim_id", "stance"), latest_denials):
        denied[claim_pk].denies.append(stance.statement)

    articles = (
        Article.objects.filter(pk__in=statements.values("article_id"))
        .select_related("outlet")
        .defer("text")  # a title and a date are listed, not kilobytes of text
        .order_by("-published_on", "-pk")[:SOURCES_SHOWN]
    )
    return render(
        request,
        "claims/actor_detail.html",
        {
            "actor": actor,
            "roles": actor.roles.select_related("organisation"),
            "n_statements": actor.statement_count,
            "page": page,
            "focus": focus,
            "unlinked": unlinked,
            "n_unlinked": actor.unlinked_count,
            "denied": list(denied.values()),
            "articles": articles,
            "n_articles": actor.article_count,
            "not_understood": unknown,
        },
    )


# ---------------------------------------------------------------- claims


def speaker_choices(selected: Actor | None) -> list[Actor]:
    """The actor filter's menu: the SPEAKER_CHOICES most quoted speakers and the one selected, by name.

    Any other speaker is still a filter by URL (?actor=<slug>).
    """
    actors = list(Actor.objects.published().most_quoted()[:SPEAKER_CHOICES])
    if selected is not None and selected not in actors:
        actors.append(selected)
    return sorted(actors, key=lambda actor: actor.name)


def published_weapons() -> Prefetch:
    """A claim's weapon systems as readers see them: a link no publishing signal saw may join a draft."""
    return Prefetch("weapon_systems", WeaponSystem.objects.published())


def claim_list(request: HttpRequest) -> HttpResponse:
    weapon_slug = request.GET.get("weapon", "")
    actor_slug = request.GET.get("actor", "")
    stance = stance_given = request.GET.get("stance", "")
    if stance not in Stance.Kind.values:
        stance = ""
    claims = (
        Claim.objects.published().with_stance_counts().prefetch_related(published_weapons()).order_by("text")
    )
    weapon = WeaponSystem.objects.published().filter(slug=weapon_slug).first() if weapon_slug else None
    actor = Actor.objects.published().filter(slug=actor_slug).first() if actor_slug else None
    # A draft's slug lists nothing, as an unknown one does (claims/page_filters.py).
    unknown = []
    if weapon_slug and weapon is None:
        unknown.append(not_understood(request, "weapon", "weapon system"))
    if actor_slug and actor is None:
        unknown.append(not_understood(request, "actor", "actor"))
    if stance_given and not stance:
        unknown.append(not_understood(request, "stance", "stance", ", ".join(Stance.Kind.values)))
    if weapon:
        claims = claims.about_weapon(weapon)
    if unknown:
        claims = claims.none()
    elif actor or stance:
        claims = claims.with_stance_from(actor=actor, stance=stance)
    # Counting the claims an actor took a stance on reads all their stances (0.4 s for the busiest
    # speaker at 1M): that list is paged without a count.
    page = OpenEndedPage.read(request, "page", claims, PER_PAGE) if actor else paginate(request, claims)
    return render(
        request,
        "claims/claim_list.html",
        {
            "page": page,
            "weapons": WeaponSystem.objects.published(),
            "actors": speaker_choices(actor),
            "stances": Stance.Kind.choices,
            "weapon": weapon,
            "actor": actor,
            "stance": stance,
            "filtered": bool(weapon_slug or actor_slug or stance_given),
            "not_understood": unknown,
        },
    )


@dataclass
class OpenEndedPage:
    """A page of a list too long to count, read with one row more to know whether another follows.

    Counting a hub's relations joined the claims table whole (both ends must be published), and
    counting the statements about a weapon read every one of them (a DISTINCT over their stances
    and events: seconds at a million statements), for a number the page does not need.
    """

    object_list: list
    number: int
    has_next: bool
    per_page: int = 50
    # Past the last page a page is empty; past this one the offset would overflow the database's.
    last_number: ClassVar[int] = 1_000_000

    @classmethod
    def read(cls, request: HttpRequest, param: str, rows: Sequence, per_page: int = 0) -> "OpenEndedPage":
        per_page = per_page or cls.per_page
        try:
            number = min(max(1, int(request.GET.get(param, 1))), cls.last_number)
        except ValueError:
            number = 1
        start = (number - 1) * per_page
        page = list(rows[start : start + per_page + 1])
        return cls(page[:per_page], number, len(page) > per_page, per_page)

    def __iter__(self) -> Iterator:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.object_list) - 1


SIDE_PARAMS = {
    Stance.Kind.ASSERTS: "for_page",
    Stance.Kind.DENIES: "against_page",
    Stance.Kind.MENTIONS: "mentions_page",
}


@planned_as_written
def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.published()
        .select_related("claimed_range__weapon_system")
        .prefetch_related(published_weapons()),
        slug=slug,
    )
    # Each side shows a page of SIDE_STATEMENTS statements, newest first (?for_page=,
    # ?against_page=, ?mentions_page=), counted by the claim's counter columns.
    counts = {
        Stance.Kind.ASSERTS: claim.asserting_count,
        Stance.Kind.DENIES: claim.denying_count,
        Stance.Kind.MENTIONS: claim.mentioning_count,
    }
    stances = ClaimStatements(
        claim,
        n_asserts=counts.get(Stance.Kind.ASSERTS, 0),
        n_denies=counts.get(Stance.Kind.DENIES, 0),
        n_mentions=counts.get(Stance.Kind.MENTIONS, 0),
    )
    pages = {
        kind: count_page(request, param, counts.get(kind, 0), SIDE_STATEMENTS)
        for kind, param in SIDE_PARAMS.items()
    }
    sides = [
        Group((kind,), limit=SIDE_STATEMENTS, offset=(side_page.number - 1) * SIDE_STATEMENTS)
        for kind, side_page in pages.items()
        if counts[kind]
    ]
    for (kind,), stance in newest_stances(visible_stances().filter(claim=claim), ("stance",), sides):
        stances.add(stance.statement, kind)
    for kind, side_page in pages.items():
        side_page.object_list = getattr(stances, kind)
    shown = [(statement, kind) for kind in pages for statement in getattr(stances, kind)]
    # A page of each (a hub has thousands), not counted, newest first: the latest answers to a claim
    # are what an analyst looks for, and the index (claim, id) gives a page without a sort.
    relations = ClaimRelation.objects.published_in_index_order().order_by("-pk")
    outgoing = relations.filter(source=claim).select_related("target")
    incoming = relations.filter(target=claim).select_related("source")
    outgoing = OpenEndedPage.read(request, "out_page", outgoing)
    incoming = OpenEndedPage.read(request, "in_page", incoming)
    graph = claim_neighbourhood(claim, depth=GRAPH_DEPTH)
    # Who argued each relation: the drawing's edges come with it; the listed ones not drawn, one query.
    cited = {edge["id"]: edge["evidence"] for edge in graph["edges"]}
    related = [*outgoing.object_list, *incoming.object_list]
    undrawn = with_evidence([{"id": relation.pk} for relation in related if relation.pk not in cited])
    cited |= {edge["id"]: edge["evidence"] for edge in undrawn}
    for relation in related:
        relation.cited = cited[relation.pk]
    for node in graph["nodes"]:
        node["url"] = slug_url("claim-detail", node["slug"])
    texts = {node["id"]: node for node in graph["nodes"]}
    graph_edges = [
        {
            "source": texts[edge["source"]],
            "kind": edge["kind"],
            "target": texts[edge["target"]],
            "evidence": edge["evidence"],
        }
        for edge in graph["edges"]
    ]
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "stances": stances,
            "pages": pages,
            "outgoing": outgoing,
            "incoming": incoming,
            "graph": graph,
            "graph_edges": graph_edges,
            "jsonld": jsonld_script(claim_jsonld(claim, request.build_absolute_uri, shown=shown)),
        },
    )


# ---------------------------------------------------------------- weapon systems


def weapon_list(request: HttpRequest) -> HttpResponse:
    published = published_q(Claim, "claims__")
    weapons = (
        WeaponSystem.objects.published()
        .select_related("country")
        .annotate(n_claims=Count("claims", filter=published, distinct=True))
        .order_by("name")
    )
    return render(request, "claims/weapon_list.html", {"page": paginate(request, weapons)})


@planned_as_written
def weapon_detail(request: HttpRequest, slug: str) -> HttpResponse:
    weapon = get_object_or_404(
        WeaponSystem.objects.published().select_related("country").prefetch_related("designations"),
        slug=slug,
    )
    ranges = list(
        ClaimedRange.objects.filter(published_q(Claim, "claim__"), weapon_system=weapon)
        .select_related("claim", "weapon_system")
        .order_by("min_km", "max_km")
    )
    # Who claims each range: counted by the claims' counter columns, and the newest RANGE_SOURCES
    # of each side read in one query; the claim's own page lists them all.
    by_claim = {
        claimed.claim_id: ClaimStatements(claimed.claim, n_asserts=0, n_denies=0, n_mentions=0)
        for claimed in ranges
    }
    sides = []
    for claimed in ranges:
        group = by_claim[claimed.claim_id]
        group.n_asserts = claimed.claim.asserting_count
        group.n_denies = claimed.claim.denying_count
        group.n_mentions = claimed.claim.mentioning_count
        sides += [
            Group((claimed.claim_id, kind), limit=RANGE_SOURCES)
            for kind in Stance.Kind.values
            if getattr(group, f"n_{kind}")
        ]
    for (claim_pk, kind), stance in newest_stances(visible_stances(), ("claim_id", "stance"), sides):
        by_claim[claim_pk].add(stance.statement, kind)
    claims = Claim.objects.published().about_weapon(weapon).with_stance_counts().order_by("text")
    return render(
        request,
        "claims/weapon_detail.html",
        {
            "weapon": weapon,
            "ranges": [(claimed, by_claim[claimed.claim.pk]) for claimed in ranges],
            "range_chart": range_chart((claimed, by_claim[claimed.claim.pk].asserts) for claimed in ranges),
            "page": paginate(request, claims),
            "events": weapon.events.published(),
        },
    )


# ---------------------------------------------------------------- timeline


@dataclass
class TimelineEntry:
    date: datetime.date
    precision: str
    event: Event | None = None
    statement: Statement | None = None
    reported: bool = False  # dated by its article's publication, not by when it was said


class TimelineRows:
    """Events and statements in date order, as (event, None) or (None, statement id), a slice at a time.

    Within a day, events come before what was said about them. A page at offset o reads the
    first o + page-size events and statements, each from an index in that order (Statement's
    statement_timeline_idx on reported_on, id), and merges them: the timeline reads what it shows
    (plus what precedes it), not a sort of every statement. (PostgreSQL does not merge the two
    halves of a UNION ALL through their indexes: it sorted the million rows.) Uncounted, the rows
    are read an OpenEndedPage at a time; CountedTimelineRows also counts them, for a Paginator.
    """

    def __init__(self, events: QuerySet, statements: QuerySet) -> None:
        self.events, self.statements = events, statements

    def __getitem__(self, rows: slice) -> list[tuple[Event | None, int | None]]:
        end = rows.stop
        events = ((event.date, 0, event.pk, event) for event in self.events.order_by("date", "pk")[:end])
        statements = self.statements.order_by("reported_on", "pk").values_list("reported_on", "pk")[:end]
        merged = heapq.merge(events, ((date, 1, pk, None) for date, pk in statements))
        page = itertools.islice(merged, rows.start, end)
        return [(event, None if event else pk) for _, _, pk, event in page]


class CountedTimelineRows(TimelineRows):
    """The timeline's rows with their number, for a Paginator: the statements are not counted but
    read from counter columns (`n_statements`, an expression: the actors' or one actor's total)."""

    def __init__(self, events: QuerySet, statements: QuerySet, n_statements: Expression) -> None:
        super().__init__(events, statements)
        self.n_statements = n_statements

    def count(self) -> int:
        """The events counted and the statements' counters read, in one query."""
        return self.events.aggregate(n=Count("pk") + self.n_statements)["n"]

    def __len__(self) -> int:
        return self.count()


def timeline(request: HttpRequest) -> HttpResponse:
    actor_slug, weapon_slug = request.GET.get("actor", ""), request.GET.get("weapon", "")
    actor = Actor.objects.published().filter(slug=actor_slug).first() if actor_slug else None
    weapon = WeaponSystem.objects.published().filter(slug=weapon_slug).first() if weapon_slug else None
    # A value that names nothing lists nothing, and says so (claims/page_filters.py).
    unknown = []
    if actor_slug and actor is None:
        unknown.append(not_understood(request, "actor", "actor"))
    if weapon_slug and weapon is None:
        unknown.append(not_understood(request, "weapon", "weapon system"))
    events = Event.objects.published()
    statements = Statement.objects.published()
    # How many statements the pages count, from the actors' counter columns.
    everyone = Actor.objects.order_by().annotate(one=Value(1)).values("one")
    n_statements = Coalesce(Subquery(everyone.annotate(n=Sum("statement_count")).values("n")), 0)
    if actor:
        events = events.filter(actors=actor)
        statements = statements.by_actor(actor)
        n_statements = Value(actor.statement_count)
    if weapon:
        events = events.filter(weapon_systems=weapon)
        statements = statements.about_weapon(weapon, probed=weapon.is_common())
    if unknown:
        page = paginate(request, [], per_page=50)
    elif weapon:
        # No counter says how many statements are about a weapon: counting them would read them all.
        page = OpenEndedPage.read(request, "page", TimelineRows(events, statements))
    else:
        page = paginate(request, CountedTimelineRows(events, statements, n_statements), per_page=50)
    rows = list(page.object_list)
    # The page's statements by primary key, each joined to its speaker, article… (see planned_as_written;
    # not the whole view: the statements about a weapon, filtered through their stances and events,
    # are read 5× slower with their joins in the order written).
    with joins_as_written():
        statements_by_id = Statement.objects.for_readers().in_bulk([pk for event, pk in rows if pk])
    page.object_list = [
        timeline_entry(event=event) if event else timeline_entry(statement=statements_by_id[pk])
        for event, pk in rows
        if event or pk in statements_by_id  # not deleted since the page was read
    ]
    return render(
        request,
        "claims/timeline.html",
        {
            "page": page,
            "actors": timeline_actors(actor),
            "weapons": WeaponSystem.objects.published(),
            "actor": actor,
            "weapon": weapon,
            "day": DatePrecision.DAY,
            "filtered": bool(actor_slug or weapon_slug),
            "not_understood": unknown,
        },
    )


def timeline_actors(chosen: Actor | None) -> QuerySet:
    """The timeline's actor menu: the MENU_SPEAKERS most quoted speakers, the actors of events,
    and the chosen one, by name. (Every speaker made a menu of 10,000 names at scale; an actor's
    page links to its timeline.)"""
    most_quoted = Actor.objects.speakers().order_by("-statement_count", "pk").values("pk")[:MENU_SPEAKERS]
    return Actor.objects.published().filter(
        Q(pk__in=most_quoted)
        | Q(pk__in=Event.objects.published().values("actors"))
        | Q(pk=chosen.pk if chosen else None)
    )


def timeline_entry(*, event: Event | None = None, statement: Statement | None = None) -> TimelineEntry:
    """An event at its date, or a statement at its reported_on (its article's date, marked, if undated)."""
    if event is not None:
        return TimelineEntry(event.date, event.date_precision, event=event)
    if statement.said_on is not None:
        return TimelineEntry(statement.said_on, statement.said_precision, statement=statement)
    article = statement.article
    return TimelineEntry(
        article.published_on, article.published_precision, statement=statement, reported=True
    )


# ---------------------------------------------------------------- search


SEARCH_RESULTS = 200  # hits the search page ranks, twenty to a page


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    # The texts are in English and the names romanised: "Рябков" is searched as "ryabkov".
    latin = to_latin(query)
    hits: Sequence = []
    try:
        if query:
            # A weapon named by a designation is what the reader is after: its page comes first.
            # The hits are read from the database a page at a time (SearchResults).
            hits = search_everything(latin, limit=SEARCH_RESULTS).after(weapon_hits(latin))
    except QueryTooLong as error:
        # The form comes back with the query cut to what fits, and says why nothing was searched.
        return render(
            request,
            "search.html",
            {"query": query[:MAX_QUERY_CHARS], "too_long": str(error), "page": paginate(request, [])},
            status=400,
        )
    return render(
        request,
        "search.html",
        {
            "query": query,
            "terms": query_terms(latin) if query else [],
            "page": paginate(request, hits),
            "window": getattr(hits, "window", None),
            "crowded": getattr(hits, "crowded", ()),
        },
    )
