"""Nonsense in the admin's forms, as an editor types it or a tampered page sends it: never a 500."""

import pytest
from django.urls import reverse

from claims.models import Actor, Claim, Stance, Statement, WeaponSystem
from sources.models import Article, Outlet
from tests.admin.test_admin_pages import inline_management, new_article_post
from tests.admin.test_statement_role import statement_post

pytestmark = pytest.mark.django_db


def new_statement_post(statement: Statement, **changes: str) -> dict[str, str]:
    """The statement add form, filled in with `statement`'s article, speaker and text."""
    data = {
        "article": str(statement.article_id),
        "speaker": str(statement.speaker_id),
        "reported_speaker": "",
        "speaker_role": "",
        "role": "",
        "kind": statement.kind,
        "text": statement.text,
        "occurrence": "",
        "said_on": "",
        "said_precision": "day",
        "venue": "",
        **inline_management("stances", 0),
    }
    data.update(changes)
    return data


def test_entering_a_quote_that_already_is_a_statement_is_a_form_error(editor_client, corpus):
    """The span is unique per article: saving it twice was an IntegrityError, a 500."""
    statement = Statement.objects.get(
        text="So far, all we have heard is the announcement of the intention to do this"
    )
    before = Statement.objects.count()

    response = editor_client.post(reverse("admin:claims_statement_add"), new_statement_post(statement))

    assert response.status_code == 200
    assert "already a statement" in response.text
    assert Statement.objects.count() == before


def test_saving_a_statement_on_its_own_span_is_no_duplicate(editor_client, corpus):
    statement = Statement.objects.get(
        text="So far, all we have heard is the announcement of the intention to do this"
    )

    response = editor_client.post(
        reverse("admin:claims_statement_change", args=[statement.pk]),
        statement_post(statement, venue="at a briefing"),
    )

    assert response.status_code == 302
    assert Statement.objects.get(pk=statement.pk).venue == "at a briefing"


# What a tampered page (or a stale autocomplete) sends for a record: the widget re-rendering the form
# with it looked it up in the database, a ValueError or, on SQLite, an OverflowError (a 500).
TAMPERED = ["abc", "9" * 23, "-1", "1.5"]


@pytest.mark.parametrize("value", TAMPERED)
@pytest.mark.parametrize("field", ["article", "speaker", "events", "stances-0-claim"])
def test_a_tampered_record_choice_is_a_form_error(editor_client, corpus, field, value):
    statement = Statement.objects.get(
        text="So far, all we have heard is the announcement of the intention to do this"
    )
    claim = Claim.objects.first()
    data = new_statement_post(
        statement,
        text="There were also several rounds of expert bilateral consultations",
        **inline_management("stances", 1),
        **{"stances-0-claim": str(claim.pk), "stances-0-stance": "asserts"},
    )
    data[field] = value
    before = (Statement.objects.count(), Stance.objects.count())

    response = editor_client.post(reverse("admin:claims_statement_add"), data)

    assert response.status_code == 200
    assert "errorlist" in response.text
    assert (Statement.objects.count(), Stance.objects.count()) == before


def new_actor_post(*aliases: str) -> dict[str, str]:
    data = {
        "name": "Anna Example",
        "slug": "anna-example",
        "kind": "person",
        "country": "",
        "description": "",
        "wikidata_id": "",
        **inline_management("aliases", len(aliases)),
        **inline_management("roles", 0),
    }
    for i, alias in enumerate(aliases):
        data |= {f"aliases-{i}-id": "", f"aliases-{i}-actor": "", f"aliases-{i}-name": alias}
    return data


def test_one_alias_twice_in_an_actors_form_is_a_form_error(editor_client, corpus):
    """Two spellings that normalise alike passed each row's check and broke the unique index: a 500."""
    response = editor_client.post(reverse("admin:claims_actor_add"), new_actor_post("Anna Ex", "anna  ex"))

    assert response.status_code == 200
    assert "given twice" in response.text
    assert not Actor.objects.filter(slug="anna-example").exists()


def new_weapon_post(*designations: str) -> dict[str, str]:
    data = {
        "name": "New GLCM",
        "slug": "new-glcm",
        "category": "glcm",
        "basing": "ground",
        "country": "",
        "description": "",
        "wikidata_id": "",
        **inline_management("designations", len(designations)),
    }
    for i, name in enumerate(designations):
        data |= {
            f"designations-{i}-id": "",
            f"designations-{i}-weapon_system": "",
            f"designations-{i}-name": name,
            f"designations-{i}-kind": "nato",
        }
    return data


def test_a_designation_of_another_weapon_system_is_a_form_error(editor_client, corpus):
    response = editor_client.post(reverse("admin:claims_weaponsystem_add"), new_weapon_post("ssc 8"))

    assert response.status_code == 200
    assert "already names 9M729" in response.text
    assert not WeaponSystem.objects.filter(slug="new-glcm").exists()


def test_one_designation_twice_in_a_weapon_systems_form_is_a_form_error(editor_client, corpus):
    response = editor_client.post(reverse("admin:claims_weaponsystem_add"), new_weapon_post("XQ-9", "xq 9"))

    assert response.status_code == 200
    assert "given twice" in response.text
    assert not WeaponSystem.objects.filter(slug="new-glcm").exists()


def test_a_control_character_in_a_text_is_a_form_error_as_in_the_api(editor_client, corpus):
    """The API refused it; the admin stored a claim "A bell\\x07", invisible where shown."""
    response = editor_client.post(
        reverse("admin:claims_claim_add"),
        {
            "text": "A bell\x07 in a claim",
            "slug": "bell",
            "description": "",
            **inline_management("claimed_range", 0),
            **inline_management("stances", 0),
            **inline_management("outgoing_relations", 0),
            **inline_management("incoming_relations", 0),
        },
    )

    assert response.status_code == 200
    assert "control character" in response.text
    assert not Claim.objects.filter(slug="bell").exists()


def test_one_quote_pasted_twice_into_a_new_article_is_a_form_error(editor_client, corpus):
    """Neither row was stored yet, so each passed the span check: the second insert was a 500."""
    speaker = Actor.objects.get(slug="sergey-ryabkov")
    data = new_article_post("We have seen nothing on paper", speaker, Outlet.objects.first())
    data |= inline_management("statements", 2)
    data |= {
        name.replace("statements-0-", "statements-1-"): value for name, value in data.items() if "-0-" in name
    }

    response = editor_client.post(reverse("admin:sources_article_add"), data)

    assert response.status_code == 200
    assert "twice" in response.text
    assert not Article.objects.filter(slug="peskov-nothing-on-paper").exists()


def test_an_article_published_in_the_future_is_a_form_error(editor_client, corpus):
    speaker = Actor.objects.get(slug="sergey-ryabkov")
    data = new_article_post("We have seen nothing on paper", speaker, Outlet.objects.first())

    response = editor_client.post(
        reverse("admin:sources_article_add"), {**data, "published_on": "2099-01-01"}
    )

    assert response.status_code == 200
    assert "in the future" in response.text
    assert not Article.objects.filter(slug="peskov-nothing-on-paper").exists()
