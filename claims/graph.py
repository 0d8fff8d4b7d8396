"""The neighbourhood of a claim in the claim graph, for the API and the claim page's drawing."""

from collections import defaultdict

from django.db.models import QuerySet

from claims.models import Claim, ClaimRelation, Statement
from infkb.dates import DatePrecision
from infkb.provenance import published_q

MAX_DEPTH = 3
# A drawing of more claims than this is unreadable, and a hub's depth 2 can be most of the graph.
MAX_NODES = 150
# Relations read per level of the walk (and between the claims reached), nearest first.
MAX_EDGES_READ = 1000
EDGE_FIELDS = ("id", "source_id", "target_id", "kind")
NODE_FIELDS = ("id", "slug", "text", "asserting_count", "denying_count")


def _edge(relation: dict) -> dict:
    return {
        "id": relation["id"],
        "source": relation["source_id"],
        "target": relation["target_id"],
        "kind": relation["kind"],
    }


def _touching(relations: QuerySet, frontier: set[int]) -> list[dict]:
    """The first MAX_EDGES_READ relations from or to a claim of `frontier`, by id.

    Written as two reads, one per direction, merged: each is an index-only scan of
    claim_relation_from_idx / claim_relation_to_idx in id order, where one query with
    "source or target" read a hub's thousands of relations from the table to sort them.
    A relation between two claims of the frontier comes twice; the caller keys edges by id.
    """
    from_frontier = relations.filter(source__in=frontier).order_by().values(*EDGE_FIELDS)
    to_frontier = relations.filter(target__in=frontier).order_by().values(*EDGE_FIELDS)
    return list(from_frontier.union(to_frontier, all=True).order_by("id")[:MAX_EDGES_READ])


def claim_neighbourhood(claim: Claim, *, depth: int = 1, published_only: bool = True) -> dict:
    """Claims within `depth` relations of `claim` (either direction), and the relations between them.

    Returns {"nodes": [...], "edges": [...], "truncated": bool}: each node has
    id, slug, text, n_asserting, n_denying and is_root; each edge has id,
    source, target and kind (with_evidence adds who argued it). Depth is capped
    at MAX_DEPTH; cycles are walked once. At most MAX_NODES claims, the nearest
    first (and, at one distance, by the relations' ids): a hub's neighbourhood is cut there and `truncated` is
    true. The walk stops as soon as the drawing is full (a hub fills it at its
    first level), so it runs at most one query per level, one for the edges
    between the claims reached and one for the nodes, each reading a bounded
    number of rows; node counts are the claims' counter columns.
    """
    depth = max(0, min(depth, MAX_DEPTH))
    relations = ClaimRelation.objects.all()
    if published_only:
        relations = relations.published_in_index_order()
    seen = {claim.pk}
    frontier = {claim.pk}
    edges: dict[int, dict] = {}
    truncated = False
    for _ in range(depth):
        if len(seen) >= MAX_NODES:
            # Full: further levels can add no claim, only edges between those reached (read below).
            # Whether they would have added one is not worth a query: "truncated" then means "cut here".
            truncated = True
            break
        found = _touching(relations, frontier)
        truncated |= len(found) == MAX_EDGES_READ
        reached = set()  # claims this level adds
        for relation in found:
            new = {relation["source_id"], relation["target_id"]} - seen - reached
            if len(seen) + len(reached) + len(new) > MAX_NODES:
                truncated = True
                continue
            edges[relation["id"]] = _edge(relation)
            reached |= new
        frontier = reached
        seen |= reached
        if not frontier:
            break
    # Relations between claims at the outer edge, found in no level above, complete the picture.
    if depth and len(seen) > 1:
        between = relations.filter(source__in=seen, target__in=seen).exclude(id__in=edges).order_by("pk")
        for relation in between.values(*EDGE_FIELDS)[:MAX_EDGES_READ]:
            edges[relation["id"]] = _edge(relation)
    nodes = [
        {
            "id": node["id"],
            "slug": node["slug"],
            "text": node["text"],
            "n_asserting": node["asserting_count"],
            "n_denying": node["denying_count"],
            "is_root": node["id"] == claim.pk,
        }
        for node in Claim.objects.filter(pk__in=seen).order_by("pk").values(*NODE_FIELDS)
    ]
    return {
        "nodes": nodes,
        "edges": with_evidence(
            sorted(edges.values(), key=lambda edge: edge["id"]), published_only=published_only
        ),
        "truncated": truncated,
    }


# ---------------------------------------------------------------- who argued each relation

ISO_LENGTH = {DatePrecision.DAY: 10, DatePrecision.MONTH: 7, DatePrecision.YEAR: 4}
EVIDENCE_FIELDS = (
    "claimrelation_id",
    "statement__said_on",
    "statement__said_precision",
    "statement__speaker__name",
    "statement__article__slug",
    "statement__article__published_on",
    "statement__article__published_precision",
)


def evidence_entry(statement: Statement) -> dict:
    """A statement that argues a relation, as the graph, the API and the claim page show it."""
    if statement.said_on:
        date = statement.said_on.isoformat()[: ISO_LENGTH.get(statement.said_precision, 10)]
    else:  # dated by its article: "reported", as elsewhere
        article = statement.article
        date = article.published_on.isoformat()[: ISO_LENGTH.get(article.published_precision, 10)]
    return {
        "statement": statement.pk,
        "speaker": statement.speaker.name,
        "date": date,
        "reported": statement.said_on is None,
        "url": statement.get_absolute_url(),
    }


def argued_by(evidence: list[dict]) -> str:
    """ "argued by Sergey Lavrov, 2019-09; Nikolai Patrushev, reported 2018-11-23", or "" for no evidence."""
    cited = [f"{e['speaker']}, {'reported ' if e['reported'] else ''}{e['date']}" for e in evidence]
    return f"argued by {'; '.join(cited)}" if cited else ""


def with_evidence(edges: list[dict], *, published_only: bool = True) -> list[dict]:
    """Give each edge (a dict with the relation's `id`) `evidence` and `argued_by`, in one query.

    `evidence` lists the statements cited as arguing the relation, oldest first;
    with `published_only`, the published ones.
    """
    if not edges:
        return edges
    links = ClaimRelation.evidence.through.objects.filter(claimrelation_id__in=[edge["id"] for edge in edges])
    if published_only:
        links = links.filter(published_q(Statement, "statement__"))
    # What evidence_entry() reads, not the articles' texts (kilobytes each).
    links = (
        links.select_related("statement__speaker", "statement__article")
        .only(*EVIDENCE_FIELDS)
        .order_by("statement__said_on", "statement__article__published_on", "statement_id")
    )
    by_edge = defaultdict(list)
    for link in links:
        by_edge[link.claimrelation_id].append(evidence_entry(link.statement))
    for edge in edges:
        edge["evidence"] = by_edge[edge["id"]]
        edge["argued_by"] = argued_by(edge["evidence"])
    return edges
