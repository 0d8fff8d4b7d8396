"""The claim graph in AIF, the Argument Interchange Format as AIFdb and OVA read it (docs/formats.md).

Claims are I-nodes (information). Each published statement is an L-node
(a locution, "Speaker: words"; "Lavrov, reporting Putin: words" for reported
speech; "RT, characterising …" or "… (paraphrased by RT)" when the words are
the outlet's) tied to its speaker by a `locutions` entry,
with a YA-node (an illocution) to each claim it asserts, denies or mentions.
A claim that supports another is linked through an RA-node (inference), one
that counters another through a CA-node (conflict). "Responds to" is a
transition between locutions (a TA-node) from the statement answered to the
one answering, where the dates say which answered which.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import QuerySet

from claims.graph import claim_neighbourhood
from claims.models import Claim, ClaimRelation, Stance, Statement

# IAT's names for the illocutions (AIFdb shows them as the YA-node's text).
ILLOCUTIONS = {
    Stance.Kind.ASSERTS: "Asserting",
    Stance.Kind.DENIES: "Disagreeing",
    Stance.Kind.MENTIONS: "Default Illocuting",
}
SCHEMES = {
    ClaimRelation.Kind.SUPPORTS: ("RA", "Default Inference"),
    ClaimRelation.Kind.COUNTERS: ("CA", "Default Conflict"),
}
TRANSITION = ("TA", "Default Transition")


def locutor(statement: Statement) -> str:
    """Who speaks: "Sergey Lavrov, reporting Vladimir Putin"; the outlet too when the words are its own."""
    outlet = statement.article.outlet.name
    if statement.kind == Statement.Kind.CHARACTERISATION:
        return f"{outlet}, characterising {statement.attribution}"
    if statement.kind == Statement.Kind.PARAPHRASE:
        return f"{statement.attribution} (paraphrased by {outlet})"
    return statement.attribution


def _timestamp(moment: date | datetime | None) -> str:
    """AIFdb's timestamp format, "yyyy-MM-dd HH:mm:ss"."""
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class AIFBuilder:
    """Collects nodes, edges, locutions and participants, each once."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict] = {}
        self.edges: list[dict] = []
        self.locutions: list[dict] = []
        self.participants: dict[str, dict] = {}

    def node(self, node_id: str, kind: str, text: str, timestamp: str = "") -> str:
        self.nodes.setdefault(
            node_id, {"nodeID": node_id, "text": text, "type": kind, "timestamp": timestamp}
        )
        return node_id

    def edge(self, from_id: str, to_id: str) -> None:
        self.edges.append(
            {"edgeID": str(len(self.edges) + 1), "fromID": from_id, "toID": to_id, "formEdgeID": None}
        )

    def locution(self, statement: Statement) -> str:
        node_id = f"L{statement.pk}"
        if node_id in self.nodes:
            return node_id
        speaker = statement.speaker
        said = statement.said_on or statement.article.published_on
        self.node(node_id, "L", f"{locutor(statement)}: {statement.text}", _timestamp(said))
        person = f"P{speaker.pk}"
        first, _, last = speaker.name.rpartition(" ") if speaker.kind == "person" else ("", "", speaker.name)
        self.participants.setdefault(person, {"participantID": person, "firstname": first, "surname": last})
        self.locutions.append(
            {
                "nodeID": node_id,
                "personID": person,
                "timestamp": _timestamp(said),
                "start": statement.start,
                "end": statement.end,
                "source": statement.article.url,
            }
        )
        return node_id

    def document(self) -> dict:
        return {
            "nodes": list(self.nodes.values()),
            "edges": self.edges,
            "locutions": self.locutions,
            "participants": list(self.participants.values()),
        }


def _said(statement: Statement) -> date:
    return statement.said_on or statement.article.published_on


def build_aif(claims: Iterable[Claim], relations: Iterable[dict], stances: QuerySet) -> dict:
    """AIF JSON of `claims` (I-nodes), `relations` (dicts of id, source, target, kind between
    them) and `stances` (published, of published statements, on those claims)."""
    aif = AIFBuilder()
    for claim in claims:
        aif.node(f"I{claim.pk}", "I", claim.text, _timestamp(claim.created_at))
    on_claim: dict[int, list[Statement]] = defaultdict(list)
    statements = ("statement__speaker", "statement__reported_speaker", "statement__article__outlet")
    for stance in stances.select_related(*statements).order_by("pk"):
        statement = stance.statement
        locution = aif.locution(statement)
        illocution = aif.node(f"YA{stance.pk}", "YA", ILLOCUTIONS[stance.stance])
        aif.edge(locution, illocution)
        aif.edge(illocution, f"I{stance.claim_id}")
        on_claim[stance.claim_id].append(statement)
    for relation in relations:
        source, target = f"I{relation['source']}", f"I{relation['target']}"
        if relation["kind"] in SCHEMES:
            kind, text = SCHEMES[relation["kind"]]
            scheme = aif.node(f"{kind}{relation['id']}", kind, text)
            aif.edge(source, scheme)
            aif.edge(scheme, target)
            continue
        # Responds to: each statement of the answering claim answers the latest statement of the
        # claim it responds to that was made no later; without one, there is no transition to draw.
        for answer in on_claim[relation["source"]]:
            earlier = [s for s in on_claim[relation["target"]] if _said(s) <= _said(answer) and s != answer]
            if not earlier:
                continue
            answered = max(earlier, key=lambda s: (_said(s), s.pk))
            kind, text = TRANSITION
            transition = aif.node(f"TA{relation['id']}-{answer.pk}", kind, text)
            aif.edge(f"L{answered.pk}", transition)
            aif.edge(transition, f"L{answer.pk}")
    return aif.document()


def published_stances_on(claim_ids: Iterable[int] | None = None) -> QuerySet:
    """Published stances of published statements on published claims (`claim_ids`, if given)."""
    stances = Stance.objects.published().filter(
        statement__in=Statement.objects.published(), claim__in=Claim.objects.published()
    )
    return stances if claim_ids is None else stances.filter(claim__in=list(claim_ids))


def claim_aif(claim: Claim, depth: int) -> dict:
    """AIF of the published claims within `depth` relations of `claim` (claims/graph.py's walk)."""
    graph = claim_neighbourhood(claim, depth=depth, published_only=True)
    ids = [node["id"] for node in graph["nodes"]]
    claims = Claim.objects.filter(pk__in=ids).order_by("pk")
    return build_aif(claims, graph["edges"], published_stances_on(ids))


def corpus_aif() -> dict:
    """AIF of the whole published claim graph."""
    claims = Claim.objects.published().order_by("pk")
    relations = (
        ClaimRelation.objects.published()
        .filter(source__in=Claim.objects.published(), target__in=Claim.objects.published())
        .order_by("pk")
        .values("id", "source", "target", "kind")
    )
    return build_aif(claims.iterator(), relations, published_stances_on())
