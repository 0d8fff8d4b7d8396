"""The editors' forms for importing articles (the candidates' forms are in claims/forms.py)."""

from typing import Any

from django import forms

from sources.importing import ArticleImportError, check_size, decode_text, parse_published
from sources.models import Article, Outlet


class ArticleImportForm(forms.Form):
    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text="Paste the article's full text, or upload it as a file below.",
    )
    file = forms.FileField(required=False, help_text="A UTF-8 text file (.txt).")
    outlet = forms.ModelChoiceField(Outlet.objects.all())
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https")
    published = forms.CharField(
        max_length=10, help_text="YYYY-MM-DD, or YYYY-MM or YYYY if only that is known."
    )
    title = forms.CharField(required=False, max_length=500, help_text="Empty: the first line of the text.")
    language = forms.CharField(max_length=12, initial="en")
    original_language = forms.CharField(
        required=False,
        max_length=12,
        help_text="If the text is a translation: the language it was written in.",
    )
    translation = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Original (machine translation if a source language is given)"),
            *Article.Translation.choices,
        ],
        help_text="Whether the text is the original or a translation, and by machine or by a person.",
    )
    translation_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 100}))

    def clean_published(self) -> str:
        value = self.cleaned_data["published"]
        try:
            parse_published(value)
        except ArticleImportError as error:
            raise forms.ValidationError(str(error)) from None
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            try:
                check_size(upload.size, name=upload.name)  # before reading it into memory
                cleaned["text"] = decode_text(upload.read(), name=upload.name)
            except ArticleImportError as error:
                self.add_error("file", str(error))
        elif not (cleaned.get("text") or "").strip():
            self.add_error("text", "Paste the article's text here, or upload it as a file.")
        return cleaned

    def article_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "file"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class BulkImportForm(forms.Form):
    files = MultipleFileField(
        required=False,
        help_text="A JSON Lines file (one article per line: text, outlet, url, published, language, title…), "
        "or .txt files, each with an optional .json sidecar of the same name holding its fields.",
    )
    folder = MultipleFileField(
        required=False,
        widget=MultipleFileInput(attrs={"webkitdirectory": True}),
        help_text="Or a whole folder of .txt files (with their .json sidecars).",
    )
    outlet = forms.ModelChoiceField(
        Outlet.objects.all(), required=False, help_text="For articles that do not name their outlet."
    )
    published = forms.CharField(
        required=False, max_length=10, help_text="For articles that do not give their date (YYYY-MM-DD)."
    )
    language = forms.CharField(max_length=12, initial="en", help_text="For articles that do not give it.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("files") and not cleaned.get("folder"):
            self.add_error("files", "Choose a JSON Lines file, some .txt files or a folder.")
        for field in ("files", "folder"):
            for upload in cleaned.get(field) or []:
                try:
                    check_size(upload.size, name=upload.name)
                except ArticleImportError as error:
                    self.add_error(field, str(error))
        return cleaned

    def uploaded(self) -> dict[str, bytes]:
        return {f.name: f.read() for f in [*self.cleaned_data["files"], *self.cleaned_data["folder"]]}

    def defaults(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("outlet", "published", "language")
            if self.cleaned_data[name]
        }
