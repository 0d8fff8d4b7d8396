"""The analysts' pages: read-only, server-rendered, published material only.

Every view reads through the models' QuerySet methods and runs a fixed number
of queries whatever the size of the corpus (tests/pages pins the counts).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from claims.formats.jsonld import claim_jsonld, jsonld_script
from claims.graph import claim_neighbourhood, with_evidence
from claims.models import (
    STATEMENT_CARD_RELATIONS,
    Actor,
    Claim,
    ClaimedRange,
    ClaimRelation,
    Event,
    Stance,
    Statement,
    WeaponSystem,
    statements_newest_first,
)
from claims.names import to_latin
from claims.range_chart import range_chart
from claims.search import MAX_QUERY_CHARS, QueryTooLong, query_terms, weapon_hits
from claims.top_hits import search_everything
from infkb.dates import DatePrecision
from infkb.provenance import published_q
from sources.models import Article

PER_PAGE = 25
GRAPH_DEPTH = 2
# How much of an actor's or a claim's statements a page shows; the rest is a link away.
GROUP_STATEMENTS = 5  # an actor's statements of each stance on one claim
SIDE_STATEMENTS = 20  # a claim's statements for, against or mentioning it, a page of each
DENIED_CLAIMS = 10  # "claims they assert that others deny": the most denied ones
DENIALS_SHOWN = 5  # and the latest denials of each
SOURCES_SHOWN = 20  # an actor's latest source articles
RANGE_SOURCES = 5  # on a weapon's page, who claims or denies each range: the newest few
# A filter menu of every speaker is thousands of options at scale: it lists the most quoted.
SPEAKER_CHOICES = 100


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


def newest_first(prefix: str = "") -> list:
    """The order of Statement.objects.latest(), for a window or for a query through `prefix`."""
    return statements_newest_first(prefix)


def visible_stances():
    """Published stances of published statements on published claims: what readers see."""
    return Stance.objects.published()


def count_page(request: HttpRequest, param: str, count: int, per_page: int) -> Page:
    """The page named by ?`param`= of `count` items whose rows the view fetches itself.

    Its object_list is a range; the view replaces it with the rows of that page
    (from offset `(page.number - 1) * per_page`).
    """
    return Paginator(range(count), per_page).get_page(request.GET.get(param))


# ---------------------------------------------------------------- home


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
    if kind in Actor.Kind.values:
        actors = actors.filter(kind=kind)
    if country:
        actors = actors.filter(country__slug=country)
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
        },
    )


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An actor's statements, grouped by claim, paginated over the claims in the database.

    Each claim shows the actor's GROUP_STATEMENTS newest statements on it, with a
    link (`?claim=<slug>`) to all of them, a page at a time.
    """
    actor = get_object_or_404(Actor.objects.published().select_related("country"), slug=slug)
    statements = Statement.objects.published().by_actor(actor)
    totals = statements.aggregate(
        n_statements=Count("pk"),
        n_unlinked=Count("pk", filter=~Exists(visible_stances().filter(statement=OuterRef("pk")))),
        n_articles=Count("article", distinct=True),
    )
    claims = Claim.objects.published().with_stance_from(actor=actor).order_by("text")
    focus = None
    if request.GET.get("claim"):
        # One claim, with all the actor's statements on it, a page at a time.
        focus = claims.filter(slug=request.GET["claim"]).first()
    if focus is None:
        # A page of claims, each with its GROUP_STATEMENTS newest statements of each stance
        # and the number of them all (a window count, before the cut).
        page = paginate(request, claims)
        groups = [ClaimStatements(claim, n_asserts=0, n_denies=0, n_mentions=0) for claim in page]
        partition = [F("stances__claim"), F("stances__stance")]
        offset, limit = 0, GROUP_STATEMENTS
    else:
        groups = [ClaimStatements(focus)]
        n_on_focus = statements.filter(
            published_q(Stance, "stances__", joined_from="statement"), stances__claim=focus
        ).count()
        page = count_page(request, "page", n_on_focus, PER_PAGE)
        partition = [F("stances__claim")]
        offset, limit = (page.number - 1) * PER_PAGE, PER_PAGE
    page.object_list = groups
    by_pk = {group.claim.pk: group for group in groups}
    rows = (
        # One filter() call, so that the annotations below read the same stance row.
        statements.filter(
            published_q(Stance, "stances__", joined_from="statement"), stances__claim__in=list(by_pk)
        )
        .select_related(*STATEMENT_CARD_RELATIONS)
        .annotate(
            group_claim=F("stances__claim"),
            group_stance=F("stances__stance"),
            rank=Window(RowNumber(), partition_by=partition, order_by=newest_first()),
            n_in_stance=Window(Count("pk"), partition_by=[F("stances__claim"), F("stances__stance")]),
        )
        .filter(rank__gt=offset, rank__lte=offset + limit)
        .order_by("rank")
    )
    for statement in rows if by_pk else []:
        group = by_pk[statement.group_claim]
        group.add(statement, statement.group_stance)
        if focus is None:
            setattr(group, f"n_{statement.group_stance}", statement.n_in_stance)

    unlinked = []
    if totals["n_unlinked"] and focus is None:
        unlinked = list(
            statements.exclude(Exists(visible_stances().filter(statement=OuterRef("pk"))))
            .select_related(*STATEMENT_CARD_RELATIONS)
            .latest()[:GROUP_STATEMENTS]
        )

    # Claims the actor asserts that others deny: the most denied ones, with their latest denials.
    denials = (
        Stance.objects.published()
        .filter(
            stance=Stance.Kind.DENIES,
            claim__in=Claim.objects.published().with_stance_from(actor=actor, stance=Stance.Kind.ASSERTS),
        )
        .exclude(statement__speaker=actor)
    )
    most_denied = list(
        denials.values_list("claim").annotate(n=Count("pk")).order_by("-n", "claim__text")[:DENIED_CLAIMS]
    )
    denied = {
        claim_pk: ClaimStatements(None, n_denies=n, n_asserts=0, n_mentions=0) for claim_pk, n in most_denied
    }
    if denied:
        latest_denials = (
            denials.filter(claim__in=list(denied))
            .select_related("claim", *(f"statement__{related}" for related in STATEMENT_CARD_RELATIONS))
            .annotate(rank=Window(RowNumber(), partition_by=F("claim"), order_by=newest_first("statement__")))
            .filter(rank__lte=DENIALS_SHOWN)
            .order_by("rank")
        )
        for stance in latest_denials:
            denied[stance.claim_id].claim = stance.claim
            denied[stance.claim_id].denies.append(stance.statement)

    articles = (
        Article.objects.filter(pk__in=statements.values("article_id"))
        .select_related("outlet")
        .order_by("-published_on", "-pk")[:SOURCES_SHOWN]
    )
    return render(
        request,
        "claims/actor_detail.html",
        {
            "actor": actor,
            "roles": actor.roles.select_related("organisation"),
            "n_statements": totals["n_statements"],
            "page": page,
            "focus": focus,
            "unlinked": unlinked,
            "n_unlinked": totals["n_unlinked"],
            "denied": list(denied.values()),
            "articles": articles,
            "n_articles": totals["n_articles"],
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


def claim_list(request: HttpRequest) -> HttpResponse:
    weapon_slug = request.GET.get("weapon", "")
    actor_slug = request.GET.get("actor", "")
    stance = request.GET.get("stance", "")
    if stance not in Stance.Kind.values:
        stance = ""
    claims = (
        Claim.objects.published().with_stance_counts().prefetch_related("weapon_systems").order_by("text")
    )
    weapon = WeaponSystem.objects.published().filter(slug=weapon_slug).first() if weapon_slug else None
    actor = Actor.objects.published().filter(slug=actor_slug).first() if actor_slug else None
    if weapon_slug:
        claims = claims.filter(weapon_systems__slug=weapon_slug)
    if actor_slug and actor is None:
        claims = claims.none()
    elif actor or stance:
        claims = claims.with_stance_from(actor=actor, stance=stance)
    return render(
        request,
        "claims/claim_list.html",
        {
            "page": paginate(request, claims),
            "weapons": WeaponSystem.objects.published(),
            "actors": speaker_choices(actor),
            "stances": Stance.Kind.choices,
            "weapon": weapon,
            "actor": actor,
            "stance": stance,
            "filtered": bool(weapon_slug or actor_slug or stance),
        },
    )


RELATIONS_SHOWN = 20  # a claim's relations each way, a page of them, the most argued-over claims first
RELATION_PARAMS = {"outgoing": "out_page", "incoming": "in_page"}


def related_claims(request: HttpRequest, claim: Claim) -> tuple[Page, Page]:
    """The claim's visible relations to others and from others: a page of each (?out_page=, ?in_page=).

    A hub has thousands: each page holds RELATIONS_SHOWN, the other claims with the
    most statements for and against first (then by text). Three queries: the two
    counts together, then each page, sorting only this claim's relations.
    """
    visible = ClaimRelation.objects.published()
    counts = visible.filter(Q(source=claim) | Q(target=claim)).aggregate(
        outgoing=Count("pk", filter=Q(source=claim)), incoming=Count("pk", filter=Q(target=claim))
    )
    pages = []
    for direction, other in (("outgoing", "target"), ("incoming", "source")):
        page = count_page(request, RELATION_PARAMS[direction], counts[direction], RELATIONS_SHOWN)
        offset = (page.number - 1) * RELATIONS_SHOWN
        mine = "source" if other == "target" else "target"
        page.object_list = list(
            visible.filter(**{mine: claim})
            .select_related(other)
            .order_by(
                (F(f"{other}__asserting_count") + F(f"{other}__denying_count")).desc(),
                f"{other}__text",
                "kind",
            )[offset : offset + RELATIONS_SHOWN]
        )
        pages.append(page)
    return pages[0], pages[1]


SIDE_PARAMS = {
    Stance.Kind.ASSERTS: "for_page",
    Stance.Kind.DENIES: "against_page",
    Stance.Kind.MENTIONS: "mentions_page",
}


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.published()
        .select_related("claimed_range__weapon_system")
        .prefetch_related("weapon_systems"),
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
    on_page = Q()
    for kind, side_page in pages.items():
        offset = (side_page.number - 1) * SIDE_STATEMENTS
        on_page |= Q(side=kind, rank__gt=offset, rank__lte=offset + SIDE_STATEMENTS)
    statements = (
        Statement.objects.published()
        .filter(published_q(Stance, "stances__", joined_from="statement"), stances__claim=claim)
        .select_related(*STATEMENT_CARD_RELATIONS)
        .annotate(
            side=F("stances__stance"),
            rank=Window(RowNumber(), partition_by=F("stances__stance"), order_by=newest_first()),
        )
        .filter(on_page)
        .order_by("rank")
    )
    for statement in statements:
        stances.add(statement, statement.side)
    for kind, side_page in pages.items():
        side_page.object_list = getattr(stances, kind)
    outgoing, incoming = related_claims(request, claim)
    graph = claim_neighbourhood(claim, depth=GRAPH_DEPTH)
    # Who argued each relation, for the drawing and both lists: one query for all of them.
    drawn = {edge["id"] for edge in graph["edges"]}
    shown = [*outgoing.object_list, *incoming.object_list]
    listed = [{"id": relation.pk} for relation in shown if relation.pk not in drawn]
    cited = {edge["id"]: edge["evidence"] for edge in with_evidence(graph["edges"] + listed)}
    for relation in shown:
        relation.cited = cited[relation.pk]
    for node in graph["nodes"]:
        node["url"] = reverse("claim-detail", kwargs={"slug": node["slug"]})
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
            "jsonld": jsonld_script(claim_jsonld(claim, request.build_absolute_uri)),
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
    # Who claims each range: counted in one query, and the newest RANGE_SOURCES of each side
    # fetched in another; the claim's own page lists them all.
    by_claim = {
        claimed.claim_id: ClaimStatements(claimed.claim, n_asserts=0, n_denies=0, n_mentions=0)
        for claimed in ranges
    }
    counts = visible_stances().filter(claim__in=by_claim).values_list("claim", "stance")
    for claim_pk, stance, n in counts.annotate(n=Count("pk")).order_by():
        setattr(by_claim[claim_pk], f"n_{stance}", n)
    newest = (
        Statement.objects.published()
        .filter(published_q(Stance, "stances__", joined_from="statement"), stances__claim__in=by_claim)
        .select_related(*STATEMENT_CARD_RELATIONS, "speaker__country")
        .annotate(
            on_claim=F("stances__claim"),
            side=F("stances__stance"),
            rank=Window(
                RowNumber(), partition_by=[F("stances__claim"), F("stances__stance")], order_by=newest_first()
            ),
        )
        .filter(rank__lte=RANGE_SOURCES)
        .order_by("rank")
    )
    for statement in newest:
        by_claim[statement.on_claim].add(statement, statement.side)
    claims = Claim.objects.published().about_weapon(weapon).with_stance_counts().order_by("text")
    return render(
        request,
        "claims/weapon_detail.html",
        {
            "weapon": weapon,
            "ranges": [(claimed, by_claim[claimed.claim.pk]) for claimed in ranges],
            "range_chart": range_chart((claimed, by_claim[claimed.claim.pk].asserts) for claimed in ranges),
            "page": paginate(request, claims),
            "events": weapon.events.all(),
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


def _timeline_rows(events: QuerySet, statements: QuerySet) -> QuerySet:
    """Events and statements as one list of (kind, id, date, precision, reported), in date order.

    Ordered and paginated by the database, so the timeline reads one page of
    rows whatever the size of the corpus. Within a day, events come before what
    was said about them. Every column is an annotation so that both halves of
    the UNION select the same columns in the same order.
    """
    columns = ("entry_date", "entry_kind", "entry_id", "entry_precision", "entry_reported")
    event_rows = events.annotate(
        entry_date=F("date"),
        entry_kind=Value(0),
        entry_id=F("pk"),
        entry_precision=F("date_precision"),
        entry_reported=Value(False),
    ).values_list(*columns)
    said = Q(said_on__isnull=False)
    statement_rows = statements.annotate(
        entry_date=Coalesce("said_on", "article__published_on"),
        entry_kind=Value(1),
        entry_id=F("pk"),
        entry_precision=Case(When(said, then=F("said_precision")), default=F("article__published_precision")),
        entry_reported=Case(When(said, then=Value(False)), default=Value(True)),
    ).values_list(*columns)
    return event_rows.order_by().union(statement_rows.order_by(), all=True).order_by(*columns[:3])


def timeline(request: HttpRequest) -> HttpResponse:
    actor = Actor.objects.published().filter(slug=request.GET.get("actor", "")).first()
    weapon = WeaponSystem.objects.published().filter(slug=request.GET.get("weapon", "")).first()
    events = Event.objects.published()
    statements = Statement.objects.published()
    if actor:
        events = events.filter(actors=actor)
        statements = statements.by_actor(actor)
    if weapon:
        events = events.filter(weapon_systems=weapon)
        statements = statements.about_weapon(weapon)
    page = paginate(request, _timeline_rows(events, statements), per_page=50)
    rows = list(page.object_list)
    events_by_id = Event.objects.in_bulk([row[2] for row in rows if row[1] == 0])
    statements_by_id = Statement.objects.for_readers().in_bulk([row[2] for row in rows if row[1] == 1])
    page.object_list = [
        TimelineEntry(
            date,
            precision,
            event=events_by_id.get(pk) if kind == 0 else None,
            statement=statements_by_id.get(pk) if kind == 1 else None,
            reported=bool(reported),
        )
        for date, kind, pk, precision, reported in rows
    ]
    return render(
        request,
        "claims/timeline.html",
        {
            "page": page,
            "actors": Actor.objects.published()
            .filter(Q(pk__in=Actor.objects.speakers()) | published_q(Event, "events__"))
            .distinct(),
            "weapons": WeaponSystem.objects.published(),
            "actor": actor,
            "weapon": weapon,
            "day": DatePrecision.DAY,
        },
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
