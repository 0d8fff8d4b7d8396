"""Who is speaking, in whose words, in what office, and in which translation — on the seed corpus."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from claims.models import Actor, Claim, Event, Role, Statement
from infkb.dates import DatePrecision
from sources.models import Article


def actor(slug: str) -> Actor:
    return Actor.objects.get(slug=slug)


def seed_statement(text_start: str) -> Statement:
    return Statement.objects.select_related("speaker", "reported_speaker", "role").get(
        text__startswith=text_start
    )


# ---------------------------------------------------------------- attribution layers


@pytest.mark.django_db
def test_the_pledge_in_the_september_article_is_lavrov_reporting_putin(corpus):
    pledge = seed_statement("Moscow would not deploy missiles falling under the INF Treaty")

    assert pledge.speaker == actor("sergey-lavrov")
    assert pledge.reported_speaker == actor("vladimir-putin")
    assert pledge.attribution == "Sergey Lavrov, reporting Vladimir Putin"
    assert str(pledge).startswith("Sergey Lavrov, reporting Vladimir Putin: (paraphrase)")


@pytest.mark.django_db
def test_reported_positions_are_the_reporters_statements_naming_whom_they_report(corpus):
    reported = {
        "the United States denied the possibility": ("vladimir-putin", "united-states"),
        "hit the target at a distance of over 500 km": ("vladimir-putin", "us-department-of-defense"),
        "the Trump administration wants to resume": ("sergey-lavrov", "us-administration"),
        "The PRC said that the scale": ("sergey-lavrov", "china"),
    }
    for opening, (speaker, whom) in reported.items():
        statement = seed_statement(opening)
        assert (statement.speaker.slug, statement.reported_speaker.slug) == (speaker, whom), opening


@pytest.mark.django_db
def test_a_reported_position_counts_for_the_reported_actor_not_for_the_reporter(corpus):
    china_should_join = Claim.objects.get(slug="china-should-join-inf-negotiations")

    by_lavrov = Claim.objects.with_stance_from(actor=actor("sergey-lavrov"), stance="asserts")
    by_trump_administration = Claim.objects.with_stance_from(
        actor=actor("us-administration"), stance="asserts"
    )

    assert china_should_join not in by_lavrov
    assert china_should_join in by_trump_administration


@pytest.mark.django_db
def test_rts_hedges_are_never_inside_words_attributed_to_the_united_states(corpus):
    us = actor("united-states")
    hedged = Statement.objects.filter(speaker=us, text__iregex=r"allegedly|supposedly")

    assert hedged.exists()
    assert set(hedged.values_list("kind", flat=True)) == {Statement.Kind.CHARACTERISATION}
    assert not Statement.objects.filter(reported_speaker=us, text__iregex=r"allegedly|supposedly").exists()


@pytest.mark.django_db
def test_rts_insertion_is_not_inside_a_quote(corpus):
    assert not Statement.objects.filter(kind=Statement.Kind.QUOTE, text__contains="- RT").exists()
    koktysh = seed_statement("will bring a continuation of the dialogue")
    assert koktysh.kind == Statement.Kind.QUOTE and koktysh.speaker == actor("kirill-koktysh")


@pytest.mark.django_db
def test_the_defence_ministrys_briefing_is_an_event_not_a_statement(corpus):
    ministry = actor("russian-ministry-of-defence")

    assert not ministry.statements.exists()
    briefing = Event.objects.get(slug="mod-9m729-briefing")
    assert ministry in briefing.actors.all()
    assert not Statement.objects.filter(text__contains="held a special briefing").exists()


@pytest.mark.django_db
def test_the_quotes_the_seed_missed_are_entered(corpus):
    assert seed_statement("there is a difference between plans and concrete actions").speaker == actor(
        "sergey-ryabkov"
    )
    assert seed_statement("Such a situation will become a problem for NATO countries").speaker == actor(
        "sergey-sudakov"
    )
    china = seed_statement("The PRC said that the scale of its nuclear potential")
    assert china.reported_speaker == actor("china")
    assert china.stances.filter(claim__slug="prc-declines-inf-negotiations", stance="asserts").exists()


@pytest.mark.django_db
def test_a_characterisation_must_be_the_outlets_words_in_the_article(corpus):
    article = Article.objects.get(text__contains="supposedly capable")
    statement = Statement(
        article=article,
        speaker=actor("united-states"),
        kind=Statement.Kind.CHARACTERISATION,
        text="the 9M729 flies 5,000 km",  # an editor's summary, not RT's words
    )

    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "text" in error.value.message_dict


@pytest.mark.django_db
def test_a_speaker_cannot_report_themselves(corpus):
    statement = seed_statement("Moscow would not deploy missiles")
    statement.reported_speaker = statement.speaker

    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "reported_speaker" in error.value.message_dict


# ---------------------------------------------------------------- role at the time


@pytest.mark.django_db
def test_yermakovs_office_is_director_with_the_articles_spokesman_kept_as_written(corpus):
    yermakov = actor("vladimir-yermakov")
    statements = yermakov.statements.all()
    director = yermakov.roles.get(title__startswith="Director of the Department")

    assert {s.role for s in statements} == {director}
    assert statements.filter(speaker_role="Foreign Ministry spokesman").count() == 8


@pytest.mark.django_db
def test_every_seed_statement_by_a_person_with_roles_has_the_office_held_that_day(corpus):
    by_people = Statement.objects.filter(speaker__kind=Actor.Kind.PERSON, speaker__roles__isnull=False)

    assert by_people.exists()
    assert not by_people.filter(role__isnull=True).exists()
    for statement in by_people.select_related("role"):
        assert statement.role.person_id == statement.speaker_id


@pytest.mark.django_db
def test_a_role_outside_its_period_is_refused(corpus):
    bolton = actor("john-bolton")
    adviser = bolton.roles.get()  # National Security Advisor, 2018–2019
    statement = seed_statement("the current agreement was outdated")
    statement.said_on, statement.said_precision = datetime.date(2017, 3, 1), DatePrecision.MONTH
    statement.role = adviser

    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    message = error.value.message_dict["role"][0]
    assert "John Bolton" in message and "2018 – 2019" in message and "March 2017" in message


@pytest.mark.django_db
def test_a_role_inside_its_fuzzy_period_is_accepted(corpus):
    statement = seed_statement("the current agreement was outdated")
    # The role starts in "2018": January 2018 is already inside it.
    statement.said_on, statement.said_precision = datetime.date(2018, 1, 1), DatePrecision.MONTH

    statement.full_clean()
    assert statement.role == actor("john-bolton").roles.get()


@pytest.mark.django_db
def test_a_role_of_someone_else_is_refused(corpus):
    statement = seed_statement("the current agreement was outdated")
    statement.role = Role.objects.get(person__slug="donald-trump")

    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "Donald Trump" in error.value.message_dict["role"][0]


@pytest.mark.django_db
def test_the_role_is_suggested_from_the_date_and_only_when_one_role_fits(corpus):
    lavrov = actor("sergey-lavrov")
    earlier = Role.objects.create(
        person=lavrov,
        title="Permanent Representative to the United Nations",
        start=datetime.date(1994, 1, 1),
        start_precision=DatePrecision.YEAR,
        end=datetime.date(2004, 1, 1),
        end_precision=DatePrecision.YEAR,
    )
    article = Article.objects.get(text__contains="MGIMO students")
    statement = Statement(article=article, speaker=lavrov, kind=Statement.Kind.PARAPHRASE, text="something")

    statement.said_on, statement.said_precision = datetime.date(2000, 5, 1), DatePrecision.MONTH
    assert statement.suggested_role() == earlier
    statement.said_on = datetime.date(2019, 9, 1)
    assert statement.suggested_role().title == "Foreign Minister"
    statement.said_on, statement.said_precision = datetime.date(2004, 1, 1), DatePrecision.YEAR
    assert statement.suggested_role() is None  # both held in 2004: the editor chooses


# ---------------------------------------------------------------- translation


@pytest.mark.django_db
def test_the_seed_articles_are_machine_translations_from_russian(corpus):
    for article in Article.objects.all():
        assert article.translation == Article.Translation.MACHINE
        assert article.translation_display == "Machine translation from Russian"


@pytest.mark.django_db
def test_a_translation_needs_its_source_language(corpus):
    article = Article.objects.first()
    article.translation, article.original_language = Article.Translation.HUMAN, ""

    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "original_language" in error.value.message_dict


@pytest.mark.django_db
def test_suggest_roles_links_statements_saved_before_roles_to_the_office_held_that_day(corpus):
    from django.core.management import call_command

    Statement.objects.update(role=None)  # as after the migration: no statement has a role yet

    call_command("suggest_roles", stdout=io.StringIO())

    yermakov = actor("vladimir-yermakov")
    director = yermakov.roles.get()
    assert set(yermakov.statements.values_list("role", flat=True)) == {director.pk}
    assert not Statement.objects.filter(speaker__roles__isnull=False, role__isnull=True).exists()
    assert not Statement.objects.filter(speaker__kind=Actor.Kind.STATE, role__isnull=False).exists()
