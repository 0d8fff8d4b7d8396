from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.models import BaseInlineFormSet

from claims.models import Actor, Claim, QuoteCandidate, Stance, Statement
from claims.names import normalize_name
from infkb.admin_widgets import KeysOnlyAutocompleteSelect
from infkb.date_forms import FuzzyDatesMixin
from infkb.plain_text import PlainTextFormMixin


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

    def clean(self) -> None:
        """One passage, one statement: rows of this form are not stored yet, so Statement's own check
        (validate_constraints) cannot see that two of them anchor at the same place."""
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() or form.errors or self._should_delete_form(form):
                continue
            span = (form.instance.start, form.instance.end)
            if span[0] is not None and span in seen:
                form.add_error("text", "This passage is given twice in this form: keep one of them.")
            seen.add(span)


class DistinctNamesFormSet(BaseInlineFormSet):
    """Aliases or designations: two rows of one form that normalise alike ("Anna Ex", "anna  ex").

    Each row checks the stored names only (ActorAlias.clean, WeaponDesignation.clean), so both
    passed and the second save broke the unique index on the normalised name: a 500.
    """

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            name = form.cleaned_data.get("name") if form.has_changed() else None
            if not name or self._should_delete_form(form):
                continue
            normalized = normalize_name(name)
            if normalized in seen:
                form.add_error("name", f"“{name}” is given twice in this form (spacing and case aside).")
            seen.add(normalized)


# ---------------------------------------------------------------- quote candidates


class CandidateCorrectionForm(PlainTextFormMixin, forms.Form):
    """Accept a candidate with corrections: another speaker, a trimmed quote, a better role."""

    speaker = forms.ModelChoiceField(
        Actor.objects.all(),
        required=False,
        widget=KeysOnlyAutocompleteSelect(Statement._meta.get_field("speaker"), admin.site),
        help_text="Empty: the name as written becomes a new actor.",
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 100}), strip=False)
    speaker_role = forms.CharField(required=False, max_length=300)
    venue = forms.CharField(required=False, max_length=300)

    def __init__(self, *args: Any, candidate: QuoteCandidate, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "speaker": candidate.speaker_id,
                "text": candidate.text,
                "speaker_role": candidate.speaker_role,
                "venue": candidate.venue,
            },
        )
        super().__init__(*args, **kwargs)


class KnownLabelAutocomplete(AutocompleteSelect):
    """Django's admin autocomplete, rendering the preselected choice from a label already at hand.

    The stock widget looks its selected choice up with one query per form; the
    article page holds a form per candidate, and must cost the same whatever
    their number.
    """

    known_label = ""

    def optgroups(self, name: str, value: list, attrs: dict | None = None) -> list:
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        selected = [v for v in value if v not in (None, "")]
        if selected and self.known_label:
            options.append(self.create_option(name, selected[0], self.known_label, True, len(options)))
        return [(None, options, 0)]


class CandidateAcceptForm(PlainTextFormMixin, forms.Form):
    """Accept a candidate from the article's page in one go: its speaker, the claim it bears on, and how."""

    speaker = forms.ModelChoiceField(
        Actor.objects.all(),
        required=False,
        widget=KnownLabelAutocomplete(Statement._meta.get_field("speaker"), admin.site),
    )
    claim = forms.ModelChoiceField(
        Claim.objects.all(),
        required=False,
        widget=KnownLabelAutocomplete(Stance._meta.get_field("claim"), admin.site),
    )
    new_claim = forms.CharField(
        required=False,
        max_length=Claim._meta.get_field("text").max_length,
        label="or a new claim",
        widget=forms.TextInput(attrs={"size": 40, "placeholder": "a new claim, as a proposition"}),
    )
    # Not required: a bare "Accept" (no script, or an older page) means the usual case, "asserts".
    stance = forms.ChoiceField(
        choices=Stance.Kind.choices, initial=Stance.Kind.ASSERTS, widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args: Any, candidate: QuoteCandidate, **kwargs: Any) -> None:
        initial = {"speaker": candidate.speaker_id, "stance": Stance.Kind.ASSERTS}
        super().__init__(*args, prefix=f"candidate-{candidate.pk}", initial=initial, **kwargs)
        self.fields["speaker"].widget.known_label = str(candidate.speaker) if candidate.speaker_id else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("claim") and cleaned.get("new_claim"):
            raise forms.ValidationError("Choose a claim or write a new one, not both.")
        cleaned["stance"] = cleaned.get("stance") or Stance.Kind.ASSERTS
        return cleaned
