"""Wikidata ids on actors, outlets and weapon systems: validated, shown as links, carried by every format.

The ids set here on records other than the seed's states (Q90001…) are test values
of the right shape, not claims about Wikidata.
"""

import csv
import io
import json
import sqlite3

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from claims.backup import export_knowledge_base, import_knowledge_base
from claims.models import Actor, Claim, Stance, WeaponSystem
from sources.models import Outlet
from tests.claims.test_backup import empty_the_knowledge_base
from tests.formats.conftest import streamed

# The seed's only ids: its five states, from Our World in Data's country table (docs/formats.md).
SEED_STATES = {"russia": "Q159", "united-states": "Q30", "poland": "Q36", "romania": "Q218", "china": "Q148"}
ROOT = "russia-violates-inf-treaty"


def test_the_seed_fills_the_states_it_can_cite_and_leaves_everything_else_blank(corpus):
    assert dict(Actor.objects.exclude(wikidata_id="").values_list("slug", "wikidata_id")) == SEED_STATES
    assert not Outlet.objects.exclude(wikidata_id="").exists()
    assert not WeaponSystem.objects.exclude(wikidata_id="").exists()


@pytest.mark.parametrize(
    "value", ["159", "q159", "Q", "Q0", "Q159 ", "Q15x9", "https://www.wikidata.org/wiki/Q159"]
)
def test_a_wikidata_id_that_is_not_a_q_number_is_refused(corpus, value):
    russia = Actor.objects.get(slug="russia")
    russia.wikidata_id = value

    with pytest.raises(ValidationError) as refused:
        russia.full_clean()

    assert "capital Q followed by digits" in refused.value.message_dict["wikidata_id"][0]


@pytest.mark.parametrize("path", ["/api/v1/actors/", "/api/v1/outlets/", "/api/v1/weapon-systems/"])
def test_the_api_refuses_a_malformed_id_with_a_400_that_says_what_one_looks_like(editor_api, corpus, path):
    record = editor_api.get(path).json()["results"][0]

    response = editor_api.patch(record["url"], {"wikidata_id": "wd:159"}, format="json")

    assert response.status_code == 400
    assert "capital Q followed by digits" in response.json()["wikidata_id"][0]


