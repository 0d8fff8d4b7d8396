"""Related lists read in the record's own query (infkb/json_rows.py), their SQL compiled once."""

from django.db.models import F

from claims.models import Claim, Statement
from infkb.json_rows import related_list
from tests.factories import ClaimFactory, StanceFactory


def weapons_of_each_claim():
    links = Claim.weapon_systems.through.objects.all()
    return Claim.objects.values("pk", weapons=related_list(links, "claim", F("weaponsystem_id")))


def test_a_list_query_reused_inside_another_reads_its_own_rows(corpus):
    """The list's subquery SQL, once compiled for the list, is not reused where its aliases differ."""
    rows = weapons_of_each_claim()
    armed = {row["pk"] for row in rows if row["weapons"]}  # compiled at the top level first
    armed_only = rows.filter(weapons__isnull=False).values("pk")
    unarmed_claim = ClaimFactory()
    about_armed, about_unarmed = StanceFactory(claim_id=min(armed)), StanceFactory(claim=unarmed_claim)

    statements = set(Statement.objects.filter(stances__claim__in=armed_only).values_list("pk", flat=True))

    assert about_armed.statement_id in statements
    assert about_unarmed.statement_id not in statements
    assert set(armed_only.values_list("pk", flat=True)) == armed
