"""Hostile bodies to the API's writes: a clear 400 that changes nothing, or, if valid, kept as sent."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import DESCRIPTION_MAX_CHARS, Actor, Claim
from sources.models import Article

pytestmark = pytest.mark.django_db

URL = "/api/v1/claims/"


def state() -> tuple:
    """What a refused write must leave as it was."""
    return Claim.objects.count(), Claim.history.count(), Actor.objects.count(), Article.objects.count()


def test_malformed_json_is_a_400_that_changes_nothing(editor_api, corpus):
    before = state()
    response = editor_api.post(URL, '{"text": "Russia lies", "slug": ', content_type="application/json")

    assert response.status_code == 400 and "JSON parse error" in response.json()["detail"]
    assert state() == before


@pytest.mark.parametrize(
    "body",
    [
        {"text": ["a", "list"], "slug": "x"},
        {"text": {"an": "object"}, "slug": "x"},
        {"text": "Fine", "slug": 12.5},
        {"text": "Fine", "slug": "fine", "weapon_systems": "not-a-list"},
        ["not", "an", "object"],
        {"text": "x" * 501, "slug": "too-long"},
        {"text": "Fine", "slug": "fine", "description": "d" * (DESCRIPTION_MAX_CHARS + 1)},
        {"text": "A bell\x07 in a claim", "slug": "bell"},
    ],
    ids=[
        "list",
        "object",
        "float-slug",
        "m2m-string",
        "array-body",
        "overlong",
        "long-description",
        "control",
    ],
)
def test_wrong_types_overlong_strings_and_control_characters_are_400s_naming_the_field(
    editor_api, corpus, body
):
    before = state()
    response = editor_api.post(URL, body, format="json")

    assert response.status_code == 400, response.content
    assert response.json()  # says what is wrong
    assert state() == before


def test_right_to_left_text_and_emoji_are_kept_as_sent(editor_api, corpus):
    text = "Россия нарушает договор — ‏الصواريخ‏ 🚀 noted"
    response = editor_api.post(URL, {"text": text, "slug": "rtl-emoji"}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["text"] == text
    assert Claim.objects.get(slug="rtl-emoji").text == text


def test_markup_in_every_text_field_is_stored_as_sent_and_shown_escaped(editor_api, client, corpus):
    script = "<script>alert(1)</script>"
    response = editor_api.post(
        URL,
        {"text": f"Claim {script}", "slug": "markup", "description": f"Why {script}", "status": "published"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Claim.objects.get(slug="markup").description == f"Why {script}"

    page = client.get(reverse("claim-detail", kwargs={"slug": "markup"}))
    assert page.status_code == 200
    assert script not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_a_file_name_with_a_path_is_only_a_label_and_writes_nothing_outside(
    editor_client, corpus, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    response = editor_client.post(
        reverse("admin:sources_article_import_bulk"),
        {
            "files": [SimpleUploadedFile("../../evil.txt", "“Nothing,” Lavrov said.".encode())],
            "outlet": Article.objects.first().outlet_id,
            "published": "2019-08-05",
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert "Imported 1 article(s)" in response.text
    assert "../" not in response.text.split("Imported", 1)[1][:200]
    assert not list(tmp_path.parent.parent.glob("evil.txt")) and not list(tmp_path.rglob("*"))