def test_the_api_writes_an_id_and_reads_it_with_its_wikidata_address(editor_api, corpus):
    outlet = Outlet.objects.get(slug="rt")

    response = editor_api.patch(f"/api/v1/outlets/{outlet.pk}/", {"wikidata_id": "Q90001"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["wikidata_url"] == "https://www.wikidata.org/wiki/Q90001"
    outlet.refresh_from_db()
    assert outlet.wikidata_id == "Q90001"


def test_the_lists_filter_by_wikidata_id_and_refuse_a_malformed_one(api, corpus):
    WeaponSystem.objects.filter(slug="9m729").update(wikidata_id="Q90002")

    actors = api.get("/api/v1/actors/?wikidata_id=Q159").json()["results"]
    weapons = api.get("/api/v1/weapon-systems/?wikidata_id=Q90002").json()["results"]

    assert [(a["slug"], a["wikidata_url"]) for a in actors] == [
        ("russia", "https://www.wikidata.org/wiki/Q159")
    ]
    assert [w["slug"] for w in weapons] == ["9m729"]
    assert api.get("/api/v1/outlets/?wikidata_id=Q159").json()["results"] == []
    bad = api.get("/api/v1/actors/?wikidata_id=Russia")
    assert bad.status_code == 400
    assert "wikidata_id" in bad.json()


def test_the_csv_and_json_lines_exports_carry_the_id(api, corpus):
    rows = list(csv.DictReader(io.StringIO(streamed(api.get("/api/v1/actors/?format=csv")).decode())))
    lines = streamed(api.get("/api/v1/actors/?format=jsonl")).decode().splitlines()

    assert {row["slug"]: row["wikidata_id"] for row in rows if row["wikidata_id"]} == SEED_STATES
    russia = next(json.loads(line) for line in lines if json.loads(line)["slug"] == "russia")
    assert (russia["wikidata_id"], russia["wikidata_url"]) == ("Q159", "https://www.wikidata.org/wiki/Q159")
    outlets = streamed(api.get("/api/v1/outlets/", HTTP_ACCEPT="text/csv")).decode()
    assert outlets.splitlines()[0].endswith(",wikidata_id,wikidata_url")


def test_the_statements_exports_carry_the_speakers_and_the_outlets_ids(api, corpus):
    lavrov = Actor.objects.get(slug="sergey-lavrov")
    Actor.objects.filter(pk=lavrov.pk).update(wikidata_id="Q90003")
    Outlet.objects.filter(slug="rt").update(wikidata_id="Q90001")

    rows = list(csv.DictReader(io.StringIO(streamed(api.get("/api/v1/statements/?format=csv")).decode())))
    lines = [json.loads(line) for line in streamed(api.get("/api/v1/statements/?format=jsonl")).splitlines()]

    known = dict(Actor.objects.values_list("name", "wikidata_id"))
    for records in (rows, lines):
        speakers = {(r["speaker_name"], r["speaker_wikidata_id"]) for r in records}
        assert speakers == {(name, known[name]) for name, _ in speakers}
        assert {("Sergey Lavrov", "Q90003"), ("Russia", "Q159"), ("Vladimir Putin", "")} <= speakers
        assert {(r["outlet_name"], r["outlet_wikidata_id"]) for r in records} == {("RT", "Q90001")}


def test_the_json_ld_names_speakers_outlets_and_weapon_systems_by_their_wikidata_item(api, corpus):
    claim = Claim.objects.get(slug=ROOT)
    stance = Stance.objects.published().filter(claim=claim).select_related("statement__article").first()
    Actor.objects.filter(pk=stance.statement.speaker_id).update(wikidata_id="Q90003")
    Outlet.objects.filter(pk=stance.statement.article.outlet_id).update(wikidata_id="Q90004")
    WeaponSystem.objects.filter(slug="9m729").update(wikidata_id="Q90002")

    data = json.loads(b"".join(api.get(f"/api/v1/claims/{claim.pk}/jsonld/").streaming_content))

    # The statement itself, by its address: the same words may appear in another article's statement.
    said = [q for q in data["appearance"] if q["url"].endswith(stance.statement.get_absolute_url())][0]
    speaker = said.get("spokenByCharacter") or said["about"]
    assert speaker["sameAs"] == "https://www.wikidata.org/wiki/Q90003"
    assert said["isBasedOn"]["publisher"]["sameAs"] == "https://www.wikidata.org/wiki/Q90004"
    about = {thing["name"]: thing.get("sameAs") for thing in data["about"]}
    assert about == {"9M729": "https://www.wikidata.org/wiki/Q90002", "RS-26 Rubezh": None}
    others = [
        q for q in data["appearance"] if (q.get("spokenByCharacter") or q["about"])["name"] != speaker["name"]
    ]
    assert others and all("sameAs" not in (q.get("spokenByCharacter") or q["about"]) for q in others)


def test_the_sqlite_snapshot_has_the_ids_of_actors_and_outlets(corpus, tmp_path):
    Outlet.objects.filter(slug="rt").update(wikidata_id="Q90001")

    call_command("export_sqlite", str(tmp_path / "infkb.db"), stdout=io.StringIO())

    connection = sqlite3.connect(tmp_path / "infkb.db")
    actors = dict(connection.execute("SELECT slug, wikidata_id FROM actors WHERE wikidata_id != ''"))
    assert actors == SEED_STATES
    assert connection.execute("SELECT wikidata_id FROM outlets WHERE name = 'RT'").fetchone() == ("Q90001",)
    described = json.loads((tmp_path / "metadata.json").read_text())["databases"]["infkb"]["tables"]
    assert "Wikidata" in described["actors"]["columns"]["wikidata_id"]


def test_the_pages_link_actors_weapon_systems_and_outlets_to_wikidata(client, corpus):
    WeaponSystem.objects.filter(slug="9m729").update(wikidata_id="Q90002")
    Outlet.objects.filter(slug="rt").update(wikidata_id="Q90001")
    article = Outlet.objects.get(slug="rt").articles.first()

    russia = client.get(Actor.objects.get(slug="russia").get_absolute_url()).content.decode()
    weapon = client.get(WeaponSystem.objects.get(slug="9m729").get_absolute_url()).content.decode()
    reader = client.get(article.get_absolute_url()).content.decode()
    nobody = client.get(Actor.objects.get(slug="sergey-ryabkov").get_absolute_url()).content.decode()

    assert 'href="https://www.wikidata.org/wiki/Q159"' in russia
    assert 'href="https://www.wikidata.org/wiki/Q90002"' in weapon
    assert 'href="https://www.wikidata.org/wiki/Q90001"' in reader
    assert "wikidata.org" not in nobody


def test_the_admin_links_the_id_and_refuses_a_malformed_one(editor_client, corpus):
    russia = Actor.objects.get(slug="russia")

    listing = editor_client.get("/admin/claims/actor/?q=Q159").content.decode()
    form = editor_client.get(f"/admin/claims/actor/{russia.pk}/change/")
    data = {key: value for key, value in form.context["adminform"].form.initial.items() if value is not None}

    assert '<a href="https://www.wikidata.org/wiki/Q159" rel="noopener">Q159</a>' in listing
    assert "Ryabkov" not in listing  # searched by its id alone
    assert form.status_code == 200 and 'name="wikidata_id"' in form.content.decode()
    assert data["wikidata_id"] == "Q159"


def test_the_ids_survive_an_export_kb_import_kb_round_trip(corpus, tmp_path):
    Outlet.objects.filter(slug="rt").update(wikidata_id="Q90001")
    WeaponSystem.objects.filter(slug="9m729").update(wikidata_id="Q90002")
    export_knowledge_base(tmp_path / "kb.jsonl")
    empty_the_knowledge_base()

    import_knowledge_base(tmp_path / "kb.jsonl")

    assert dict(Actor.objects.exclude(wikidata_id="").values_list("slug", "wikidata_id")) == SEED_STATES
    assert Outlet.objects.get(slug="rt").wikidata_id == "Q90001"
    assert WeaponSystem.objects.get(slug="9m729").wikidata_id == "Q90002"
