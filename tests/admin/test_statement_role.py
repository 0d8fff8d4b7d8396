"""The statement form in the admin: the role at the time, checked against the statement's date."""

import pytest
from django.urls import reverse

from claims.models import Statement
from tests.admin.test_admin_pages import inline_management

pytestmark = pytest.mark.django_db


def statement_post(statement: Statement, **changes: str) -> dict[str, str]:
    data = {
        "article": str(statement.article_id),
        "speaker": str(statement.speaker_id),
        "reported_speaker": "",
        "speaker_role": statement.speaker_role,
        "role": str(statement.role_id or ""),
        "kind": statement.kind,
        "status": statement.status,
        "text": statement.text,
        "occurrence": "",
        "said_on": "",
        "said_precision": "day",
        "venue": statement.venue,
        "version": str(statement.version),
        **inline_management("stances", 0),
    }
    data.update(changes)
    return data


def test_a_role_whose_period_disagrees_with_the_date_is_a_clear_form_error(editor_client, corpus):
    statement = Statement.objects.get(text__startswith="the current agreement was outdated")  # Bolton

    response = editor_client.post(
        reverse("admin:claims_statement_change", args=[statement.pk]),
        statement_post(statement, said_on="2017-03", said_precision="month"),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "John Bolton was National Security Advisor, US administration (2018 – 2019)" in errors["role"][0]
    assert "March 2017" in errors["role"][0]
    statement.refresh_from_db()
    assert statement.said_on is None


def test_the_form_names_each_role_with_its_holder_and_period(editor_client, corpus):
    statement = Statement.objects.get(text__startswith="the current agreement was outdated")

    response = editor_client.get(reverse("admin:claims_statement_change", args=[statement.pk]))

    assert (
        "John Bolton: National Security Advisor, US administration (2018 – 2019)" in response.content.decode()
    )


def test_an_empty_role_is_filled_with_the_one_held_that_day(editor_client, corpus):
    statement = Statement.objects.get(text__startswith="the current agreement was outdated")
    Statement.objects.filter(pk=statement.pk).update(role=None)
    statement.refresh_from_db()

    response = editor_client.post(
        reverse("admin:claims_statement_change", args=[statement.pk]),
        statement_post(statement, role=""),
    )

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.role.title == "National Security Advisor"
