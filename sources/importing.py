"""Importing source articles: one at a time (pasted or from a file) or in bulk.

An article is recognised as already stored by its URL or by the hash of its
text; importing it again changes nothing. Anything that cannot become an
article (a file that is not UTF-8 text, an empty text, a bad date, an unknown
outlet) raises ArticleImportError with a message an editor can act on, and
nothing is created.
"""

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from infkb.dates import parse_fuzzy_date
from sources.models import Article, Outlet, content_hash, unify_line_endings
from sources.signals import article_imported

TITLE_MAX_CHARS = 120
# Fields a sidecar or a JSON Lines record may give, besides the text.
ARTICLE_FIELDS = (
    "outlet",
    "url",
    "published",
    "language",
    "title",
    "original_language",
    "translation",
    "is_translation",
    "translation_note",
)


class ArticleImportError(ValueError):
    """The article cannot be imported; the message says why. Nothing was created."""


@dataclass
class ImportResult:
    label: str  # the file name or line number the article came from
    article: Article | None = None
    created: bool = False
    error: str = ""


@dataclass
class BulkImport:
    results: list[ImportResult] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportResult]:
        return [r for r in self.results if r.error]

    @property
    def created(self) -> list[ImportResult]:
        return [r for r in self.results if r.created]

    def __str__(self) -> str:
        if self.errors:
            listed = "\n".join(f"  {r.label}: {r.error}" for r in self.errors)
            count = f"{len(self.errors)} of {len(self.results)}"
            return f"Nothing imported: {count} article(s) have errors.\n{listed}"
        already = len(self.results) - len(self.created)
        return f"Imported {len(self.created)} article(s); {already} already stored."


# ---------------------------------------------------------------- reading the input


def check_size(size: int, *, name: str) -> None:
    """An error if a file of `size` bytes is larger than an import accepts (settings.IMPORT_MAX_BYTES)."""
    if size > settings.IMPORT_MAX_BYTES:
        raise ArticleImportError(
            f"{name} is {size:,} bytes: "
            f"an import accepts files of at most {settings.IMPORT_MAX_BYTES:,} bytes."
        )


def read_file(path: Path) -> bytes:
    """The bytes of the file at `path`, not read at all if it is larger than an import accepts."""
    check_size(path.stat().st_size, name=path.name)
    return path.read_bytes()


