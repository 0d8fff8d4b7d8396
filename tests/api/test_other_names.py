"""An actor's aliases and a weapon system's designations are written with it (claims/other_names.py).

They were read-only: a POST or PATCH with "aliases" answered 200 and silently dropped them.
"""

import pytest

from claims.models import Actor, ActorAlias, WeaponDesignation, WeaponSystem

pytestmark = pytest.mark.django_db

ACTORS = "/api/v1/actors/"
WEAPONS = "/api/v1/weapon-systems/"


def ryabkov() -> Actor:
    return Actor.objects.get(slug="sergey-ryabkov")


def alias_names(actor: Actor) -> set[str]:
    return set(actor.aliases.values_list("name", flat=True))


def test_an_actor_is_created_with_its_aliases(editor_api, corpus):
    response = editor_api.post(
        ACTORS,
        {
            "name": "Ivan Testov",
            "slug": "ivan-testov",
            "kind": "person",
            "aliases": ["I. Testov", "Iwan Testow"],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert sorted(response.json()["aliases"]) == ["I. Testov", "Iwan Testow"]
    assert alias_names(Actor.objects.get(slug="ivan-testov")) == {"I. Testov", "Iwan Testow"}


def test_a_patch_with_aliases_adds_the_new_ones_keeps_the_rows_of_the_others_and_records_who(
    editor_api, editor, corpus
):
    actor = ryabkov()
    kept = actor.aliases.get(name="Ryabkov")

    response = editor_api.patch(
        f"{ACTORS}{actor.pk}/",
        {"aliases": ["Ryabkov", "Sergei Ryabkov", "S. A. Ryabkov"]},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert sorted(response.json()["aliases"]) == ["Ryabkov", "S. A. Ryabkov", "Sergei Ryabkov"]
    assert alias_names(actor) == {"Ryabkov", "Sergei Ryabkov", "S. A. Ryabkov"}
    assert actor.aliases.get(name="Ryabkov").pk == kept.pk
    added = ActorAlias.history.get(name="S. A. Ryabkov")
    assert added.history_type == "+" and added.history_user == editor


def test_a_patch_without_aliases_keeps_them(editor_api, corpus):
    actor = ryabkov()
    before = alias_names(actor)

    response = editor_api.patch(f"{ACTORS}{actor.pk}/", {"description": "Deputy minister"}, format="json")

    assert response.status_code == 200
    assert alias_names(actor) == before


def test_a_reviewer_deletes_an_alias_by_leaving_it_out(reviewer_api, corpus):
    actor = ryabkov()

    response = reviewer_api.patch(f"{ACTORS}{actor.pk}/", {"aliases": ["Ryabkov"]}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["aliases"] == ["Ryabkov"]
    assert alias_names(actor) == {"Ryabkov"}
    assert ActorAlias.history.filter(name="Sergei Ryabkov", history_type="-").exists()


def test_an_editor_may_not_delete_an_alias_and_is_told_so(editor_api, corpus):
    actor = ryabkov()
    before = alias_names(actor)

    response = editor_api.patch(
        f"{ACTORS}{actor.pk}/",
        {"aliases": ["Ryabkov", "S. A. Ryabkov"], "description": "changed"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["aliases"] == [
        "Only a reviewer may delete actor aliases: send the list with “Sergei Ryabkov” in it."
    ]
    assert alias_names(actor) == before
    assert Actor.objects.get(pk=actor.pk).description != "changed"


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        (["Ryabkov", "Sergei Ryabkov", "ryabkov!"], "“ryabkov!” is given twice (also as “Ryabkov”)."),
        (["Ryabkov", "Sergei Ryabkov", "Ermakov"], "“Ermakov” is already an alias of Vladimir Yermakov."),
        (
            ["Ryabkov", "Sergei Ryabkov", "John Bolton"],
            "“John Bolton” is the name of another actor, John Bolton.",
        ),
        (["Ryabkov", "Sergei Ryabkov", "!!!"], "“!!!” has no letter or digit: a name needs at least one."),
    ],
)
def test_a_bad_alias_is_a_400_on_the_field_and_changes_nothing(editor_api, corpus, aliases, message):
    actor = ryabkov()
    before = alias_names(actor)

    response = editor_api.patch(
        f"{ACTORS}{actor.pk}/", {"aliases": aliases, "name": "Sergey A. Ryabkov"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"aliases": [message]}
    assert alias_names(actor) == before
    assert Actor.objects.get(pk=actor.pk).name == "Sergey Ryabkov"


def test_a_new_actor_with_a_bad_alias_is_not_created(editor_api, corpus):
    response = editor_api.post(
        ACTORS,
        {"name": "Ivan Testov", "slug": "ivan-testov", "kind": "person", "aliases": ["Ermakov"]},
        format="json",
    )

    assert response.status_code == 400
    assert "aliases" in response.json()
    assert not Actor.objects.filter(slug="ivan-testov").exists()


def test_aliases_must_be_a_list_of_names(editor_api, corpus):
    actor = ryabkov()
    for bad in [
        "Ryabkov",
        [{"name": "Ryabkov"}],
        ["x" * 201],
        ["Ryab\x00kov"],
        ["Sergei\nRyabkov"],
        ["Sergei\tRyabkov"],
    ]:
        response = editor_api.patch(f"{ACTORS}{actor.pk}/", {"aliases": bad}, format="json")
        assert response.status_code == 400, (bad, response.content)
        assert "aliases" in response.json()


def test_anonymous_readers_may_not_write_aliases(api, corpus):
    actor = ryabkov()

    response = api.patch(f"{ACTORS}{actor.pk}/", {"aliases": ["Anyone"]}, format="json")

    assert response.status_code in (401, 403)
    assert "Anyone" not in alias_names(actor)


# ---------------------------------------------------------------- weapon systems


def test_a_weapon_system_is_written_with_its_designations(editor_api, corpus):
    response = editor_api.post(
        WEAPONS,
        {
            "name": "Test Missile",
            "slug": "test-missile",
            "category": WeaponSystem.objects.first().category,
            "designations": [{"name": "TM-1", "kind": "official"}, {"name": "Testbird", "kind": "nato"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    weapon = WeaponSystem.objects.get(slug="test-missile")
    assert set(weapon.designations.values_list("name", "kind")) == {
        ("TM-1", "official"),
        ("Testbird", "nato"),
    }
    assert {d["name"] for d in response.json()["designations"]} == {"TM-1", "Testbird"}


def test_a_patch_changes_a_designations_kind_and_refuses_one_naming_another_weapon(editor_api, corpus):
    weapon = WeaponSystem.objects.get(slug="9m729")
    kept = [{"name": d.name, "kind": d.kind} for d in weapon.designations.all()]
    other = WeaponDesignation.objects.exclude(weapon_system=weapon).select_related("weapon_system").first()

    refused = editor_api.patch(
        f"{WEAPONS}{weapon.pk}/", {"designations": [*kept, {"name": other.name}]}, format="json"
    )
    changed = editor_api.patch(
        f"{WEAPONS}{weapon.pk}/",
        {"designations": [*kept[:-1], {"name": kept[-1]["name"], "kind": "alias"}, {"name": "Novator 729"}]},
        format="json",
    )

    assert refused.status_code == 400
    assert refused.json() == {"designations": [f"“{other.name}” already names {other.weapon_system}."]}
    assert changed.status_code == 200, changed.content
    assert weapon.designations.get(name=kept[-1]["name"]).kind == "alias"
    assert weapon.designations.filter(name="Novator 729", kind="alias").exists()


def test_a_designation_of_an_unknown_kind_is_a_400(editor_api, corpus):
    weapon = WeaponSystem.objects.get(slug="9m729")

    response = editor_api.patch(
        f"{WEAPONS}{weapon.pk}/", {"designations": [{"name": "X", "kind": "nickname"}]}, format="json"
    )

    assert response.status_code == 400
    assert "designations" in response.json()


def test_a_designation_sent_without_its_kind_keeps_it_in_a_put_as_in_a_patch(reviewer_api, corpus):
    """A PUT applied the field's default: the 9M729's official and NATO names became "other names"."""
    weapon = WeaponSystem.objects.get(slug="9m729")
    kinds = dict(weapon.designations.values_list("name", "kind"))
    record = reviewer_api.get(f"{WEAPONS}{weapon.pk}/").json()
    names_only = [{"name": name} for name in kinds]

    put = reviewer_api.put(f"{WEAPONS}{weapon.pk}/", {**record, "designations": names_only}, format="json")
    patch = reviewer_api.patch(
        f"{WEAPONS}{weapon.pk}/", {"designations": [*names_only, {"name": "Novator 729"}]}, format="json"
    )

    assert put.status_code == 200, put.content
    assert patch.status_code == 200, patch.content
    assert dict(weapon.designations.values_list("name", "kind")) == {**kinds, "Novator 729": "alias"}
    assert {"official", "nato"} <= set(kinds.values())
