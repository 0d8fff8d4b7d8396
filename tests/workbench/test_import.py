"""Importing source articles: once, from a command, the admin or in bulk; nonsense is refused."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import QuoteCandidate
from sources.importing import ArticleImportError, article_import
from sources.models import Article

TEXT = (
    "Kremlin spokesman Dmitry Peskov said on Monday that Moscow had received no proposal.\n\n"
    "“We have seen nothing on paper,” Peskov told reporters.\n\n"
    "“We are ready to talk, but nobody has called us,” he added."
)
URL = "https://example.org/peskov-nothing-on-paper"


def import_peskov(**overrides):
    fields = {"text": TEXT, "outlet": "rt", "url": URL, "published": "2019-08-05", "language": "en"}
    return article_import(**{**fields, **overrides})


def snapshot() -> tuple[int, int, int]:
    return Article.objects.count(), Article.history.count(), QuoteCandidate.objects.count()


@pytest.mark.django_db
def test_importing_an_article_stores_it_and_proposes_its_quotes(corpus):
    article, created = import_peskov()

    assert created
    assert article.text == TEXT and article.outlet.slug == "rt"
    assert (
        article.title
        == "Kremlin spokesman Dmitry Peskov said on Monday that Moscow had received no proposal."
    )
    assert article.published_display == "5 August 2019"
    assert {c.text for c in article.candidates.all()} == {
        "We have seen nothing on paper",
        "We are ready to talk, but nobody has called us",
    }


@pytest.mark.django_db
def test_importing_the_same_article_again_by_its_url_changes_nothing(corpus):
    first, _ = import_peskov()
    before = snapshot()

    again, created = import_peskov(title="Another title", published="2020-01-01")

    assert not created and again == first
    assert snapshot() == before
    assert Article.objects.get(pk=first.pk).title == first.title


@pytest.mark.django_db
def test_importing_the_same_text_under_another_url_or_with_other_line_endings_changes_nothing(corpus):
    first, _ = import_peskov()
    before = snapshot()

    again, created = import_peskov(url="https://mirror.example.org/x", text=TEXT.replace("\n", "\r\n") + "\n")

    assert not created and again == first
    assert snapshot() == before


@pytest.mark.django_db
def test_the_same_url_with_another_text_is_refused_and_the_stored_text_is_kept(corpus):
    first, _ = import_peskov()
    before = snapshot()

    with pytest.raises(ArticleImportError, match="already stored .* with a different text"):
        import_peskov(text=TEXT + " Extra.")

    assert snapshot() == before
    assert Article.objects.get(pk=first.pk).text == TEXT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "  \n\n "}, "empty"),
        ({"published": "23/11/2018"}, "Bad publication date"),
        ({"published": "2018-02-30"}, "not a valid date"),
        ({"published": ""}, "publication date is missing"),
        ({"outlet": "no-such-outlet"}, "Unknown outlet"),
        ({"url": "not a url"}, "url"),
        ({"published": "2099-01-01"}, "in the future"),  # was stored, its statements dated after it
        ({"published": "2099"}, "in the future"),
    ],
    ids=[
        "empty",
        "bad-format",
        "impossible-date",
        "no-date",
        "unknown-outlet",
        "bad-url",
        "future",
        "future-year",
    ],
)
def test_an_article_that_cannot_be_imported_is_a_clear_error_and_creates_nothing(corpus, overrides, message):
    before = snapshot()

    with pytest.raises(ArticleImportError, match=message):
        import_peskov(**overrides)

    assert snapshot() == before


# ---------------------------------------------------------------- the commands


def run(command: str, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_imports_an_article_once_and_a_second_run_changes_nothing(corpus, tmp_path):
    path = tmp_path / "peskov.txt"
    path.write_text(TEXT, encoding="utf-8")
    args = [str(path), "--outlet", "RT", "--url", URL, "--published", "2019-08-05", "--language", "en"]

    first = run("import_article", *args)
    before = snapshot()
    second = run("import_article", *args)

    assert "Imported" in first and "2 quote candidate(s)" in first
    assert "nothing changed" in second
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "published", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "2019-08-05", "not a text file"),
        (b"\xff\xfe\xfa broken", "2019-08-05", "not UTF-8 text"),
        (b"", "2019-08-05", "empty"),
        (b"\n  \n", "2019-08-05", "empty"),
        (TEXT.encode(), "yesterday", "Bad publication date"),
    ],
    ids=["binary", "not-utf8", "empty", "blank", "bad-date"],
)
def test_the_command_refuses_nonsense_with_a_clear_error_and_creates_nothing(
    corpus, tmp_path, content, published, message
):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    before = snapshot()

    with pytest.raises(CommandError, match=message):
        run("import_article", str(path), "--outlet", "rt", "--url", URL, "--published", published)

    assert snapshot() == before


def write_jsonl(path, records) -> None:
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")


@pytest.mark.django_db
def test_a_json_lines_file_is_imported_in_bulk_and_importing_it_again_changes_nothing(corpus, tmp_path):
    path = tmp_path / "articles.jsonl"
    write_jsonl(
        path,
        [
            {"text": TEXT, "url": URL, "published": "2019-08-05", "title": "Peskov"},
            {"text": "“Nothing new,” Lavrov said.", "url": "https://example.org/2", "published": "2019-09"},
        ],
    )

    first = run("import_articles", str(path), "--outlet", "rt")
    before = snapshot()
    second = run("import_articles", str(path), "--outlet", "rt")

    assert "Imported 2 article(s)" in first
    assert "Imported 0 article(s); 2 already stored" in second
    assert snapshot() == before
    assert Article.objects.get(url="https://example.org/2").published_display == "September 2019"


@pytest.mark.django_db
def test_a_folder_of_text_files_with_sidecars_is_imported_in_bulk(corpus, tmp_path):
    (tmp_path / "peskov.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "peskov.json").write_text(
        json.dumps({"url": URL, "published": "2019-08-05"}), encoding="utf-8"
    )
    (tmp_path / "lavrov.txt").write_text("“Nothing new,” Lavrov said.", encoding="utf-8")

    output = run("import_articles", str(tmp_path), "--outlet", "rt", "--published", "2019")

    assert "Imported 2 article(s)" in output
    assert Article.objects.get(url=URL).published_display == "5 August 2019"
    assert Article.objects.get(text__startswith="“Nothing new").published_display == "2019"


@pytest.mark.django_db
def test_a_bulk_import_with_one_bad_article_lists_the_errors_and_imports_nothing(corpus, tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "late.txt").write_text("Another text.", encoding="utf-8")
    (tmp_path / "late.json").write_text(json.dumps({"published": "2019-13-01"}), encoding="utf-8")
    before = snapshot()

    with pytest.raises(CommandError) as raised:
        run("import_articles", str(tmp_path), "--outlet", "rt", "--published", "2019-08-05")

    message = str(raised.value)
    assert "Nothing imported: 3 of 4" in message
    assert "empty.txt" in message and "binary.txt" in message and "late.txt" in message
    assert snapshot() == before


# ---------------------------------------------------------------- the admin


@pytest.mark.django_db
def test_an_editor_imports_an_article_by_pasting_its_text_in_the_admin(
    desk_editor_client, desk_editor, corpus
):
    rt = Article.objects.first().outlet
    form = {"text": TEXT, "outlet": rt.pk, "url": URL, "published": "2019-08-05", "language": "en"}

    response = desk_editor_client.post(reverse("admin:sources_article_import"), form)
    again = desk_editor_client.post(reverse("admin:sources_article_import"), form, follow=True)

    article = Article.objects.get(url=URL)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("admin:sources_article_change", args=[article.pk])
    )
    assert article.created_by == desk_editor
    assert article.history.get().history_user == desk_editor
    assert "already stored" in again.text
    assert Article.objects.filter(url=URL).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "published", "message"),
    [
        (b"\x00\x00binary", "2019-08-05", "not a text file"),
        (b"", "2019-08-05", "empty"),
        (TEXT.encode(), "5 August", "Bad publication date"),
    ],
    ids=["binary", "empty", "bad-date"],
)
def test_the_admin_import_form_refuses_nonsense_with_a_clear_error(
    desk_editor_client, corpus, upload, published, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = snapshot()
    response = desk_editor_client.post(
        reverse("admin:sources_article_import"),
        {
            "file": SimpleUploadedFile("article.txt", upload),
            "outlet": Article.objects.first().outlet_id,
            "published": published,
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert message in response.text
    assert snapshot() == before


@pytest.mark.django_db
def test_the_admin_bulk_form_imports_a_json_lines_upload(desk_editor_client, corpus):
    from django.core.files.uploadedfile import SimpleUploadedFile

    lines = "\n".join(
        json.dumps({"text": t, "published": "2019-08"}) for t in (TEXT, "“Nothing,” Lavrov said.")
    )
    response = desk_editor_client.post(
        reverse("admin:sources_article_import_bulk"),
        {
            "files": [SimpleUploadedFile("articles.jsonl", lines.encode())],
            "outlet": Article.objects.first().outlet_id,
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert "Imported 2 article(s)" in response.text
    assert Article.objects.filter(published_on="2019-08-01", published_precision="month").count() == 2


@pytest.mark.django_db
def test_the_article_list_links_to_the_import_forms(desk_editor_client, corpus):
    response = desk_editor_client.get(reverse("admin:sources_article_changelist"))

    assert reverse("admin:sources_article_import") in response.text
    assert reverse("admin:sources_article_import_bulk") in response.text


@pytest.mark.django_db
def test_a_bad_date_is_refused_even_for_a_text_already_stored(corpus):
    from sources.importing import ArticleImportError, article_import
    from sources.models import Article

    stored = Article.objects.order_by("pk").first()
    with pytest.raises(ArticleImportError):
        article_import(text=stored.text, outlet=stored.outlet, published="99999", url=stored.url)
