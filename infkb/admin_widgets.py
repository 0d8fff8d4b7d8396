"""The admin's choices of related records, sturdy against a value that is no key of their model.

A form re-shown with its errors renders each autocomplete with the value submitted, and Django's
widget looks that value up in the database as it is: "abc" for an id is a ValueError, an id past
64 bits an OverflowError on SQLite, both a 500 instead of the form's "Select a valid choice".
A tampered page, or a stale id pasted back, sends such values. A many-to-many field's own check
(ModelMultipleChoiceField) has the same OverflowError.
"""

from typing import Any

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest


class KeysOnlyMixin:
    """Look up only the submitted values that can be keys of the related model; the form says the rest."""

    def optgroups(self, name: str, value: list, attr: Any = None) -> list:
        opts = self.field.remote_field.model._meta
        key = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.attname))
        return super().optgroups(name, [each for each in value if _is_key(key, each)], attr)


def _is_key(key: models.Field, value: Any) -> bool:
    try:
        key.run_validators(key.to_python(value))  # the type, and for an integer its column's range
    except ValidationError:
        return False
    return True


class KeysOnlyAutocompleteSelect(KeysOnlyMixin, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(KeysOnlyMixin, AutocompleteSelectMultiple):
    pass


class KeysOnlyMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A value that cannot be a key is "not a valid value", before the database is asked about it."""

    def _check_values(self, value: Any) -> Any:
        model = self.queryset.model
        key = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        for each in value:
            if not _is_key(key, each):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": each}
                )
        return super()._check_values(value)


class KeysOnlyAutocompleteFields:
    """For a ModelAdmin or an inline: its `autocomplete_fields` get the widgets above, its
    many-to-many fields the field above."""

    def formfield_for_foreignkey(self, db_field: models.Field, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: models.Field, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", KeysOnlyMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
