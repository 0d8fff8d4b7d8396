"""AIF (Argument Interchange Format) of a claim's neighbourhood and of the whole published graph."""

import datetime
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command

from claims.formats.aif import ILLOCUTIONS
from claims.models import Claim, ClaimRelation, Stance, Statement
from tests.factories import ClaimFactory, ClaimRelationFactory, StanceFactory

ROOT = "russia-violates-inf-treaty"


def aif_of(api, slug: str, depth: int) -> dict:
    claim = Claim.objects.get(slug=slug)
    response = api.get(f"/api/v1/claims/{claim.pk}/aif/", {"depth": depth})
    assert response.status_code == 200, response.content
    return response.json()


def types(document: dict) -> Counter:
    return Counter(node["type"] for node in document["nodes"])


def assert_well_formed(document: dict) -> None:
    """The shape AIFdb's JSON has: every edge joins two nodes; YA/RA/CA/TA sit between the right kinds."""
    nodes = {node["nodeID"]: node for node in document["nodes"]}
    assert len(nodes) == len(document["nodes"])
    into, out_of = Counter(), Counter()
    for edge in document["edges"]:
        assert {"edgeID", "fromID", "toID"} <= set(edge)
        assert edge["fromID"] in nodes and edge["toID"] in nodes
        out_of[edge["fromID"]] += 1
        into[edge["toID"]] += 1
    kinds = {(nodes[e["fromID"]]["type"], nodes[e["toID"]]["type"]) for e in document["edges"]}
    assert kinds <= {
        ("L", "YA"),
        ("YA", "I"),
        ("I", "RA"),
        ("RA", "I"),
        ("I", "CA"),
        ("CA", "I"),
        ("L", "TA"),
        ("TA", "L"),
        # A statement cited as the evidence of an inference or a conflict anchors it.
        ("YA", "RA"),
        ("YA", "CA"),
    }
    anchors = Counter(
        e["toID"]
        for e in document["edges"]
        if nodes[e["fromID"]]["type"] == "YA" and nodes[e["toID"]]["type"] != "I"
    )
    for node_id, node in nodes.items():
        if node["type"] in {"YA", "RA", "CA", "TA"}:
            assert into[node_id] - anchors[node_id] == out_of[node_id] == 1, node
    locutions = {locution["nodeID"] for locution in document["locutions"]}
    assert locutions == {node_id for node_id, node in nodes.items() if node["type"] == "L"}
    people = {p["participantID"] for p in document["participants"]}
    assert {locution["personID"] for locution in document["locutions"]} <= people


def test_a_claim_with_known_neighbours_gives_its_nodes_by_type(api, corpus):
    # corpus.yaml: four claims counter ROOT, two support it, one responds to it; and one of those
    # (us-develops-inf-range-missiles) supports another (us-violates-inf-treaty).
    document = aif_of(api, ROOT, depth=1)

    counts = types(document)
    assert counts["I"] == 8
    assert counts["CA"] == 4
    assert counts["RA"] == 3
    assert_well_formed(document)


def test_statements_are_locutions_with_their_stance_as_illocution(api, corpus):
    document = aif_of(api, ROOT, depth=0)
    root = Claim.objects.get(slug=ROOT)
    stances = Stance.objects.published().filter(claim=root, statement__status="published")

    nodes = {node["nodeID"]: node for node in document["nodes"]}
    assert types(document)["I"] == 1
    assert types(document)["YA"] == stances.count() > 0
    assert types(document)["L"] == stances.values("statement").distinct().count()
    for stance in stances.select_related("statement__speaker", "statement__article__outlet"):
        assert nodes[f"YA{stance.pk}"]["text"] == ILLOCUTIONS[stance.stance]
        assert (
            nodes[f"L{stance.statement_id}"]["text"]
            == f"{who_speaks(stance.statement)}: {stance.statement.text}"
        )
    assert {"Asserting", "Disagreeing"} <= {n["text"] for n in nodes.values() if n["type"] == "YA"}


def who_speaks(statement: Statement) -> str:
    """The locution's speaker as AIF names it: the outlet too when the words are its own."""
    outlet = statement.article.outlet.name
    if statement.kind == Statement.Kind.CHARACTERISATION:
        return f"{outlet}, characterising {statement.attribution}"
    if statement.kind == Statement.Kind.PARAPHRASE:
        return f"{statement.attribution} (paraphrased by {outlet})"
    return statement.attribution


