"""Export and import of the whole knowledge base as one portable, versioned file.

`manage.py export_kb FILE` and `manage.py import_kb FILE` (docs/operations.md).

The file is JSON Lines, gzip-compressed when its name ends in `.gz`:

    {"format": "infkb-kb", "version": 1, "history": true, "migrations": {"claims": [...], ...}}
    {"model": "claims.actor", "fields": ["id", "created_by", "created_at", ...]}
    [1, "editor", "2026-11-24T13:45:00.123456+00:00", ...]          one row per line, by primary key
    {"model": "claims.actor_aliases", "fields": [...]}
    ...
    {"end": {"claims.actor": 30, ...}}                                the rows of every model

Every model of the apps `sources` and `claims` is written, found through the
migration state rather than listed here, with every concrete field: new fields
and models travel without a change to this module. History (django-simple-history)
is included unless asked otherwise. Users are written as usernames, since user
ids differ between databases; an import creates an inactive account without a
password for a username the target database does not have.

The file carries no timestamp of its own and rows come in primary-key order,
so exporting the same database twice gives the same bytes.

An import goes into an empty database whose applied migrations of these apps are
those listed in the header, in one transaction: rows are inserted with plain SQL
(no model save(), so no signal writes history and auto_now keeps the stored
`updated_at`), then the database checks its constraints, quotes are checked
against their articles and articles against their content hashes, sequences are
reset and the full-text index rebuilt. Anything wrong and nothing is kept.

Memory stays bounded: the export streams each table through a chunked cursor, the
import inserts a few hundred rows (at most a few MB) at a time.
"""

import datetime
import decimal
import gzip
import hashlib
import io
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps.registry import Apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import F, Model
from django.db.models.functions import Substr
from simple_history.models import HistoricalChanges

from claims.search import rebuild_search_index

FORMAT = "infkb-kb"
VERSION = 1
APPS = ("claims", "sources")
READ_CHUNK_ROWS = 2000
INSERT_BATCH_ROWS = 500
INSERT_BATCH_CHARS = 4_000_000  # of JSON, so that a batch of long articles stays a few MB


class BackupError(Exception):
    """An export or import cannot be done; the message says why. Nothing was changed."""


class ImportRefused(BackupError):
    """The file cannot be imported into this database."""


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)
    created_users: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# ---------------------------------------------------------------- models and schema


def applied_migrations() -> dict[str, list[str]]:
    """The migrations of APPS applied to this database, by app, sorted."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return {app: sorted(name for label, name in loader.applied_migrations if label == app) for app in APPS}


def schema_models(*, history: bool = True) -> list[type[Model]]:
    """The models of APPS as the applied migrations define them (the tables as they are), by label."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    nodes = [key for key in loader.applied_migrations if key in loader.graph.nodes]
    if not all(any(label == app for label, _ in nodes) for app in APPS):
        raise BackupError("This database has no INF KB tables yet: run `manage.py migrate` first.")
    state_apps: Apps = loader.project_state(nodes).apps
    models = [
        model
        for app in APPS
        for model in state_apps.get_app_config(app).get_models(include_auto_created=True)
        if history or not issubclass(model, HistoricalChanges)
    ]
    return sorted(models, key=label_of)


def label_of(model: type[Model]) -> str:
    return model._meta.label_lower


def _is_user_key(model_field: Any) -> bool:
    related = getattr(model_field, "related_model", None)
    return related is not None and related._meta.label_lower == settings.AUTH_USER_MODEL.lower()


# ---------------------------------------------------------------- export


