"""Optimistic locking: an edit based on an out-of-date copy is refused, never silently applied.

A change form carries the token of the record as it was when the form was
opened: `version` for Reviewable records (statements, claims, stances,
relations), `updated_at` for the other curated records (articles, actors…).
On save, inside the admin's transaction, the row is locked and its token
compared; if someone saved in between, the form gets an error listing what
they changed (from the history) and nothing is saved. For versioned records
the save itself is also an `UPDATE … WHERE version = loaded`, so that even
without row locks (SQLite) two saves of the same version cannot both succeed.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F
from django.utils.dateparse import parse_datetime

VERSION_FIELD = "version"
TIMESTAMP_FIELD = "updated_at"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


class EditConflict(Exception):
    """Someone else saved the record after it was loaded."""

    def __init__(self, message: str, changes: list[FieldChange] | None = None) -> None:
        super().__init__(message)
        self.changes = changes or []


def token_field(model: type[models.Model]) -> str | None:
    """The field that identifies a saved state of `model`'s records, or None if it has none."""
    names = {f.name for f in model._meta.concrete_fields}
    if VERSION_FIELD in names:
        return VERSION_FIELD
    if TIMESTAMP_FIELD in names:
        return TIMESTAMP_FIELD
    return None


def token_to_str(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.datetime) else str(value)


def token_from_str(model: type[models.Model], value: str) -> Any:
    if token_field(model) == VERSION_FIELD:
        return int(value)
    return parse_datetime(value)


def current_token(model: type[models.Model], pk: Any, *, lock: bool = False) -> Any:
    """The token of the stored record; with lock=True, also lock its row until the transaction ends."""
    field = token_field(model)
    queryset = model._base_manager.filter(pk=pk)
    if lock:
        queryset = queryset.select_for_update()
    return queryset.values_list(field, flat=True).first()


def _history_at(instance: models.Model, token: Any) -> Any:
    """The latest historical record of `instance` whose state has the given token."""
    history = getattr(instance, "history", None)
    if history is None:
        return None
    return (
        history.filter(**{token_field(type(instance)): token})
        .order_by("-history_date", "-history_id")
        .first()
    )


def changes_since(instance: models.Model, token: Any) -> tuple[list[FieldChange], list[str]]:
    """What changed in the stored record since the state with `token`, and who changed it.

    Read from the history: the last historical record with that token is
    compared with the newest one. Empty lists when the history does not say.
    """
    history = getattr(instance, "history", None)
    old = _history_at(instance, token)
    if history is None or old is None:
        return [], []
    newest = history.order_by("-history_date", "-history_id").first()
    ignored = {TIMESTAMP_FIELD, VERSION_FIELD}
    delta = newest.diff_against(old, excluded_fields=ignored)
    model = type(instance)
    changes = [
        FieldChange(
            change.field,
            _readable(model, change.field, change.old),
            _readable(model, change.field, change.new),
        )
        for change in delta.changes
    ]
    later = history.filter(history_date__gt=old.history_date).select_related("history_user")
    who = sorted({str(record.history_user) if record.history_user else "someone" for record in later})
    return changes, who


def _readable(model: type[models.Model], name: str, value: Any) -> Any:
    """A related record's name rather than its id."""
    field = model._meta.get_field(name)
    if value is None or not field.is_relation:
        return value
    related = field.related_model._base_manager.filter(pk=value).first()
    return related if related is not None else value


def conflict_message(instance: models.Model, token: Any) -> tuple[str, list[FieldChange]]:
    changes, who = changes_since(instance, token)
    model_name = instance._meta.verbose_name
    by = f" ({', '.join(who)})" if who else ""
    message = f"Someone else{by} saved this {model_name} after you opened it. Nothing was saved."
    if changes:
        listed = "; ".join(f"{c.field}: “{_short(c.old)}” → “{_short(c.new)}”" for c in changes)
        message += f" What they changed: {listed}."
    message += (
        " Your edits are still in the form: save again to write the fields you changed and keep "
        "their changes to the others, or reload the page to start from theirs."
    )
    return message, changes


def state_at(instance: models.Model, token: Any) -> dict[str, Any] | None:
    """The stored values (by attname) of `instance` in the saved state with `token`, from its history."""
    record = _history_at(instance, token)
    if record is None:
        return None
    return {
        field.attname: getattr(record, field.attname, None) for field in type(instance)._meta.concrete_fields
    }


def raw_value(field: models.Field, value: Any) -> Any:
    """What `value` (a form's cleaned value) is stored as: a related record's pk, else the value."""
    if field.is_relation and isinstance(value, models.Model):
        return value.pk
    return value


def merge_retried_edit(
    instance: models.Model, cleaned: dict[str, Any], base: dict[str, Any], stored: models.Model
) -> None:
    """A save retried after a refusal writes only what this editor changed.

    `cleaned` is the editor's form, `base` the state they opened it in (state_at), `stored` the
    record as it is now. A field the editor left as it was in `base` takes the stored value, so the
    other editor's change to it is kept; a field the editor changed keeps the editor's value.
    """
    concrete = {field.name: field for field in type(instance)._meta.concrete_fields}
    for name, value in cleaned.items():
        field = concrete.get(name)
        if field is None or name in (TIMESTAMP_FIELD, VERSION_FIELD):
            continue
        if raw_value(field, value) == base.get(field.attname):
            cleaned[name] = getattr(stored, name)


def both_changed(
    instance: models.Model, cleaned: dict[str, Any], base: dict[str, Any], theirs: list[FieldChange]
) -> list[FieldChange]:
    """The fields that the other editor changed and this editor changed too, to something else.

    Returned as FieldChange(field, old=this editor's value, new=the other editor's value).
    """
    concrete = {field.name: field for field in type(instance)._meta.concrete_fields}
    conflicts = []
    for change in theirs:
        field = concrete.get(change.field)
        if field is None or change.field not in cleaned:
            continue
        mine = cleaned[change.field]
        if raw_value(field, mine) != base.get(field.attname) and raw_value(field, mine) != raw_value(
            field, change.new
        ):
            conflicts.append(FieldChange(change.field, mine, change.new))
    return conflicts


def _short(value: Any, limit: int = 120) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def check_token(instance: models.Model, loaded: Any) -> Any:
    """Lock the stored row and raise EditConflict if its token is not `loaded`; return the current token.

    Call inside a transaction (the admin's change view is one).
    """
    model = type(instance)
    current = current_token(model, instance.pk, lock=True)
    if current is not None and current != loaded:
        message, changes = conflict_message(instance, loaded)
        raise EditConflict(message, changes)
    return current


def claim_version(instance: models.Model, *, loaded_version: int) -> None:
    """Move the stored version from `loaded_version` to the next one, or raise EditConflict.

    The caller then saves `instance`, whose version is set to the new number.
    """
    model = type(instance)
    claimed = model._base_manager.filter(pk=instance.pk, version=loaded_version).update(
        version=F("version") + 1
    )
    if not claimed:
        message, changes = conflict_message(instance, loaded_version)
        raise EditConflict(message, changes)
    instance.version = loaded_version + 1


def bump_version(instance: models.Model) -> None:
    """For writes outside a change form (publishing…): the next version, from the locked stored row."""
    if token_field(type(instance)) == VERSION_FIELD and instance.pk is not None:
        instance.version = (current_token(type(instance), instance.pk, lock=True) or instance.version) + 1
