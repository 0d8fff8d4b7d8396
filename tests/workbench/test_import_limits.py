"""Imports are bounded: a file too large, or a text too large to be searched, is refused clearly."""

import itertools
import json
import string

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from claims.models import QuoteCandidate
from sources.importing import ArticleImportError, article_import
from sources.models import ARTICLE_MAX_BYTES, Article

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[int, int, int]:
    return Article.objects.count(), Article.history.count(), QuoteCandidate.objects.count()


def prose(size: int) -> bytes:
    """Ordinary text of `size` bytes."""
    sentence = b"Moscow said the missile never flew beyond the range the treaty allows. "
    return (sentence * (size // len(sentence) + 1))[:size]


def many_different_words(count: int) -> str:
    """`count` different made-up words: a text whose tsvector is larger than the text itself."""
    letters = itertools.product(string.ascii_lowercase, repeat=4)
    return " ".join("q" + "".join(word) for word in itertools.islice(letters, count))


def test_the_admin_refuses_an_upload_larger_than_the_cap_without_reading_it(
    desk_editor_client, corpus, settings
):
    settings.IMPORT_MAX_BYTES = 1000
    before = snapshot()
    response = desk_editor_client.post(
        reverse("admin:sources_article_import"),
        {
            "file": SimpleUploadedFile("big.txt", prose(1001)),
            "outlet": Article.objects.first().outlet_id,
            "published": "2019-08-05",
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert "big.txt is 1,001 bytes: an import accepts files of at most 1,000 bytes." in response.text
    assert snapshot() == before


def test_a_20_mb_upload_is_a_form_error_not_a_server_error(desk_editor_client, corpus):
    before = snapshot()
    response = desk_editor_client.post(
        reverse("admin:sources_article_import"),
        {
            "file": SimpleUploadedFile("huge.txt", prose(20 * 1024 * 1024)),
            "outlet": Article.objects.first().outlet_id,
            "published": "2019-08-05",
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert "an import accepts files of at most" in response.text
    assert snapshot() == before


def test_the_bulk_form_names_the_file_too_large(desk_editor_client, corpus, settings):
    settings.IMPORT_MAX_BYTES = 1000
    before = snapshot()
    response = desk_editor_client.post(
        reverse("admin:sources_article_import_bulk"),
        {
            "files": [
                SimpleUploadedFile("small.txt", prose(100)),
                SimpleUploadedFile("large.txt", prose(5000)),
            ],
            "outlet": Article.objects.first().outlet_id,
            "published": "2019-08-05",
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert "large.txt is 5,000 bytes" in response.text
    assert snapshot() == before


def test_the_commands_refuse_a_file_larger_than_the_cap(tmp_path, corpus, settings):
    settings.IMPORT_MAX_BYTES = 1000
    text = tmp_path / "big.txt"
    text.write_bytes(prose(2000))
    lines = tmp_path / "big.jsonl"
    lines.write_text(json.dumps({"text": prose(2000).decode(), "outlet": "rt", "published": "2019"}))
    before = snapshot()

    with pytest.raises(CommandError, match="big.txt is 2,000 bytes"):
        call_command("import_article", str(text), "--outlet", "rt", "--published", "2019-08-05")
    with pytest.raises(CommandError, match="big.jsonl is 2,0"):
        call_command("import_articles", str(lines))
    with pytest.raises(CommandError, match="big.txt is 2,000 bytes"):
        call_command("import_articles", str(tmp_path), "--outlet", "rt", "--published", "2019")
    assert snapshot() == before


def test_an_article_text_larger_than_an_article_may_be_is_refused(corpus):
    before = snapshot()

    with pytest.raises(ArticleImportError, match=f"at most {ARTICLE_MAX_BYTES:,}"):
        article_import(text=prose(ARTICLE_MAX_BYTES + 1).decode(), outlet="rt", published="2019")
    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL limits a tsvector")
def test_a_text_too_varied_for_the_search_index_is_refused_not_a_server_error(corpus):
    text = many_different_words(150_000)  # 900 kB: under the size cap, a 2 MB tsvector
    assert len(text.encode()) < ARTICLE_MAX_BYTES
    before = snapshot()

    with pytest.raises(ArticleImportError, match="too many different words for the search index"):
        article_import(text=text, outlet="rt", published="2019")
    assert snapshot() == before


def test_the_api_refuses_an_article_text_too_large_with_a_400(corpus, settings):
    from django.contrib.auth.models import Permission, User
    from rest_framework.test import APIClient

    user = User.objects.create_user("importer", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="sources"))
    client = APIClient()
    client.force_authenticate(user)
    outlet = Article.objects.first().outlet
    before = snapshot()

    response = client.post(
        "/api/v1/articles/",
        {
            "title": "Big",
            "slug": "big",
            "outlet": outlet.pk,
            "published_on": "2019-01-01",
            "text": prose(ARTICLE_MAX_BYTES + 10).decode(),
        },
        format="json",
    )

    assert response.status_code == 400 and "text" in response.json()
    assert snapshot() == before