def decode_text(data: bytes, *, name: str = "the file") -> str:
    """The text of an uploaded or read file; an error if it is too large, not UTF-8 text or empty."""
    check_size(len(data), name=name)
    if b"\x00" in data:
        raise ArticleImportError(f"{name} is not a text file (it contains binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleImportError(f"{name} is not UTF-8 text. Save it as UTF-8 and import it again.") from None
    return normalize_text(text, name=name)


def normalize_text(text: str, *, name: str = "the text") -> str:
    """Line endings unified and blank margins trimmed: the text as it will be stored and hashed."""
    text = unify_line_endings(text).lstrip("\ufeff").strip()
    if not text:
        raise ArticleImportError(f"{name} is empty: an article needs its text.")
    if any(ord(char) < 32 and char not in "\n\t" for char in text):
        raise ArticleImportError(f"{name} is not plain text (it contains control characters).")
    return text


def parse_published(value: Any) -> tuple[datetime.date, str]:
    if value in (None, ""):
        raise ArticleImportError("The publication date is missing: give it as YYYY-MM-DD, YYYY-MM or YYYY.")
    try:
        published_on, precision = parse_fuzzy_date(value)
    except ValueError as error:
        raise ArticleImportError(f"Bad publication date: {error}") from None
    if published_on > timezone.localdate():  # a typo'd year; its statements would be dated after it
        raise ArticleImportError(f"Bad publication date: {value} is in the future.")
    return published_on, precision


def find_outlet(outlet: Outlet | str) -> Outlet:
    if isinstance(outlet, Outlet):
        return outlet
    name = (outlet or "").strip()
    if not name:
        raise ArticleImportError("The outlet is missing.")
    found = Outlet.objects.filter(Q(slug__iexact=name) | Q(name__iexact=name)).first()
    if found is None:
        known = ", ".join(Outlet.objects.values_list("slug", flat=True)[:20])
        raise ArticleImportError(
            f"Unknown outlet {name!r}. Add it in the admin first, or use one of: {known or 'none yet'}."
        )
    return found


def default_title(text: str) -> str:
    first_line = text.split("\n", 1)[0].strip()
    if len(first_line) <= TITLE_MAX_CHARS:
        return first_line
    return first_line[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _unique_slug(title: str) -> str:
    base = slugify(title)[:80].rstrip("-") or "article"
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def translation_kind(translation: str, is_translation: Any, original_language: str) -> str:
    """original, machine or human. The older yes/no `is_translation` (or a source language alone)
    means a machine translation, which every translation was taken to be before the kinds existed."""
    translation = (translation or "").strip().lower()
    if translation:
        if translation not in Article.Translation.values:
            choices = ", ".join(Article.Translation.values)
            raise ArticleImportError(f"translation {translation!r} is not one of: {choices}.")
        return translation
    if _as_bool(is_translation) or (original_language or "").strip():
        return Article.Translation.MACHINE
    return Article.Translation.ORIGINAL


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


# ---------------------------------------------------------------- importing


@transaction.atomic
def article_import(
    *,
    text: str,
    outlet: Outlet | str,
    published: Any,
    url: str = "",
    language: str = "en",
    title: str = "",
    original_language: str = "",
    translation: str = "",
    is_translation: bool = False,
    translation_note: str = "",
    user: Any = None,
) -> tuple[Article, bool]:
    """Store an article and announce it (its quote candidates are proposed); return (article, created).

    An article with the same URL or the same text is returned unchanged with
    created=False. The same URL with a different text is an error: the stored
    text is never silently replaced (edit it in the admin if it must change).
    """
    text = normalize_text(text)
    url = (url or "").strip()
    # The input is checked before it is recognised: a bad date is an error even for a known text.
    published_on, precision = parse_published(published)
    outlet = find_outlet(outlet)
    by_url = Article.objects.filter(url=url).first() if url else None
    by_text = Article.objects.filter(content_hash=content_hash(text)).first()
    if by_url is not None and by_url != by_text:
        raise ArticleImportError(
            f"An article with this URL is already stored (“{by_url}”) with a different text. "
            "Nothing was changed; edit that article in the admin if its text must change."
        )
    if by_text is not None:  # the same text is the same article, whatever URL it comes with
        return by_text, False
    title = (title or "").strip() or default_title(text)
    article = Article(
        outlet=outlet,
        title=title,
        slug=_unique_slug(title),
        url=url,
        published_on=published_on,
        published_precision=precision,
        language=(language or "en").strip(),
        original_language=(original_language or "").strip(),
        translation=translation_kind(translation, is_translation, original_language),
        translation_note=translation_note or "",
        text=text,
        created_by=user if getattr(user, "pk", None) else None,
    )
    try:
        article.full_clean()
    except ValidationError as error:
        problems = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
        raise ArticleImportError(f"The article is not valid: {problems}") from None
    if user is not None and getattr(user, "pk", None):
        article._history_user = user
    article.save()
    article_imported.send(sender=Article, article=article, user=user)
    return article, True


def articles_import(
    records: Iterable[tuple[str, dict[str, Any]]], *, user: Any = None, defaults: dict[str, Any] | None = None
) -> BulkImport:
    """Import many articles, all or nothing.

    `records` are (label, fields) pairs, fields holding "text" and ARTICLE_FIELDS.
    If any record has an error, every error is reported and nothing is created.
    """
    report = BulkImport()
    try:
        with transaction.atomic():
            for label, record in records:
                fields = {**(defaults or {}), **{k: v for k, v in record.items() if v not in (None, "")}}
                unknown = set(fields) - {"text", "_error", *ARTICLE_FIELDS}
                result = ImportResult(label)
                try:
                    if "_error" in record:
                        raise ArticleImportError(record["_error"])
                    if unknown:
                        raise ArticleImportError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
                    if "text" not in fields:
                        raise ArticleImportError("No text.")
                    with transaction.atomic():
                        result.article, result.created = article_import(**fields, user=user)
                except ArticleImportError as error:
                    result.error = str(error)
                report.results.append(result)
            if report.errors:
                raise _RollBack
    except _RollBack:
        for result in report.results:
            result.article, result.created = None, False
    return report


class _RollBack(Exception):
    pass


def read_jsonl(data: bytes, *, name: str = "the file") -> list[tuple[str, dict[str, Any]]]:
    """(label, fields) for each line of a JSON Lines file; each line an object with "text"."""
    content = decode_text(data, name=name)
    records = []
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        label = f"{name}, line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ArticleImportError(f"{label} is not JSON: {error.msg}.") from None
        if not isinstance(record, dict):
            raise ArticleImportError(f"{label} is not a JSON object.")
        records.append((label, record))
    return records


def read_text_files(files: dict[str, bytes]) -> list[tuple[str, dict[str, Any]]]:
    """(label, fields) for each NAME.txt, with fields from its sidecar NAME.json if there is one.

    A file that cannot be read becomes a record whose error surfaces in the import report.
    """
    records = []
    for name in sorted(files):
        if not name.endswith(".txt"):
            continue
        sidecar_name = name[: -len(".txt")] + ".json"
        record: dict[str, Any] = {}
        try:
            if sidecar_name in files:
                record = json.loads(decode_text(files[sidecar_name], name=sidecar_name))
                if not isinstance(record, dict):
                    raise ArticleImportError(f"{sidecar_name} is not a JSON object.")
            record["text"] = decode_text(files[name], name=name)
        except (ArticleImportError, json.JSONDecodeError) as error:
            record = {"_error": str(error)}
        records.append((name, record))
    return records


def read_folder(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    if not folder.is_dir():
        raise ArticleImportError(f"{folder} is not a folder.")
    files = {path.name: read_file(path) for path in folder.iterdir() if path.suffix in (".txt", ".json")}
    if not any(name.endswith(".txt") for name in files):
        raise ArticleImportError(f"{folder} holds no .txt files.")
    return read_text_files(files)


def records_from_upload(files: dict[str, bytes]) -> list[tuple[str, dict[str, Any]]]:
    """Records from uploaded files: JSON Lines files and/or .txt files with .json sidecars."""
    records = []
    for name in sorted(files):
        if name.endswith((".jsonl", ".ndjson")):
            records.extend(read_jsonl(files[name], name=name))
    records.extend(read_text_files(files))
    if not records:
        raise ArticleImportError(
            "No articles found: upload a .jsonl file or .txt files (with .json sidecars)."
        )
    return records
