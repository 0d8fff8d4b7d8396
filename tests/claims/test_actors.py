import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Actor, ActorAlias
from tests.factories import ActorFactory


@pytest.mark.django_db
def test_lookup_by_alias_ignores_case_accents_and_punctuation():
    actor = ActorFactory(name="Jens Testberg")
    ActorAlias.objects.create(actor=actor, name="Testberg")

    assert list(Actor.objects.by_alias("TESTBERG")) == [actor]
    assert list(Actor.objects.by_alias("jens  testberg.")) == [actor]
    assert list(Actor.objects.by_alias("Tëstberg")) == [actor]


@pytest.mark.django_db
def test_one_spelling_cannot_name_two_actors():
    ActorAlias.objects.create(actor=ActorFactory(), name="The Minister")
    duplicate = ActorAlias(actor=ActorFactory(), name="the minister")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already an alias" in error.value.message_dict["name"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_an_alias_cannot_be_another_actors_name():
    ActorFactory(name="Sergey Sudakov")
    with pytest.raises(ValidationError):
        ActorAlias(actor=ActorFactory(), name="Sergey Sudakov").full_clean()
