"""The analysts' pages: read-only, server-rendered, published material only.

Every view reads through the models' QuerySet methods and runs a fixed number
of queries whatever the size of the corpus (tests/pages pins the counts).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from claims.graph import claim_neighbourhood
from claims.models import (
    Actor,
    Claim,
    ClaimedRange,
    ClaimRelation,
    Event,
    Stance,
    Statement,
    WeaponSystem,
)
from claims.search import query_terms, search_everything
from infkb.dates import DatePrecision
from infkb.provenance import ReviewStatus
from sources.models import Article

PER_PAGE = 25
GRAPH_DEPTH = 2


def paginate(request: HttpRequest, items: Sequence | Iterable, per_page: int = PER_PAGE) -> Page:
    """The page of `items` named by ?page= (the first or the last one when it is out of range)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


@dataclass
class ClaimStatements:
    """A claim with the statements that assert, deny or mention it."""

    claim: Claim
    asserts: list[Statement] = field(default_factory=list)
    denies: list[Statement] = field(default_factory=list)
    mentions: list[Statement] = field(default_factory=list)

    def add(self, statement: Statement, stance: str) -> None:
        getattr(self, stance).append(statement)


def group_by_claim(
    statements: Iterable[Statement], claims: Iterable[Claim] | None = None
) -> list[ClaimStatements]:
    """Statements (from for_readers()) grouped under each claim they take a stance on.

    With `claims`, only those claims, in that order; otherwise every claim met, by text.
    """
    groups: dict[int, ClaimStatements] = {}
    if claims is not None:
        groups = {claim.pk: ClaimStatements(claim) for claim in claims}
    for statement in statements:
        for stance in statement.visible_stances:
            if claims is None and stance.claim_id not in groups:
                groups[stance.claim_id] = ClaimStatements(stance.claim)
            if stance.claim_id in groups:
                groups[stance.claim_id].add(statement, stance.stance)
    if claims is None:
        return sorted(groups.values(), key=lambda group: group.claim.text)
    return list(groups.values())


# ---------------------------------------------------------------- home


def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "claims": Claim.objects.published().count(),
        "statements": Statement.objects.published().count(),
        "actors": Actor.objects.count(),
        "articles": Article.objects.count(),
        "weapon_systems": WeaponSystem.objects.count(),
        "events": Event.objects.count(),
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
    actors = Actor.objects.select_related("country").with_statement_counts().order_by("name")
    if kind in Actor.Kind.values:
        actors = actors.filter(kind=kind)
    if country:
        actors = actors.filter(country__slug=country)
    kind_counts = dict(Actor.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    countries = (
        Actor.objects.states()
        .annotate(n_nationals=Count("nationals"))
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
    actor = get_object_or_404(Actor.objects.select_related("country"), slug=slug)
    statements = list(Statement.objects.for_readers().by_actor(actor).order_by("article", "start", "pk"))
    groups = group_by_claim(statements)
    unlinked = [statement for statement in statements if not statement.visible_stances]
    asserted = [group.claim for group in groups if group.asserts]
    denials = (
        Statement.objects.for_readers().on_claims(asserted, stance=Stance.Kind.DENIES).exclude(speaker=actor)
    )
    denied = [group for group in group_by_claim(denials, asserted) if group.denies]
    articles = {statement.article_id: statement.article for statement in statements}
    return render(
        request,
        "claims/actor_detail.html",
        {
            "actor": actor,
            "roles": actor.roles.select_related("organisation"),
            "n_statements": len(statements),
            "page": paginate(request, groups),
            "unlinked": unlinked,
            "denied": denied,
            "articles": sorted(articles.values(), key=lambda article: article.published_on),
        },
    )


# ---------------------------------------------------------------- claims


def claim_list(request: HttpRequest) -> HttpResponse:
    weapon_slug = request.GET.get("weapon", "")
    actor_slug = request.GET.get("actor", "")
    stance = request.GET.get("stance", "")
    if stance not in Stance.Kind.values:
        stance = ""
    claims = (
        Claim.objects.published().with_stance_counts().prefetch_related("weapon_systems").order_by("text")
    )
    weapon = WeaponSystem.objects.filter(slug=weapon_slug).first() if weapon_slug else None
    actor = Actor.objects.filter(slug=actor_slug).first() if actor_slug else None
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
            "weapons": WeaponSystem.objects.all(),
            "actors": Actor.objects.speakers(),
            "stances": Stance.Kind.choices,
            "weapon": weapon,
            "actor": actor,
            "stance": stance,
            "filtered": bool(weapon_slug or actor_slug or stance),
        },
    )


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.published()
        .select_related("claimed_range__weapon_system")
        .prefetch_related("weapon_systems"),
        slug=slug,
    )
    statements = Statement.objects.for_readers().on_claims([claim]).order_by("said_on", "article", "start")
    (stances,) = group_by_claim(statements, [claim])
    relations = (
        ClaimRelation.objects.published()
        .filter(Q(source=claim) | Q(target=claim))
        .filter(source__status=ReviewStatus.PUBLISHED, target__status=ReviewStatus.PUBLISHED)
        .select_related("source", "target")
    )
    outgoing = [relation for relation in relations if relation.source_id == claim.pk]
    incoming = [relation for relation in relations if relation.target_id == claim.pk]
    graph = claim_neighbourhood(claim, depth=GRAPH_DEPTH)
    for node in graph["nodes"]:
        node["url"] = reverse("claim-detail", kwargs={"slug": node["slug"]})
    texts = {node["id"]: node for node in graph["nodes"]}
    graph_edges = [
        {"source": texts[edge["source"]], "kind": edge["kind"], "target": texts[edge["target"]]}
        for edge in graph["edges"]
    ]
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "stances": stances,
            "outgoing": outgoing,
            "incoming": incoming,
            "graph": graph,
            "graph_edges": graph_edges,
        },
    )


