"""Editors type a date as precisely as it is known, and the precision follows."""

import datetime

import pytest
from django.urls import reverse

from claims.forms import StatementForm
from claims.models import Event
from infkb.dates import DatePrecision
from sources.models import Article


def statement_form(said_on: str, said_precision: str = "day") -> StatementForm:
    article = Article.objects.get(text__contains="Westdeutsche Allgemeine Zeitung")
    stoltenberg = article.statements.filter(speaker__name__contains="Stoltenberg").first().speaker
    return StatementForm(
        data={
            "article": article.pk,
            "speaker": stoltenberg.pk,
            "kind": "paraphrase",
            "status": "draft",
            "text": "NATO will decide on deployments together.",
            "said_on": said_on,
            "said_precision": said_precision,
        }
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "date", "precision"),
    [
        ("2019-08", datetime.date(2019, 8, 1), DatePrecision.MONTH),
        ("2019", datetime.date(2019, 1, 1), DatePrecision.YEAR),
        ("2019-08-23", datetime.date(2019, 8, 23), DatePrecision.DAY),
        ("23/08/2019", datetime.date(2019, 8, 23), DatePrecision.DAY),
    ],
)
def test_the_precision_follows_what_the_editor_typed(corpus, typed, date, precision):
    form = statement_form(typed)
    assert form.is_valid(), form.errors
    statement = form.save()
    assert (statement.said_on, statement.said_precision) == (date, precision)


@pytest.mark.django_db
def test_a_full_date_with_month_chosen_in_the_menu_is_kept_as_the_month(corpus):
    form = statement_form("2019-08-23", "month")
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["said_on"], form.cleaned_data["said_precision"]) == (
        datetime.date(2019, 8, 1),
        DatePrecision.MONTH,
    )


@pytest.mark.django_db
def test_something_that_is_not_a_date_is_a_form_error_that_says_how_to_write_one(corpus):
    form = statement_form("the end of August")
    assert not form.is_valid()
    assert "2019-08" in form.errors["said_on"][0]


@pytest.mark.django_db
def test_a_date_known_to_the_month_is_shown_as_the_month_in_the_admin(editor_client, corpus):
    event = Event.objects.filter(date_precision=DatePrecision.MONTH).first()
    page = editor_client.get(reverse("admin:claims_event_change", args=[event.pk]))
    assert f'value="{event.date:%Y-%m}"' in page.text


@pytest.mark.django_db
@pytest.mark.parametrize("said", ["2019-10-01", "2020", "2099-01-01"])
def test_a_statement_said_after_its_article_was_published_is_a_form_error(corpus, said):
    form = statement_form(said)  # the article is of September 2019; these were saved as typed

    assert not form.is_valid()
    assert "after its article was published (September 2019)" in form.errors["said_on"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("said", ["2019-09-30", "2019-09", "2019", "1987-12-08"])
def test_a_statement_said_before_or_in_its_articles_period_is_kept(corpus, said):
    form = statement_form(said)

    assert form.is_valid(), form.errors
