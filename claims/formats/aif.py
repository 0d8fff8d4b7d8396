"""The claim graph in AIF, the Argument Interchange Format as AIFdb and OVA read it (docs/formats.md).

Claims are I-nodes (information). Each published statement is an L-node
(a locution, "Speaker: words"; "Lavrov, reporting Putin: words" for reported
speech; "RT, characterising …" or "… (paraphrased by RT)" when the words are
the outlet's) tied to its speaker by a `locutions` entry,
with a YA-node (an illocution) to each claim it asserts, denies or mentions.
A claim that supports another is linked through an RA-node (inference), one
that counters another through a CA-node (conflict). "Responds to" is a
transition between locutions (a TA-node) from the statement answered to the
one answering, where the dates say which answered which. Where statements are
cited as the evidence of a supports or counters relation, each one's L-node
anchors the RA- or CA-node through a YA-node ("Arguing", "Disagreeing"), as
IAT ties an inference or a conflict to the locution that makes it.

The document is written as it is read (AIFWriter), never held whole: the
nodes go straight to the output, the edges and locutions to temporary files
appended after them, so the whole corpus exports in constant memory but for
one small array per claim that is answered ("responds to").
"""

import io
import json
import shutil
import tempfile
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TextIO

from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from claims.graph import claim_neighbourhood
from claims.models import Claim, ClaimRelation, Stance, Statement
from infkb.provenance import published_q

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
# The illocution by which a cited statement makes an inference or a conflict.
ARGUING = {"RA": "Arguing", "CA": "Disagreeing"}


READ_CHUNK = 2000


def locutor(row: dict) -> str:
    """Who speaks: "Sergey Lavrov, reporting Vladimir Putin"; the outlet too when the words are its own.

    `row` holds a statement's locution fields (_locution_fields).
    """
    attribution = row["speaker_name"]
    if row["reported_speaker_name"]:
        attribution += f", reporting {row['reported_speaker_name']}"
    if row["kind"] == Statement.Kind.CHARACTERISATION:
        return f"{row['outlet_name']}, characterising {attribution}"
    if row["kind"] == Statement.Kind.PARAPHRASE:
        return f"{attribution} (paraphrased by {row['outlet_name']})"
    return attribution


def _timestamp(moment: date | datetime | None) -> str:
    """AIFdb's timestamp format, "yyyy-MM-dd HH:mm:ss"."""
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class _JSONArray:
    """Items of a JSON array written one at a time (to `out`, a text file)."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.count = out, 0

    def add(self, item: dict) -> None:
        self.out.write(("," if self.count else "") + "\n" + json.dumps(item, ensure_ascii=False))
        self.count += 1


class AIFWriter:
    """Writes an AIF document to `out` as its parts are given; `close()` ends it.

    Nodes are written at once; edges and locutions (arrays that come after the
    nodes in the document) wait in temporary files; participants (one per
    speaker) in memory.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        out.write('{"nodes": [')
        self.nodes = _JSONArray(out)
        # Closed in close(); they live as long as the writer, not one block.
        self._edges_file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._locutions_file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.edges = _JSONArray(self._edges_file)
        self.locutions = _JSONArray(self._locutions_file)
        self.participants: dict[str, dict] = {}
        self.counts: dict[str, int] = defaultdict(int)

    def node(self, node_id: str, kind: str, text: str, timestamp: str = "") -> str:
        self.nodes.add({"nodeID": node_id, "text": text, "type": kind, "timestamp": timestamp})
        self.counts[kind] += 1
        return node_id

    def edge(self, from_id: str, to_id: str) -> None:
        edge_id = str(self.edges.count + 1)
        self.edges.add({"edgeID": edge_id, "fromID": from_id, "toID": to_id, "formEdgeID": None})

    def locution(self, row: dict) -> str:
        """The L-node of a statement (`row` from _stance_rows), with its locution and participant."""
        node_id = f"L{row['statement_id']}"
        said = _timestamp(row["said"])
        self.node(node_id, "L", f"{locutor(row)}: {row['text']}", said)
        person = f"P{row['speaker']}"
        if person not in self.participants:
            name = row["speaker_name"]
            first, _, last = name.rpartition(" ") if row["speaker_kind"] == "person" else ("", "", name)
            self.participants[person] = {"participantID": person, "firstname": first, "surname": last}
        self.locutions.add(
            {
                "nodeID": node_id,
                "personID": person,
                "timestamp": said,
                "start": row["start"],
                "end": row["end"],
                "source": row["url"],
            }
        )
        return node_id

    def close(self) -> None:
        out = self.out
        for name, part in (("edges", self._edges_file), ("locutions", self._locutions_file)):
            out.write(f'\n], "{name}": [')
            part.seek(0)
            shutil.copyfileobj(part, out)
            part.close()
        out.write('\n], "participants": ')
        out.write(json.dumps(list(self.participants.values()), ensure_ascii=False))
        out.write("}\n")