# ---------------------------------------------------------------- weapon systems


def weapon_list(request: HttpRequest) -> HttpResponse:
    published = Q(claims__status=ReviewStatus.PUBLISHED)
    weapons = (
        WeaponSystem.objects.select_related("country")
        .annotate(n_claims=Count("claims", filter=published, distinct=True))
        .order_by("name")
    )
    return render(request, "claims/weapon_list.html", {"page": paginate(request, weapons)})


def weapon_detail(request: HttpRequest, slug: str) -> HttpResponse:
    weapon = get_object_or_404(
        WeaponSystem.objects.select_related("country").prefetch_related("designations"), slug=slug
    )
    ranges = list(
        ClaimedRange.objects.filter(weapon_system=weapon, claim__status=ReviewStatus.PUBLISHED)
        .select_related("claim")
        .order_by("min_km", "max_km")
    )
    range_claims = [claimed.claim for claimed in ranges]
    by_claim = {
        group.claim.pk: group
        for group in group_by_claim(Statement.objects.for_readers().on_claims(range_claims), range_claims)
    }
    claims = Claim.objects.published().about_weapon(weapon).with_stance_counts().order_by("text")
    return render(
        request,
        "claims/weapon_detail.html",
        {
            "weapon": weapon,
            "ranges": [(claimed, by_claim[claimed.claim.pk]) for claimed in ranges],
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

    @property
    def sort_key(self) -> tuple:
        # Within a day, events come before what was said about them.
        return (self.date, self.statement is not None, self.event.pk if self.event else self.statement.pk)


def timeline(request: HttpRequest) -> HttpResponse:
    actor = Actor.objects.filter(slug=request.GET.get("actor", "")).first()
    weapon = WeaponSystem.objects.filter(slug=request.GET.get("weapon", "")).first()
    events = Event.objects.all()
    statements = Statement.objects.for_readers()
    if actor:
        events = events.filter(actors=actor)
        statements = statements.by_actor(actor)
    if weapon:
        events = events.filter(weapon_systems=weapon)
        statements = statements.about_weapon(weapon)
    entries = [TimelineEntry(event.date, event.date_precision, event=event) for event in events]
    for statement in statements:
        if statement.said_on:
            entries.append(TimelineEntry(statement.said_on, statement.said_precision, statement=statement))
        else:
            article = statement.article
            entries.append(
                TimelineEntry(
                    article.published_on, article.published_precision, statement=statement, reported=True
                )
            )
    entries.sort(key=lambda entry: entry.sort_key)
    return render(
        request,
        "claims/timeline.html",
        {
            "page": paginate(request, entries, per_page=50),
            "actors": Actor.objects.filter(
                Q(pk__in=Actor.objects.speakers()) | Q(events__isnull=False)
            ).distinct(),
            "weapons": WeaponSystem.objects.all(),
            "actor": actor,
            "weapon": weapon,
            "day": DatePrecision.DAY,
        },
    )


# ---------------------------------------------------------------- search


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    hits = search_everything(query, limit=200) if query else []
    return render(
        request,
        "search.html",
        {"query": query, "terms": query_terms(query) if query else [], "page": paginate(request, hits)},
    )
