import pytest
from django.db.models import ProtectedError

from claims.models import Actor, Claim, Statement
from sources.models import Article
from tests.factories import StanceFactory, StatementFactory


@pytest.mark.django_db
def test_deleting_an_actor_who_has_statements_is_refused():
    statement = StatementFactory()
    with pytest.raises(ProtectedError):
        statement.speaker.delete()
    assert Actor.objects.filter(pk=statement.speaker_id).exists()
    assert Statement.objects.filter(pk=statement.pk).exists()


@pytest.mark.django_db
def test_deleting_an_article_that_has_statements_is_refused():
    statement = StatementFactory()
    with pytest.raises(ProtectedError):
        statement.article.delete()
    assert Article.objects.filter(pk=statement.article_id).exists()


@pytest.mark.django_db
def test_deleting_a_claim_that_statements_take_a_stance_on_is_refused():
    stance = StanceFactory()
    with pytest.raises(ProtectedError):
        stance.claim.delete()
    assert Claim.objects.filter(pk=stance.claim_id).exists()


@pytest.mark.django_db
def test_the_admin_refuses_to_delete_an_actor_with_statements_and_says_why(admin_client_, corpus):
    patrushev = Actor.objects.by_alias("Patrushev").get()
    response = admin_client_.post(f"/admin/claims/actor/{patrushev.pk}/delete/", {"post": "yes"})

    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in response.text
    assert Actor.objects.filter(pk=patrushev.pk).exists()
    assert patrushev.statements.exists()
