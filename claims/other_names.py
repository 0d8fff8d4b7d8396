"""A record's other names written through the API with it: an actor's aliases, a weapon's designations.

The list sent replaces the record's, as a statement's stances do (docs/api.md, "Writing"): a name
kept stays the same row (its history goes on), a name left out is deleted, a new one is added, in
the record's transaction. Everything is checked before anything is written, so an invalid list
changes nothing and answers 400 under the field's name: a name given twice, one that already names
another record (the models' clean(), as in the admin), one with no letter or digit. As in the admin,
adding a name needs the model's add permission and leaving one out its delete permission (an
editor's inline row has no delete box): an editor who leaves out a name is told so, not obeyed.
"""

import re

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from rest_framework import serializers

from claims.names import normalize_name
from infkb.plain_text import CONTROL_CHARACTER

MAX_NAMES = 100  # a record's other names in one write
LINE_BREAK_OR_TAB = re.compile(r"[\n\r\t]")  # allowed in a text (infkb.plain_text), not in a name


class OtherNames:
    """The rows of `model` (its `owner_field` the record) to add, change and delete for a list of names."""

    def __init__(self, model: type[Model], owner_field: str, owner: Model | None, user: AbstractBaseUser):
        self.model, self.owner_field, self.owner, self.user = model, owner_field, owner, user
        self.save: list[Model] = []
        self.delete: list[Model] = []

    def plan(self, wanted: list[dict]) -> None:
        """Check the names (each a dict of the row's fields); raise a 400 naming every problem."""
        if len(wanted) > MAX_NAMES:
            raise serializers.ValidationError(f"At most {MAX_NAMES} names.")
        existing = {}
        if self.owner is not None:
            existing = {
                row.normalized: row for row in self.model.objects.filter(**{self.owner_field: self.owner})
            }
        errors: list[str] = []
        given: dict[str, str] = {}
        for fields in wanted:
            name = fields["name"].strip()
            normalized = normalize_name(name)
            if CONTROL_CHARACTER.search(name) or LINE_BREAK_OR_TAB.search(name):
                errors.append(f"{name[:80]!r}: a name is one line, without tabs or control characters.")
                continue
            if not normalized:
                errors.append(f"“{name}” has no letter or digit: a name needs at least one.")
                continue
            if normalized in given:
                errors.append(f"“{name}” is given twice (also as “{given[normalized]}”).")
                continue
            given[normalized] = name
            row = existing.get(normalized)
            if row is not None:
                changed = {
                    key: value
                    for key, value in {**fields, "name": name}.items()
                    if getattr(row, key) != value
                }
                if changed:  # another spelling of the same name, or another kind of designation
                    for key, value in changed.items():
                        setattr(row, key, value)
                    self.save.append(row)
                continue
            row = self.model(
                **{**fields, "name": name, f"{self.owner_field}_id": getattr(self.owner, "pk", None)}
            )
            try:
                # The owner may not exist yet; a name taken is clean()'s message, not the constraint's.
                row.full_clean(exclude=[self.owner_field], validate_constraints=False)
            except DjangoValidationError as error:
                errors += [message for messages in error.message_dict.values() for message in messages]
                continue
            self.save.append(row)
        self.delete = [row for normalized, row in existing.items() if normalized not in given]
        errors += self._permission_errors()
        if errors:
            raise serializers.ValidationError(errors)

    def _permission_errors(self) -> list[str]:
        opts = self.model._meta
        errors = []
        adds = [row for row in self.save if row.pk is None]
        if adds and not self.user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            errors.append(f"You may not add {opts.verbose_name_plural}.")
        if self.save != adds and not self.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            errors.append(f"You may not change {opts.verbose_name_plural}.")
        if self.delete and not self.user.has_perm(f"{opts.app_label}.delete_{opts.model_name}"):
            names = ", ".join(f"“{row.name}”" for row in self.delete)
            errors.append(
                f"Only a reviewer may delete {opts.verbose_name_plural}: send the list with {names} in it."
            )
        return errors

    def write(self, owner: Model, related_name: str) -> None:
        """Apply the plan to `owner`, inside its transaction; the answer then shows the new list."""
        try:
            with transaction.atomic():
                for row in self.delete:
                    row._history_user = self.user
                    row.delete()
                for row in self.save:
                    setattr(row, self.owner_field, owner)
                    row._history_user = self.user
                    row.save()
        except IntegrityError:
            # Someone gave one of these names to another record since they were checked.
            raise serializers.ValidationError(
                {related_name: ["One of these names was just given to another record: send it again."]}
            ) from None
        getattr(owner, "_prefetched_objects_cache", {}).pop(related_name, None)
