"""Texts of the knowledge base are plain: no control characters but line breaks and tabs.

They are invisible where shown and break exports; the API, the admin's forms and the
workbench's forms refuse them alike.
"""

import re
from typing import Any

from django import forms

CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTER_MESSAGE = "Contains a control character (only line breaks and tabs may be in a text)."


class PlainTextFormMixin:
    """For a form: a text field holding a control character is an error under its name."""

    def clean(self) -> Any:
        cleaned = super().clean()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, str) and CONTROL_CHARACTER.search(value):
                self.add_error(
                    name, forms.ValidationError(CONTROL_CHARACTER_MESSAGE, code="control_character")
                )
        return cleaned
