"""published_in_index_order() is published() written for index order: the same rows, whatever is a draft."""

from django.db.models import Q

from claims.models import ClaimRelation, Stance
from infkb.provenance import ReviewStatus
from tests.factories import ClaimFactory, ClaimRelationFactory, StanceFactory, StatementFactory

DRAFT = ReviewStatus.DRAFT


def test_relations_published_in_index_order_are_the_published_ones(db):
    hub, draft = ClaimFactory(), ClaimFactory(status=DRAFT)
    shown = [ClaimRelationFactory(source=hub), ClaimRelationFactory(target=hub)]
    ClaimRelationFactory(source=hub, target=draft)
    ClaimRelationFactory(source=draft, target=hub)
    ClaimRelationFactory(source=hub, status=DRAFT)
    of_hub = ClaimRelation.objects.filter(Q(source=hub) | Q(target=hub))

    found = set(of_hub.published_in_index_order().values_list("pk", flat=True))

    assert found == {relation.pk for relation in shown}
    assert set(ClaimRelation.objects.published_in_index_order()) == set(ClaimRelation.objects.published())


def test_a_relation_disappears_when_a_claim_it_joins_returns_to_draft(db):
    relation = ClaimRelationFactory()
    assert ClaimRelation.objects.published_in_index_order().filter(pk=relation.pk).exists()

    relation.target.status = DRAFT
    relation.target.save()

    assert not ClaimRelation.objects.published_in_index_order().filter(pk=relation.pk).exists()


def test_stances_published_in_index_order_check_both_the_statement_and_the_claim(db):
    claim = ClaimFactory()
    shown = StanceFactory(claim=claim)
    StanceFactory(claim=ClaimFactory(status=DRAFT), statement=shown.statement)
    StanceFactory(claim=claim, statement=StatementFactory(status=DRAFT))

    found = set(Stance.objects.filter(claim=claim).published_in_index_order().values_list("pk", flat=True))

    assert found == {shown.pk}
    assert set(Stance.objects.published_in_index_order()) == set(Stance.objects.published())