def _encode(value: Any) -> Any:
    """A database value as JSON: dates and times in ISO 8601 (UTC, full precision)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | dict):
        return value
    raise TypeError(f"Cannot export a value of type {type(value).__name__}.")


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _open_for_writing(path: Path, *, compress: bool) -> IO[str]:
    raw = open(path, "wb")  # noqa: SIM115 - closed with the wrapper
    if compress:
        # No file name and no time in the gzip header: the same data gives the same bytes.
        raw = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
    return io.TextIOWrapper(raw, encoding="utf-8", newline="\n")


def write_export(stream: IO[str], *, history: bool = True) -> dict[str, int]:
    """Write the knowledge base to `stream`; return the row count of every model."""
    models = schema_models(history=history)
    usernames = dict(get_user_model()._base_manager.values_list("pk", "username"))
    stream.write(
        _dump({"format": FORMAT, "version": VERSION, "history": history, "migrations": applied_migrations()})
    )
    counts = {}
    for model in models:
        fields = model._meta.concrete_fields
        stream.write(_dump({"model": label_of(model), "fields": [f.name for f in fields]}))
        user_columns = [i for i, f in enumerate(fields) if _is_user_key(f)]
        rows = model._base_manager.order_by("pk").values_list(*[f.attname for f in fields])
        count = 0
        for row in rows.iterator(chunk_size=READ_CHUNK_ROWS):
            values = [_encode(value) for value in row]
            for i in user_columns:
                # A history row may name a user deleted since: the name is gone with the account.
                values[i] = usernames.get(values[i]) if values[i] is not None else None
            stream.write(_dump(values))
            count += 1
        counts[label_of(model)] = count
    stream.write(_dump({"end": counts}))
    return counts


def export_knowledge_base(path: str | Path, *, history: bool = True) -> dict[str, int]:
    """Write the knowledge base to `path` (gzip if it ends in .gz), from one consistent snapshot.

    The file appears only when complete: a failed export leaves no truncated backup behind.
    """
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    outermost = not connection.in_atomic_block
    try:
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                # A transaction of our own: every table is read as of the same moment.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            with _open_for_writing(partial, compress=path.name.endswith(".gz")) as stream:
                counts = write_export(stream, history=history)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return counts


# ---------------------------------------------------------------- import


def _open_for_reading(path: Path) -> IO[str]:
    raw = open(path, "rb")  # noqa: SIM115 - closed with the wrapper
    if path.name.endswith(".gz"):
        raw = gzip.GzipFile(fileobj=raw, mode="rb")
    return io.TextIOWrapper(raw, encoding="utf-8", newline="\n")


def _lines(stream: IO[str]) -> Iterator[tuple[int, Any, int]]:
    """(line number, parsed JSON, length) of each line; a broken file is refused."""
    number = 0
    try:
        for number, line in enumerate(stream, start=1):  # noqa: B007 - used after the loop on error
            try:
                yield number, json.loads(line), len(line)
            except json.JSONDecodeError as error:
                raise ImportRefused(f"Line {number} is not valid JSON ({error.msg}).") from None
    except (UnicodeDecodeError, OSError, EOFError) as error:
        raise ImportRefused(f"The file cannot be read after line {number}: {error}.") from None


class _Importer:
    """Inserts the rows of one file; the caller holds the transaction."""

    def __init__(self, models: list[type[Model]]) -> None:
        self.models = {label_of(model): model for model in models}
        self.user_model = get_user_model()
        self.user_ids: dict[str, int] = dict(self.user_model._base_manager.values_list("username", "pk"))
        self.report = ImportReport()

    def user_id(self, username: Any, where: str) -> int:
        if not isinstance(username, str) or not username:
            raise ImportRefused(f"{where}: a user must be given by username, not {username!r}.")
        if username not in self.user_ids:
            user = self.user_model(username=username, is_active=False)
            user.set_unusable_password()
            user.save()
            self.user_ids[username] = user.pk
            self.report.created_users.append(username)
        return self.user_ids[username]

    def run(self, lines: Iterator[tuple[int, Any, int]], expected: set[str]) -> None:
        model, fields, batch, batch_chars = None, [], [], 0
        seen: list[str] = []
        for number, data, length in lines:
            if isinstance(data, list):
                if model is None:
                    raise ImportRefused(f"Line {number}: a row before any model line.")
                batch.append(self.convert(model, fields, data, number))
                batch_chars += length
                if len(batch) >= INSERT_BATCH_ROWS or batch_chars >= INSERT_BATCH_CHARS:
                    self.insert(model, fields, batch, number)
                    batch, batch_chars = [], 0
                continue
            if model is not None and batch:
                self.insert(model, fields, batch, number)
                batch, batch_chars = [], 0
            if isinstance(data, dict) and "model" in data:
                model, fields = self.section(data, number, seen)
                seen.append(label_of(model))
                self.report.counts[label_of(model)] = 0
            elif isinstance(data, dict) and "end" in data:
                self.finish(data["end"], number, expected)
                for extra_number, _, _ in lines:
                    raise ImportRefused(f"Line {extra_number}: data after the end line.")
                return
            else:
                raise ImportRefused(f"Line {number}: neither a model line, a row nor the end line.")
        raise ImportRefused("The file ends before its end line: it is truncated.")

    def section(self, data: dict, number: int, seen: list[str]) -> tuple[type[Model], list]:
        label = data.get("model")
        if label not in self.models:
            raise ImportRefused(f"Line {number}: unknown model {label!r}.")
        if label in seen:
            raise ImportRefused(f"Line {number}: model {label} appears twice.")
        by_name = {f.name: f for f in self.models[label]._meta.concrete_fields}
        names = data.get("fields")
        if not isinstance(names, list) or sorted(names) != sorted(by_name):
            raise ImportRefused(
                f"Line {number}: the fields of {label} are not those of this database "
                f"(file: {names}; database: {sorted(by_name)})."
            )
        return self.models[label], [by_name[name] for name in names]

    def convert(self, model: type[Model], fields: list, row: list, number: int) -> list:
        if len(row) != len(fields):
            raise ImportRefused(
                f"Line {number}: {len(row)} values for the {len(fields)} fields of {label_of(model)}."
            )
        values = []
        for model_field, value in zip(fields, row, strict=True):
            where = f"Line {number}, {label_of(model)}.{model_field.name}"
            if value is None:
                values.append(None)
            elif _is_user_key(model_field):
                values.append(self.user_id(value, where))
            else:
                try:
                    values.append(model_field.get_db_prep_save(model_field.to_python(value), connection))
                except (ValidationError, TypeError, ValueError) as error:
                    message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                    raise ImportRefused(f"{where}: {message}") from None
        return values

    def insert(self, model: type[Model], fields: list, batch: list[list], number: int) -> None:
        """Plain INSERTs: no save(), no signals, stored values (auto_now ones too) kept as they are."""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        per_statement = max(1, connection.ops.bulk_batch_size(fields, batch))
        try:
            with connection.cursor() as cursor:
                for start in range(0, len(batch), per_statement):
                    rows = batch[start : start + per_statement]
                    cursor.execute(
                        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
                        + ", ".join([row_sql] * len(rows)),
                        [value for row in rows for value in row],
                    )
        except DatabaseError as error:
            raise ImportRefused(f"{label_of(model)}, rows before line {number}: {error}".strip()) from None
        self.report.counts[label_of(model)] += len(batch)

    def finish(self, declared: Any, number: int, expected: set[str]) -> None:
        if set(self.report.counts) != expected:
            missing = sorted(expected - set(self.report.counts))
            raise ImportRefused(f"The file lacks the models {', '.join(missing)}.")
        if declared != self.report.counts:
            raise ImportRefused(
                f"Line {number}: the end line counts {declared}, the file holds {self.report.counts}."
            )


def _refuse_unless_empty(models: list[type[Model]]) -> None:
    filled = [label_of(model) for model in models if model._base_manager.exists()]
    if filled:
        shown = ", ".join(filled[:5]) + (f" and {len(filled) - 5} more" if len(filled) > 5 else "")
        raise ImportRefused(
            f"The database already holds records ({shown}). import_kb loads into an empty "
            "database only: create a new one, run `manage.py migrate`, then import."
        )


def _check_header(data: Any, present: dict[str, list[str]]) -> bool:
    """Refuse a file that is not an export of this format version, or of another schema; return history."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused("This is not an INF KB export (its first line lacks the header).")
    if data.get("version") != VERSION:
        raise ImportRefused(
            f"This export has format version {data.get('version')!r}; this INF KB reads version {VERSION}."
        )
    written = data.get("migrations")
    if written != present:
        commands = "; ".join(
            f"manage.py migrate {app} {names[-1]}" for app, names in sorted((written or {}).items()) if names
        )
        raise ImportRefused(
            "The file was written by a database at other migrations than this one "
            f"(file: {written}; here: {present}). Import it into a new database migrated to the "
            f"file's point ({commands}), then run `manage.py migrate` to upgrade."
        )
    return bool(data.get("history"))


