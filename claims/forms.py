from typing import Any

from django import forms
from django.forms.models import BaseInlineFormSet

from claims.models import Statement
from infkb.date_forms import FuzzyDatesMixin


class StatementForm(FuzzyDatesMixin, forms.ModelForm):
    """A statement, with the choice of occurrence for a quote that occurs more than once."""

    occurrence = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="Only if the text occurs more than once in the article: which occurrence (1 = first).",
    )

    class Meta:
        model = Statement
        fields = [
            "article",
            "speaker",
            "reported_speaker",
            "kind",
            "status",
            "text",
            "speaker_role",
            "role",
            "venue",
            "said_on",
            "said_precision",
            "events",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "role" in self.fields:
            role = self.fields["role"]
            role.queryset = role.queryset.select_related("person", "organisation")
            # Roles of different people share titles ("Secretary"): say whose, and when.
            role.label_from_instance = lambda r: f"{r.person}: {r} ({r.period_display or 'dates unknown'})"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Read by Statement.clean(), which runs after this method.
        self.instance.occurrence = cleaned.get("occurrence")
        return cleaned


class StatementInlineFormSet(BaseInlineFormSet):
    """Validates each statement against the article text as submitted, not as stored.

    Django's inline formset gives each form only the parent's id; a quote added
    in the same save as a text edit (or on a new article) must be checked
    against the text in the form.
    """

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        form.instance.article = self.instance
        return form
