"""Typing a date as precisely as it is known: "2019", "2019-08" or "2019-08-23".

Editors enter dates known only to the month or the year every day ("the end
of August"). The form field takes any of the three forms (or the admin's
calendar format) and the form sets the `<field>_precision` beside it.
"""

import datetime
from typing import Any

from django import forms
from django.db import models

from infkb.dates import DatePrecision, iso_fuzzy_date, parse_fuzzy_date, truncate_to_precision

COARSENESS = [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR]


class PreciseDate(datetime.date):
    """A date that remembers how precisely it was typed."""

    precision: str = DatePrecision.DAY


class FuzzyDateField(forms.CharField):
    widget = forms.TextInput(attrs={"placeholder": "2019, 2019-08 or 2019-08-23", "size": 12})

    def to_python(self, value: Any) -> PreciseDate | None:
        value = super().to_python(value)
        if not value:
            return None
        try:
            date, precision = parse_fuzzy_date(value)
        except ValueError:
            date, precision = self._calendar_date(value), DatePrecision.DAY
        precise = PreciseDate(date.year, date.month, date.day)
        precise.precision = precision
        return precise

    def _calendar_date(self, value: str) -> datetime.date:
        try:
            return forms.DateField().clean(value)
        except forms.ValidationError:
            raise forms.ValidationError("Write the date as 2019, 2019-08 or 2019-08-23.") from None


def fuzzy_date_pairs(model: type[models.Model]) -> list[tuple[str, str]]:
    """(date field, precision field) pairs of `model`: `said_on`/`said_precision`, `date`/`date_precision`…"""
    names = {field.name for field in model._meta.fields}
    pairs = []
    for field in model._meta.fields:
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            stem = field.name.removesuffix("_on")
            for precision in (f"{stem}_precision", f"{field.name}_precision"):
                if precision in names:
                    pairs.append((field.name, precision))
                    break
    return pairs


class FuzzyDatesMixin:
    """For a ModelForm: its dates with a precision are typed at that precision."""

    _meta: Any
    instance: Any
    initial: dict
    fields: dict

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, precision in fuzzy_date_pairs(self._meta.model):
            field = self.fields.get(name)
            if field is None or field.disabled or not isinstance(field, forms.DateField):
                continue
            self.fields[name] = FuzzyDateField(
                required=field.required,
                label=field.label,
                help_text=field.help_text
                or "2019, 2019-08 or 2019-08-23: the precision follows what you type.",
            )
            value = self.initial.get(name)
            if isinstance(value, datetime.date):  # shown as precisely as it is known: "2019-08"
                self.initial[name] = iso_fuzzy_date(
                    value, getattr(self.instance, precision, DatePrecision.DAY)
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, precision in fuzzy_date_pairs(self._meta.model):
            typed = cleaned.get(name)
            if not isinstance(typed, PreciseDate):
                continue
            chosen = cleaned.get(precision) or DatePrecision.DAY
            # The coarser of what was typed and what was chosen: "2019-08" is a month whatever the menu says.
            coarser = max(typed.precision, chosen, key=COARSENESS.index)
            cleaned[precision] = coarser
            setattr(self.instance, precision, coarser)  # for forms that do not show the precision menu
            cleaned[name] = truncate_to_precision(datetime.date(typed.year, typed.month, typed.day), coarser)
        return cleaned