def _check_contents(models: dict[str, type[Model]]) -> None:
    """What the database cannot check by itself: quotes in their articles, texts against their hashes."""
    try:
        connection.check_constraints(table_names=[model._meta.db_table for model in models.values()])
    except DatabaseError as error:
        raise ImportRefused(f"The records do not hold together: {error}") from None
    statement, article = models["claims.statement"], models["sources.article"]
    anchored = statement._base_manager.filter(start__isnull=False, end__isnull=False)
    passage = Substr("article__text", F("start") + 1, F("end") - F("start"))
    misplaced = anchored.annotate(passage=passage).exclude(passage=F("text")).order_by("pk")
    wrong = list(misplaced.values_list("pk", flat=True)[:10])
    if wrong:
        raise ImportRefused(
            f"Statements {wrong} do not quote their article at their offsets: the file is corrupt."
        )
    texts = article._base_manager.order_by("pk").values_list("pk", "text", "content_hash")
    for pk, text, stored in texts.iterator(chunk_size=100):
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != stored:
            raise ImportRefused(
                f"Article {pk}: its text does not match its content hash: the file is corrupt."
            )


def import_knowledge_base(path: str | Path) -> ImportReport:
    """Load an export into this (empty) database, all or nothing. Raises ImportRefused."""
    path = Path(path)
    if not path.is_file():
        raise ImportRefused(f"{path} is not a file.")
    all_models = schema_models()
    _refuse_unless_empty(all_models)
    with _open_for_reading(path) as stream:
        lines = _lines(stream)
        first = next(lines, None)
        history = _check_header(first[1] if first else None, applied_migrations())
        models = schema_models(history=history)
        importer = _Importer(models)
        with transaction.atomic():
            importer.run(lines, expected={label_of(model) for model in models})
            _check_contents(importer.models)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            rebuild_search_index()
    return importer.report
