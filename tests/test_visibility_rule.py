"""One visibility rule: a record is public when it and the records it joins are published.

A published stance or relation that joins a draft is as hidden as a draft: every route (pages, API
lists and details, filters, search, exports, the graph, the counters) reads through
`ReviewableQuerySet.published()` / `visible_to()` / `published_q()` (infkb/provenance.py), and no
read module writes the clause out itself.
"""

import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim, ClaimRelation, Stance, Statement
from infkb.provenance import ReviewStatus
from tests.api.test_unreviewed_records import API_LISTS, MARK, QUERY, drafts  # noqa: F401  (the fixture)

PUBLISHED = ReviewStatus.PUBLISHED
ROOT = "russia-violates-inf-treaty"
ROOT_DIR = Path(__file__).resolve().parent.parent
# The modules that read records for readers: none may spell out what "published" means.
READ_MODULES = [
    "claims/views.py",
    "claims/api.py",
    "claims/filters.py",
    "claims/graph.py",
    "claims/models.py",
    "claims/search.py",
    "claims/counters.py",
    "claims/formats",
    "claims/article_views.py",
    "sources/api.py",
    "sources/filters.py",
    "infkb/api.py",
    "infkb/viewsets.py",
]
SPELLED_OUT_RULE = re.compile(r"""__status\s*=|\bstatus\s*=\s*(ReviewStatus\.PUBLISHED|["']published["'])""")


@pytest.fixture
def published_links_to_drafts(corpus, drafts):  # noqa: F811
    """Published stances and relations whose other end is a draft, beside the drafts of every model."""
    root = Claim.objects.get(slug=ROOT)
    quoted = Statement.objects.published().filter(stances__claim=root).order_by("pk").first()
    counts_before = (root.asserting_count, root.denying_count, root.mentioning_count)
    # A published stance of a draft statement on a published claim, and the reverse.
    Stance.objects.create(statement=drafts["statement"], claim=root, stance="denies", status=PUBLISHED)
    Stance.objects.create(statement=quoted, claim=drafts["claim"], stance="asserts", status=PUBLISHED)
    # Published relations between a published claim and a draft one, both ways.
    ClaimRelation.objects.create(source=root, kind="supports", target=drafts["claim"], status=PUBLISHED)
    ClaimRelation.objects.create(source=drafts["claim"], kind="counters", target=root, status=PUBLISHED)
    return {**drafts, "root": root, "quoted": quoted, "counts_before": counts_before}


def routes(records: dict) -> list[str]:
    root, quoted = records["root"], records["quoted"]
    speaker, article = quoted.speaker, quoted.article
    weapon = root.weapon_systems.order_by("pk").first()
    api = [reverse(f"api:{name}-list") for name in API_LISTS]
    return [
        # Pages.
        reverse("home"),
        reverse("actor-list"),
        speaker.get_absolute_url(),
        reverse("claim-list"),
        f"{reverse('claim-list')}?actor={speaker.slug}",
        root.get_absolute_url(),
        reverse("article-list"),
        article.get_absolute_url(),
        reverse("weapon-list"),
        weapon.get_absolute_url(),
        reverse("timeline"),
        f"{reverse('timeline')}?actor={speaker.slug}",
        f"{reverse('search')}?q={QUERY}",
        # API lists, their formats and exports, and details.
        *api,
        *(f"{url}?format={fmt}" for url in api for fmt in ("csv", "jsonl")),
        *(reverse(f"api:{name}-export", args=["csv"]) for name in API_LISTS),
        reverse("api:claim-detail", args=[root.pk]),
        reverse("api:statement-detail", args=[quoted.pk]),
        reverse("api:actor-detail", args=[speaker.pk]),
        # Filters.
        f"{reverse('api:claim-list')}?related_to={root.pk}",
        f"{reverse('api:claim-list')}?asserted_by={speaker.pk}",
        f"{reverse('api:claim-list')}?weapon_system={weapon.pk}",
        f"{reverse('api:statement-list')}?claim={root.pk}",
        f"{reverse('api:statement-list')}?weapon_system={weapon.pk}",
        f"{reverse('api:claimrelation-list')}?kind=supports",
        # Search.
        f"{reverse('api:search')}?q={QUERY}",
        *(f"{reverse(f'api:{name}-list')}?q={QUERY}" for name in ["actor", "article", "statement", "claim"]),
        # The graph and the formats for other tools.
        reverse("api:claim-graph", args=[root.pk]) + "?depth=3",
        f"/api/v1/claims/{root.pk}/aif/?depth=3",
        f"/api/v1/claims/{root.pk}/jsonld/",
        f"{reverse('api:annotations')}?after=0&page_size=500",
    ]


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_no_route_shows_a_draft_or_a_published_link_to_one(published_links_to_drafts):
    client = APIClient()
    for url in routes(published_links_to_drafts):
        assert MARK.encode() not in body(client.get(url)), f"a draft leaks at {url}"


@pytest.mark.django_db
def test_the_exported_files_hold_no_draft_nor_a_link_to_one(published_links_to_drafts, tmp_path):
    call_command("export_sqlite", str(tmp_path / "infkb.db"), stdout=io.StringIO())
    call_command("export_aif", str(tmp_path / "corpus.json"), stdout=io.StringIO())

    connection = sqlite3.connect(tmp_path / "infkb.db")
    draft_claim = published_links_to_drafts["claim"].pk
    assert not connection.execute("SELECT 1 FROM stances WHERE claim_id = ?", [draft_claim]).fetchall()
    assert not connection.execute(
        "SELECT 1 FROM claim_relations WHERE source_id = ? OR target_id = ?", [draft_claim, draft_claim]
    ).fetchall()
    assert MARK not in (tmp_path / "corpus.json").read_text()
    assert json.loads((tmp_path / "corpus.json").read_text())["nodes"]


@pytest.mark.django_db
def test_the_counters_count_only_what_readers_see(published_links_to_drafts):
    root = Claim.objects.get(pk=published_links_to_drafts["root"].pk)

    assert (root.asserting_count, root.denying_count, root.mentioning_count) == published_links_to_drafts[
        "counts_before"
    ]
    shown = APIClient().get(reverse("api:claim-detail", args=[root.pk])).json()
    assert shown["n_denying"] == published_links_to_drafts["counts_before"][1]


@pytest.mark.django_db
def test_editors_see_the_drafts_the_rule_hides_from_readers(published_links_to_drafts, editor):
    client = APIClient()
    client.force_authenticate(editor)
    relations = client.get(reverse("api:claimrelation-list"), {"kind": "supports", "page_size": 500}).json()

    assert published_links_to_drafts["claim"].pk in [row["target"] for row in relations["results"]]


# The mark of a line that names the published status but reads nothing for readers.
WRITE_SIDE = "not a read:"


@pytest.mark.parametrize("module", READ_MODULES)
def test_no_read_module_spells_out_the_rule(module):
    paths = sorted((ROOT_DIR / module).rglob("*.py")) if (ROOT_DIR / module).is_dir() else [ROOT_DIR / module]
    for path in paths:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if WRITE_SIDE in line:  # an index's condition, a bulk recount: not a reader's query
                continue
            assert not SPELLED_OUT_RULE.search(line), (
                f"{path.name}:{number} writes the rule out: {line.strip()}"
            )
