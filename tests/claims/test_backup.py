"""Backups that restore: export_kb, then import_kb into an empty database, gives the same knowledge base."""

import datetime
import gzip
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection

from bench.synthetic import add_synthetic_corpus
from claims import backup
from claims.backup import ImportRefused, export_knowledge_base, import_knowledge_base, schema_models
from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimedRange,
    Event,
    QuoteCandidate,
    Role,
    Statement,
    WeaponSystem,
)
from claims.search import search_queryset
from infkb.provenance import ReviewStatus
from sources.models import Article
from tests.factories import ArticleFactory, ClaimFactory, StanceFactory, StatementFactory

KNOWN_QUOTE = '"Bolton arrived with nothing"'


def row_counts() -> dict[str, int]:
    return {backup.label_of(model): model._base_manager.count() for model in schema_models()}


def export_bytes(path: Path) -> bytes:
    export_knowledge_base(path)
    return path.read_bytes()


def empty_the_knowledge_base() -> None:
    """Delete every row of apps claims and sources (foreign keys are checked at commit, so any order)."""
    with connection.cursor() as cursor:
        for model in schema_models():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    assert sum(row_counts().values()) == 0


def finds_known_quote() -> bool:
    return (
        search_queryset(Statement.objects.all(), KNOWN_QUOTE).filter(text__contains="Bolton arrived").exists()
    )


