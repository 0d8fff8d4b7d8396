"""A many-to-many link added from its other end (`actor.claims_about.add(claim)`) works like one added
from the claim: no error, the claim's history records it, and a published claim publishes the draft.

django-simple-history 3.13 raised a TypeError here (HistoricalActor() got unexpected keyword
arguments: 'statement_count', …) and recorded nothing in the claim's history (infkb/history.py).
"""

import pytest

from claims.models import Claim, WeaponSystem
from infkb.provenance import ReviewStatus
from tests.factories import ActorFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def subjects_in_history(claim: Claim) -> list[set[int]]:
    """The subjects each version of the claim's history records, newest first."""
    return [{link.actor_id for link in version.subjects.all()} for version in claim.history.all()]


def test_a_claim_added_from_the_actors_side_is_in_the_claims_history_and_publishes_the_actor():
    subject = ActorFactory(name="Marshal Otherend", slug="marshal-otherend", status=ReviewStatus.DRAFT)
    claim = ClaimFactory(text="The marshal inspected the launcher", slug="marshal-inspected")
    versions_before = claim.history.count()

    subject.claims_about.add(claim)

    assert list(claim.subjects.all()) == [subject]
    assert claim.history.count() == versions_before + 1
    assert subjects_in_history(claim)[0] == {subject.pk}
    subject.refresh_from_db()
    assert subject.status == ReviewStatus.PUBLISHED  # a published claim shows it


def test_removing_and_clearing_from_the_actors_side_are_in_the_claims_history():
    subject = ActorFactory(name="Marshal Otherend", slug="marshal-otherend")
    first = ClaimFactory(text="The marshal inspected the launcher", slug="marshal-inspected")
    second = ClaimFactory(text="The marshal denied the test", slug="marshal-denied")
    subject.claims_about.add(first, second)

    subject.claims_about.remove(first)
    assert subjects_in_history(first)[0] == set()
    subject.claims_about.clear()
    assert subjects_in_history(second)[0] == set()
    assert subjects_in_history(second)[1] == {subject.pk}


def test_a_draft_claim_added_from_the_actors_side_leaves_the_draft_actor_a_draft():
    subject = ActorFactory(name="Marshal Otherend", slug="marshal-otherend", status=ReviewStatus.DRAFT)
    claim = ClaimFactory(text="The marshal inspected", slug="marshal-insp", status=ReviewStatus.DRAFT)

    subject.claims_about.add(claim)

    subject.refresh_from_db()
    assert subject.status == ReviewStatus.DRAFT


def test_a_claim_added_from_the_weapons_side_is_in_the_claims_history_and_publishes_the_weapon():
    weapon = WeaponSystem.objects.create(
        name="Otherend-7", slug="otherend-7", category=WeaponSystem.Category.GLCM, status=ReviewStatus.DRAFT
    )
    claim = ClaimFactory(text="The Otherend-7 flies far", slug="otherend-flies")

    weapon.claims.add(claim)

    assert [{link.weaponsystem_id for link in v.weapon_systems.all()} for v in claim.history.all()][0] == {
        weapon.pk
    }
    weapon.refresh_from_db()
    assert weapon.status == ReviewStatus.PUBLISHED
