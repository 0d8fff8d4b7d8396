"""No draft reaches any export format, whoever asks (the drafts of tests/api/test_unreviewed_records.py)."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim
from tests.api.test_unreviewed_records import API_LISTS, MARK, drafts  # noqa: F401  (the fixture)

ROOT = "russia-violates-inf-treaty"


@pytest.fixture
def drafts_on_a_published_claim(drafts):  # noqa: F811
    """The draft statement also takes a draft stance on a published claim, and counters it by a draft."""
    from claims.models import ClaimRelation, Stance

    root = Claim.objects.get(slug=ROOT)
    Stance.objects.create(statement=drafts["statement"], claim=root, stance="denies")
    ClaimRelation.objects.create(source=drafts["claim"], kind="counters", target=root)
    return drafts


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_no_draft_in_csv_jsonl_annotations_aif_or_json_ld(corpus, drafts_on_a_published_claim, editor):
    root = Claim.objects.get(slug=ROOT)
    anonymous, signed_in = APIClient(), APIClient()
    signed_in.force_authenticate(editor)
    urls = [
        *(f"{reverse(f'api:{name}-list')}?format={fmt}" for name in API_LISTS for fmt in ("csv", "jsonl")),
        f"{reverse('api:annotations')}?after=0&page_size=500",
        f"/api/v1/claims/{root.pk}/aif/?depth=3",
        f"/api/v1/claims/{root.pk}/jsonld/",
        root.get_absolute_url(),
    ]
    for url in urls:
        assert MARK.encode() not in body(anonymous.get(url)), f"a draft leaks at {url}"
    # The formats for other tools carry published records only, even for an editor.
    for url in urls[-4:]:
        assert MARK.encode() not in body(signed_in.get(url)), f"a draft leaks to an editor at {url}"


@pytest.mark.django_db
def test_no_draft_in_the_whole_corpus_aif(corpus, drafts_on_a_published_claim, tmp_path):
    path = tmp_path / "corpus.json"

    call_command("export_aif", str(path), stdout=io.StringIO())

    assert MARK not in path.read_text()
    assert json.loads(path.read_text())["nodes"]