@pytest.fixture
def curated(corpus) -> dict:
    """The seed corpus plus what editors do: drafts, reviews, links, edits (history), users, candidates."""
    editor = User.objects.create_user("ed", password="x")
    reviewer = User.objects.create_user("rev", password="x")
    article = ArticleFactory(created_by=editor, text="Intro. “We are ready,” she said. Outro words here.")
    draft = StatementFactory(
        article=article, text="We are ready", status=ReviewStatus.DRAFT, created_by=editor
    )
    published = StanceFactory(statement__created_by=editor, claim__created_by=editor)
    published.claim.reviewed_by = reviewer
    published.claim.reviewed_at = datetime.datetime(2026, 11, 2, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    published.claim.save()
    weapon = WeaponSystem.objects.create(name="Test missile", slug="test-missile", category="glcm")
    event = Event.objects.create(title="A test", slug="a-test", date=datetime.date(2019, 2, 1))
    event.actors.add(draft.speaker)
    event.weapon_systems.add(weapon)
    published.claim.subjects.add(draft.speaker)
    ClaimedRange.objects.create(claim=ClaimFactory(), weapon_system=weapon, min_km=500)
    ActorAlias.objects.create(actor=draft.speaker, name="Speaker Alias")
    Role.objects.create(person=draft.speaker, title="Minister")
    QuoteCandidate.objects.create(
        article=article, start=7, end=19, text="We are ready", speaker_name="she", decided_by=reviewer
    )
    add_synthetic_corpus(statements=40)
    return {"draft": draft, "claim": published.claim}


# ---------------------------------------------------------------- round trips


@pytest.mark.django_db(transaction=True)
def test_the_seed_corpus_survives_export_flush_import_byte_for_byte(corpus, tmp_path):
    first = export_bytes(tmp_path / "first.jsonl.gz")
    counts = row_counts()
    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists()

    call_command("import_kb", str(tmp_path / "first.jsonl.gz"), stdout=None)

    assert export_bytes(tmp_path / "second.jsonl.gz") == first
    assert row_counts() == counts
    assert finds_known_quote()


def test_a_curated_knowledge_base_survives_a_round_trip_byte_for_byte(curated, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "INSERT_BATCH_ROWS", 7)  # many batches, rows across their boundaries
    draft, claim = curated["draft"], curated["claim"]
    stored_updated_at = Claim.objects.get(pk=claim.pk).updated_at
    first = export_bytes(tmp_path / "first.jsonl")
    counts = row_counts()
    empty_the_knowledge_base()

    report = import_knowledge_base(tmp_path / "first.jsonl")

    assert export_bytes(tmp_path / "second.jsonl") == first
    assert row_counts() == counts
    assert report.total == sum(counts.values())
    assert Statement.objects.get(pk=draft.pk).status == ReviewStatus.DRAFT
    restored = Claim.objects.get(pk=claim.pk)
    assert restored.updated_at == stored_updated_at  # not reset to the time of the import
    assert (restored.created_by.username, restored.reviewed_by.username) == ("ed", "rev")
    assert restored.reviewed_at == claim.reviewed_at
    assert list(Event.objects.get(slug="a-test").weapon_systems.values_list("slug", flat=True)) == [
        "test-missile"
    ]
    assert restored.history.count() == claim.history.count() > 1
    assert finds_known_quote()
    assert search_queryset(Statement.objects.all(), '"We are ready"').filter(pk=draft.pk).exists()


def test_new_records_after_an_import_get_new_ids(curated, tmp_path):
    export_knowledge_base(tmp_path / "kb.jsonl")
    highest = Actor.objects.order_by("-pk").values_list("pk", flat=True).first()
    empty_the_knowledge_base()
    import_knowledge_base(tmp_path / "kb.jsonl")

    assert Actor.objects.create(name="Newcomer", slug="newcomer", kind="person").pk > highest


def test_users_missing_from_the_target_are_created_inactive_without_a_password(curated, tmp_path):
    export_knowledge_base(tmp_path / "kb.jsonl")
    empty_the_knowledge_base()
    User.objects.filter(username__in=["ed", "rev"]).delete()

    report = import_knowledge_base(tmp_path / "kb.jsonl")

    assert sorted(report.created_users) == ["ed", "rev"]
    editor = User.objects.get(username="ed")
    assert not editor.is_active and not editor.has_usable_password()
    assert Statement.objects.get(pk=curated["draft"].pk).created_by == editor


def test_an_export_without_history_restores_the_records_only(curated, tmp_path):
    call_command("export_kb", str(tmp_path / "kb.jsonl"), "--no-history", stdout=None)
    counts = {label: n for label, n in row_counts().items() if ".historical" not in label}
    empty_the_knowledge_base()

    import_knowledge_base(tmp_path / "kb.jsonl")

    assert {label: n for label, n in row_counts().items() if ".historical" not in label} == counts
    assert not Claim.history.exists()


def test_loaddata_restores_a_dumpdata_of_claims_and_sources(curated, tmp_path):
    call_command("dumpdata", "claims", "sources", output=str(tmp_path / "dump.json"), verbosity=0)
    counts = row_counts()
    empty_the_knowledge_base()

    call_command("loaddata", str(tmp_path / "dump.json"), verbosity=0)

    assert row_counts() == counts


# ---------------------------------------------------------------- refusals


def test_an_import_into_a_database_with_records_is_refused_and_changes_nothing(curated, tmp_path):
    before = export_bytes(tmp_path / "kb.jsonl")

    with pytest.raises(CommandError, match="already holds records.*empty database only"):
        call_command("import_kb", str(tmp_path / "kb.jsonl"))

    assert export_bytes(tmp_path / "after.jsonl") == before


def rewrite(path: Path, edit) -> None:  # noqa: ANN001 - edit(lines) -> lines
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")


def misquote_first_statement(lines: list[str]) -> list[str]:
    section = next(i for i, line in enumerate(lines) if line.startswith('{"model":"claims.statement"'))
    text_column = json.loads(lines[section])["fields"].index("text")
    row = json.loads(lines[section + 1])
    row[text_column] += " and nothing else"
    lines[section + 1] = json.dumps(row, ensure_ascii=False) + "\n"
    return lines


def with_header(**changes) -> callable:
    def edit(lines: list[str]) -> list[str]:
        lines[0] = json.dumps({**json.loads(lines[0]), **changes}) + "\n"
        return lines

    return edit


CORRUPTIONS = {
    "bad JSON": (
        lambda lines: [*lines[:40], lines[40][:25] + "\n", *lines[41:]],
        "Line 41 is not valid JSON",
    ),
    "wrong version": (with_header(version=2), "format version 2; this INF KB reads version 1"),
    "not an export": (lambda lines: ['{"hello": 1}\n', *lines[1:]], "not an INF KB export"),
    "other migrations": (
        with_header(migrations={"claims": ["0001_initial"], "sources": ["0001_initial"]}),
        "other migrations than this one.*manage.py migrate claims 0001_initial",
    ),
    "truncated": (lambda lines: lines[:-1], "truncated"),
    "misquote": (misquote_first_statement, r"Statements \[\d+\] do not quote their article"),
    "unknown model": (
        lambda lines: [*lines[:-1], '{"model":"claims.gossip","fields":[]}\n', lines[-1]],
        "unknown",
    ),
}


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_a_corrupt_file_is_refused_and_nothing_is_loaded(curated, tmp_path, corruption):
    edit, message = CORRUPTIONS[corruption]
    path = tmp_path / "kb.jsonl"
    export_knowledge_base(path)
    rewrite(path, edit)
    empty_the_knowledge_base()
    User.objects.filter(username__in=["ed", "rev"]).delete()

    with pytest.raises(ImportRefused, match=message):
        import_knowledge_base(path)

    assert sum(row_counts().values()) == 0
    assert not User.objects.filter(username__in=["ed", "rev"]).exists()


def test_a_statement_whose_article_is_missing_is_refused(curated, tmp_path):
    path = tmp_path / "kb.jsonl"
    export_knowledge_base(path)

    def drop_one_article(lines: list[str]) -> list[str]:
        section = next(i for i, line in enumerate(lines) if line.startswith('{"model":"sources.article"'))
        del lines[section + 1]
        end = json.loads(lines[-1])
        end["end"]["sources.article"] -= 1
        return [*lines[:-1], json.dumps(end) + "\n"]

    rewrite(path, drop_one_article)
    empty_the_knowledge_base()

    with pytest.raises(ImportRefused, match="do not hold together|sources.article"):
        import_knowledge_base(path)

    assert sum(row_counts().values()) == 0


def test_a_gzip_export_is_deterministic_and_imports(curated, tmp_path):
    call_command("export_kb", str(tmp_path / "a.jsonl.gz"), stdout=None)
    call_command("export_kb", str(tmp_path / "b.jsonl.gz"), stdout=None)
    assert (tmp_path / "a.jsonl.gz").read_bytes() == (tmp_path / "b.jsonl.gz").read_bytes()
    with gzip.open(tmp_path / "a.jsonl.gz", "rt", encoding="utf-8") as stream:
        assert json.loads(stream.readline())["format"] == "infkb-kb"
    empty_the_knowledge_base()

    call_command("import_kb", str(tmp_path / "a.jsonl.gz"), stdout=None)

    assert finds_known_quote()
