"""manage.py export_sqlite: the published knowledge base as a Datasette-ready SQLite file."""

import io
import json
import sqlite3

import pytest
from django.core.management import call_command

from claims.formats.sqlite import TABLES, published_statements
from claims.models import Actor, Claim, ClaimRelation, Stance, Statement
from sources.models import Article, Outlet
from tests.api.test_unreviewed_records import MARK, drafts  # noqa: F401  (the fixture)


@pytest.fixture
def exported(tmp_path):
    def export() -> tuple[sqlite3.Connection, dict]:
        path = tmp_path / "infkb.db"
        call_command("export_sqlite", str(path), stdout=io.StringIO())
        return sqlite3.connect(path), json.loads((tmp_path / "metadata.json").read_text())

    return export


def count(connection: sqlite3.Connection, table: str) -> int:
    return connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def test_row_counts_equal_the_published_counts(corpus, exported):
    connection, _ = exported()

    assert count(connection, "statements") == Statement.objects.published().count() > 0
    assert count(connection, "claims") == Claim.objects.published().count()
    assert count(connection, "claim_relations") == ClaimRelation.objects.published().count()
    assert count(connection, "stances") == Stance.objects.published().count()
    assert count(connection, "actors") == Actor.objects.published().count()
    assert count(connection, "articles") == Article.objects.published().count()
    assert count(connection, "outlets") == Outlet.objects.published().count()


def test_full_text_search_finds_a_known_quote(corpus, exported):
    connection, _ = exported()
    quote = published_statements().filter(text__icontains="Tomahawk").select_related("speaker").first()

    found = connection.execute(
        "SELECT s.id, s.speaker_name FROM statements_fts JOIN statements s ON s.id = statements_fts.rowid "
        "WHERE statements_fts MATCH 'Tomahawk'"
    ).fetchall()

    assert (quote.pk, quote.speaker.name) in found
    assert connection.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'violates'").fetchone()[
        0
    ]


def test_statements_carry_speaker_article_outlet_and_claims(corpus, exported):
    connection, _ = exported()
    statement = Statement.objects.for_readers().filter(stances__stance="denies").first()

    row = connection.execute(
        "SELECT speaker_name, article_title, outlet_name, claims FROM statements WHERE id = ?", [statement.pk]
    ).fetchone()

    assert row[:3] == (statement.speaker.name, statement.article.title, statement.article.outlet.name)
    for stance in statement.visible_stances:
        assert f"{stance.stance}: {stance.claim.text}" in row[3]


def test_foreign_keys_are_declared_and_hold(corpus, exported):
    connection, _ = exported()

    links = {
        (table, row[3], row[2])
        for table in TABLES
        for row in connection.execute(f'PRAGMA foreign_key_list("{table}")')
    }
    assert {("statements", "speaker_id", "actors"), ("statements", "article_id", "articles")} <= links
    assert {("claim_relations", "source_id", "claims"), ("stances", "claim_id", "claims")} <= links
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_metadata_describes_every_table_and_column_of_the_file(corpus, exported):
    connection, described = exported()

    assert {"title", "description", "license", "source"} <= set(described)
    tables = described["databases"]["infkb"]["tables"]
    for table in TABLES:
        columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
        assert set(tables[table]["columns"]) == set(columns), table
        assert all(tables[table]["columns"].values()) and tables[table]["description"]
    assert tables["statements"]["fts_table"] == "statements_fts"


@pytest.mark.django_db
def test_no_draft_is_in_the_file(corpus, drafts, exported):  # noqa: F811
    connection, _ = exported()

    for table in TABLES:
        for row in connection.execute(f'SELECT * FROM "{table}"'):
            assert MARK not in " ".join(map(str, row)), table


def test_statements_carry_the_attribution_layer_the_reported_speaker_the_office_and_the_translation(
    corpus, exported
):
    connection, _ = exported()
    pledge = Statement.objects.get(text__startswith="Moscow would not deploy missiles")
    row = connection.execute(
        "SELECT kind, speaker_name, reported_speaker_id, reported_speaker_name, role, translation "
        "FROM statements WHERE id = ?",
        [pledge.pk],
    ).fetchone()

    assert row == (
        "paraphrase",
        "Sergey Lavrov",
        pledge.reported_speaker_id,
        "Vladimir Putin",
        "Foreign Minister, Ministry of Foreign Affairs of the Russian Federation",
        "machine",
    )
    kinds = {kind for (kind,) in connection.execute("SELECT DISTINCT kind FROM statements")}
    assert kinds == {"quote", "paraphrase", "characterisation"}
    articles = set(connection.execute("SELECT translation, original_language FROM articles"))
    assert articles == {("machine", "ru")}
