"""A change form draws a bounded number of inline rows: past the bound, they are edited in their list."""

import pytest
from django.contrib import admin
from django.urls import reverse

from claims.models import Claim
from tests.factories import ClaimFactory, StanceFactory
from tests.workbench.conftest import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def bound(monkeypatch):
    monkeypatch.setattr(admin.site._registry[Claim], "max_inline_rows", 3)
    return 3


def test_a_claim_with_more_stances_than_the_bound_links_to_them_instead(editor_client, bound):
    popular, quiet = ClaimFactory(status="draft"), ClaimFactory(status="draft")
    for _ in range(bound + 1):
        StanceFactory(claim=popular)
    StanceFactory(claim=quiet)

    crowded = editor_client.get(reverse("admin:claims_claim_change", args=[popular.pk]))
    small = editor_client.get(reverse("admin:claims_claim_change", args=[quiet.pk]))

    assert crowded.status_code == 200
    assert 'name="stances-TOTAL_FORMS"' not in crowded.text
    listed = f"/admin/claims/stance/?claim__id__exact={popular.pk}"
    assert f"has more than {bound} stances" in crowded.text and listed in crowded.text
    assert 'name="stances-TOTAL_FORMS"' in small.text and "has more than" not in small.text
    stances = editor_client.get(listed)
    assert stances.status_code == 200 and f"{bound + 1} stances" in stances.text


def test_saving_a_claim_whose_stances_are_not_shown_keeps_them(editor_client, bound):
    claim = ClaimFactory(status="draft", text="Before")
    for _ in range(bound + 1):
        StanceFactory(claim=claim)
    page = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    data = {**change_form_data(page), "text": "After"}

    saved = editor_client.post(reverse("admin:claims_claim_change", args=[claim.pk]), data)

    assert saved.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "After" and claim.stances.count() == bound + 1