def _locution_fields(prefix: str) -> dict:
    """What a statement's L-node shows, read from rows reaching it through `prefix` ("statement__")."""
    return {
        "text": F(f"{prefix}text"),
        "start": F(f"{prefix}start"),
        "end": F(f"{prefix}end"),
        "said": Coalesce(f"{prefix}said_on", f"{prefix}article__published_on"),
        "url": F(f"{prefix}article__url"),
        "speaker": F(f"{prefix}speaker_id"),
        "speaker_name": F(f"{prefix}speaker__name"),
        "speaker_kind": F(f"{prefix}speaker__kind"),
        "kind": F(f"{prefix}kind"),
        "reported_speaker_name": F(f"{prefix}reported_speaker__name"),
        "outlet_name": F(f"{prefix}article__outlet__name"),
    }


def _stance_rows(stances: QuerySet) -> Iterable[dict]:
    """The stances with what their L-nodes show, a statement's stances together."""
    return (
        stances.order_by("statement_id", "pk")
        .values("pk", "stance", "claim_id", "statement_id")
        .annotate(**_locution_fields("statement__"))
        .iterator(chunk_size=READ_CHUNK)
    )


def published_evidence(relation_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """The published statements cited as arguing each relation (`relation_ids`, if given), by relation.

    Evidence is sparse (a few statements for a few relations): held in memory even for the corpus.
    """
    links = ClaimRelation.evidence.through.objects.filter(
        published_q(Statement, "statement__"), published_q(ClaimRelation, "claimrelation__")
    )
    if relation_ids is not None:
        links = links.filter(claimrelation_id__in=list(relation_ids))
    cited: dict[int, list[int]] = defaultdict(list)
    for relation_id, statement_id in links.order_by("statement_id").values_list(
        "claimrelation_id", "statement_id"
    ):
        cited[relation_id].append(statement_id)
    return cited


def _cited_locutions(aif: "AIFWriter", statement_ids: set[int]) -> None:
    """L-nodes for cited statements that took no stance on the claims written (so have none yet)."""
    # Read through the evidence links: annotations named like a Statement's own fields would clash.
    rows = (
        ClaimRelation.evidence.through.objects.filter(statement_id__in=statement_ids)
        .order_by("statement_id")
        .values("statement_id")
        .annotate(**_locution_fields("statement__"))
    )
    written = set()
    for row in rows:
        if row["statement_id"] not in written:
            aif.locution(row)
            written.add(row["statement_id"])


def write_aif(
    out: TextIO,
    claims: QuerySet,
    relations: Callable[[], Iterable[dict]],
    stances: QuerySet,
    evidence: dict[int, list[int]],
) -> dict[str, int]:
    """Write AIF JSON of `claims` (I-nodes), `relations()` (dicts of id, source, target, kind
    between them; read twice), `stances` (published, of published statements, on those
    claims) and `evidence` (statement ids citing each relation, published_evidence) to `out`.
    Returns the number of nodes of each type and of edges.
    """
    aif = AIFWriter(out)
    with transaction.atomic(savepoint=False):  # server-side cursors that stream (infkb.api._records)
        for pk, text, created_at in claims.values_list("pk", "text", "created_at").iterator(READ_CHUNK):
            aif.node(f"I{pk}", "I", text, _timestamp(created_at))
        in_answers = set()
        for relation in relations():
            if relation["kind"] not in SCHEMES:
                in_answers.update((relation["source"], relation["target"]))
        # For "responds to": per claim answering or answered, its statements' (day said, id).
        said_on_claim: dict[int, tuple[array, array]] = defaultdict(lambda: (array("q"), array("q")))
        cited = {statement for statements in evidence.values() for statement in statements}
        previous = None
        for row in _stance_rows(stances):
            if row["statement_id"] != previous:
                aif.locution(row)
                cited.discard(row["statement_id"])
                previous = row["statement_id"]
            illocution = aif.node(f"YA{row['pk']}", "YA", ILLOCUTIONS[row["stance"]])
            aif.edge(f"L{row['statement_id']}", illocution)
            aif.edge(illocution, f"I{row['claim_id']}")
            if row["claim_id"] in in_answers:
                days, ids = said_on_claim[row["claim_id"]]
                days.append(row["said"].toordinal())
                ids.append(row["statement_id"])
        _cited_locutions(aif, cited)
        for relation in relations():
            source, target = f"I{relation['source']}", f"I{relation['target']}"
            if relation["kind"] in SCHEMES:
                kind, text = SCHEMES[relation["kind"]]
                scheme = aif.node(f"{kind}{relation['id']}", kind, text)
                aif.edge(source, scheme)
                aif.edge(scheme, target)
                for statement in evidence.get(relation["id"], ()):
                    illocution = aif.node(f"YA{kind}{relation['id']}-{statement}", "YA", ARGUING[kind])
                    aif.edge(f"L{statement}", illocution)
                    aif.edge(illocution, scheme)
            else:
                _transitions(aif, relation, said_on_claim, evidence.get(relation["id"], []))
    aif.close()
    return {**aif.counts, "edges": aif.edges.count}


def _transitions(aif: AIFWriter, relation: dict, said_on_claim: dict, cited: list[int]) -> None:
    """Responds to: the answering claim's statements cited as evidence of the relation, or else its
    first statement, answer the latest statement of the claim it responds to made no later.

    One transition per relation (or per cited statement), not one per statement: a claim repeated
    10,000 times answers once, and the whole graph's AIF stays the size of the graph (docs/formats.md).
    """
    if relation["source"] not in said_on_claim or relation["target"] not in said_on_claim:
        return
    earlier = sorted(zip(*said_on_claim[relation["target"]], strict=True))  # by (day, statement id)
    earlier_days = [day for day, _ in earlier]
    answers = sorted(zip(*said_on_claim[relation["source"]], strict=True))
    named = [(day, answer) for day, answer in answers if answer in cited]
    kind, text = TRANSITION
    for day, answer in named or answers:
        position = bisect_right(earlier_days, day)  # the statements said that day or before
        candidates = [pk for _, pk in earlier[max(0, position - 2) : position] if pk != answer]
        if not candidates:
            continue
        transition = aif.node(f"TA{relation['id']}-{answer}", kind, text)
        aif.edge(f"L{candidates[-1]}", transition)
        aif.edge(transition, f"L{answer}")
        if not named:
            return  # the first answer only


def published_stances_on(claim_ids: Iterable[int] | None = None) -> QuerySet:
    """Published stances of published statements on published claims (`claim_ids`, if given)."""
    stances = Stance.objects.published()
    return stances if claim_ids is None else stances.filter(claim__in=list(claim_ids))


def claim_aif(claim: Claim, depth: int) -> dict:
    """AIF of the published claims within `depth` relations of `claim` (claims/graph.py's walk)."""
    graph = claim_neighbourhood(claim, depth=depth, published_only=True)
    ids = [node["id"] for node in graph["nodes"]]
    claims = Claim.objects.filter(pk__in=ids).order_by("pk")
    out = io.StringIO()
    evidence = published_evidence(edge["id"] for edge in graph["edges"])
    write_aif(out, claims, lambda: graph["edges"], published_stances_on(ids), evidence)
    return json.loads(out.getvalue())


def write_corpus_aif(out: TextIO) -> dict[str, int]:
    """Write AIF of the whole published claim graph to `out`; the counts of write_aif."""
    claims = Claim.objects.published().order_by("pk")
    relations = ClaimRelation.objects.published().order_by("pk").values("id", "source", "target", "kind")
    return write_aif(
        out, claims, lambda: relations.iterator(READ_CHUNK), published_stances_on(), published_evidence()
    )