def test_responds_to_is_a_transition_from_the_earlier_statement_to_the_later(api, corpus):
    document = aif_of(api, ROOT, depth=1)

    nodes = {node["nodeID"]: node for node in document["nodes"]}
    transitions = [n for n in nodes if nodes[n]["type"] == "TA"]
    assert transitions
    said = {
        f"L{s.pk}": s.said_on or s.article.published_on for s in Statement.objects.select_related("article")
    }
    for ta in transitions:
        before = next(e["fromID"] for e in document["edges"] if e["toID"] == ta)
        after = next(e["toID"] for e in document["edges"] if e["fromID"] == ta)
        assert said[before] <= said[after]


def test_export_aif_writes_the_whole_published_graph(corpus, tmp_path):
    path = tmp_path / "inf.json"

    out = io.StringIO()
    call_command("export_aif", str(path), stdout=out)
    assert f"{Claim.objects.published().count()} I," in out.getvalue()

    document = json.loads(path.read_text())
    counts = types(document)
    assert counts["I"] == Claim.objects.published().count()
    assert counts["L"] == Statement.objects.published().filter(stances__status="published").distinct().count()
    assert_well_formed(document)


@pytest.mark.parametrize("depth", ["x", "-1"])
def test_a_bad_depth_is_a_400(api, corpus, depth):
    claim = Claim.objects.get(slug=ROOT)
    response = api.get(f"/api/v1/claims/{claim.pk}/aif/", {"depth": depth})
    assert response.status_code == 400 and "depth" in response.json()


def test_a_relation_with_cited_evidence_is_anchored_in_the_locution_that_argues_it(api, corpus):
    # corpus.yaml: Lavrov's "mirror" quote argues that the mirror pledge supports the moratorium offer.
    document = aif_of(api, "russia-moratorium-proposal", depth=1)
    lavrov = Statement.objects.get(text__startswith="Let me remind you that, despite the destruction")
    relation = lavrov.argued_relations.get()

    nodes = {node["nodeID"]: node for node in document["nodes"]}
    edges = {(e["fromID"], e["toID"]) for e in document["edges"]}
    anchor = next(n for n in nodes if n.startswith(f"YARA{relation.pk}-"))
    assert nodes[anchor]["text"] == "Arguing"
    assert (f"L{lavrov.pk}", anchor) in edges and (anchor, f"RA{relation.pk}") in edges
    assert_well_formed(document)


def test_the_whole_graph_anchors_every_cited_relation(corpus, tmp_path):
    path = tmp_path / "graph.json"
    call_command("export_aif", str(path), stdout=io.StringIO())
    document = json.loads(path.read_text())

    arguing = [node for node in document["nodes"] if node["text"] == "Arguing"]
    assert len(arguing) == Statement.objects.published().filter(argued_relations__isnull=False).count() == 2
    assert_well_formed(document)


def answering(days: list[int]) -> tuple:
    """A claim answered once (1 March 2019) and a claim responding to it, said on each of `days` of March."""
    answered, responding = ClaimFactory(), ClaimFactory()
    first = StanceFactory(claim=answered, statement__said_on=datetime.date(2019, 3, 1)).statement
    answers = [
        StanceFactory(claim=responding, statement__said_on=datetime.date(2019, 3, day)).statement
        for day in days
    ]
    relation = ClaimRelationFactory(source=responding, target=answered, kind=ClaimRelation.Kind.RESPONDS_TO)
    return answered, first, answers, relation


def transitions_of(api, claim: Claim) -> list[tuple[str, str]]:
    response = api.get(f"/api/v1/claims/{claim.pk}/aif/", {"depth": 1})
    document = response.json()
    tas = {node["nodeID"] for node in document["nodes"] if node["type"] == "TA"}
    into = {edge["toID"]: edge["fromID"] for edge in document["edges"] if edge["toID"] in tas}
    out = {edge["fromID"]: edge["toID"] for edge in document["edges"] if edge["fromID"] in tas}
    return sorted((into[ta], out[ta]) for ta in tas)


def test_a_response_repeated_is_one_transition_from_its_first_statement(api, db):
    answered, first, answers, _ = answering([9, 5, 7])

    assert transitions_of(api, answered) == [(f"L{first.pk}", f"L{answers[1].pk}")]  # the 5th, not each


def test_a_response_cited_as_evidence_is_the_transition(api, db):
    answered, first, answers, relation = answering([5, 7, 9])
    relation.evidence.add(answers[2])

    assert transitions_of(api, answered) == [(f"L{first.pk}", f"L{answers[2].pk}")]
