import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Claim, ClaimedRange, ClaimRelation, Statement, WeaponSystem
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    ClaimFactory,
    ClaimRelationFactory,
    StatementFactory,
)


@pytest.mark.django_db
def test_the_database_rejects_a_claim_related_to_itself():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimRelation.objects.create(source=claim, target=claim, kind=ClaimRelation.Kind.COUNTERS)


@pytest.mark.django_db
def test_a_self_relation_gets_a_form_message_before_the_database_sees_it():
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as error:
        ClaimRelation(source=claim, target=claim, kind=ClaimRelation.Kind.SUPPORTS).full_clean()
    assert "itself" in error.value.message_dict["target"][0]


@pytest.mark.django_db
def test_the_database_rejects_a_duplicate_relation():
    relation = ClaimRelationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimRelation.objects.create(source=relation.source, target=relation.target, kind=relation.kind)


@pytest.mark.django_db
def test_the_same_claims_may_be_related_in_two_different_ways():
    relation = ClaimRelationFactory(kind=ClaimRelation.Kind.COUNTERS)
    ClaimRelation.objects.create(
        source=relation.source, target=relation.target, kind=ClaimRelation.Kind.RESPONDS_TO
    )
    assert ClaimRelation.objects.filter(source=relation.source).count() == 2


@pytest.mark.django_db
def test_the_database_rejects_a_quote_without_an_anchor():
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(
            article=ArticleFactory(), speaker=ActorFactory(), kind=Statement.Kind.QUOTE, text="x"
        )


@pytest.mark.django_db
def test_the_database_rejects_offsets_out_of_order():
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementFactory(start=10, end=5)


@pytest.mark.django_db
def test_the_database_rejects_a_range_whose_maximum_is_below_its_minimum():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimedRange.objects.create(claim=ClaimFactory(), weapon_system=_weapon(), min_km=5500, max_km=500)


@pytest.mark.django_db
def test_a_range_needs_at_least_one_bound():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimedRange.objects.create(claim=ClaimFactory(), weapon_system=_weapon())


def _weapon() -> WeaponSystem:
    return WeaponSystem.objects.create(name="Test missile", slug="test-missile", category="glcm")


@pytest.mark.django_db
def test_a_claim_that_differs_only_in_case_or_final_full_stop_is_refused_as_a_duplicate():
    ClaimFactory(text="Russia violates the treaty")
    duplicate = Claim(text="russia violates the Treaty.", slug="duplicate")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "exists already" in error.value.message_dict["text"][0]
