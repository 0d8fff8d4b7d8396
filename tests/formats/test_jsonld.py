"""schema.org Claim JSON-LD: on each claim's page and at /api/v1/claims/{id}/jsonld/."""

import json
import re

from claims.models import Claim, Stance, Statement
from tests.api.conftest import THROTTLE_QUERIES  # the anonymous rate limit's own queries

# The part of the schema.org vocabulary the JSON-LD uses: each type with its parent type, each
# property with the types it is defined on (its domain), as schema.org publishes them:
# https://schema.org/Claim, https://schema.org/Quotation, https://schema.org/NewsArticle,
# https://schema.org/CreativeWork, https://schema.org/Person, https://schema.org/Organization,
# https://schema.org/GovernmentOrganization, https://schema.org/Thing.
TYPES = {
    "Thing": None,
    "CreativeWork": "Thing",
    "Claim": "CreativeWork",
    "Quotation": "CreativeWork",
    "Article": "CreativeWork",
    "NewsArticle": "Article",
    "Person": "Thing",
    "Organization": "Thing",
    "GovernmentOrganization": "Organization",
}
PROPERTIES = {
    "name": "Thing",
    "url": "Thing",
    "description": "Thing",
    "sameAs": "Thing",
    "text": "CreativeWork",
    "about": "CreativeWork",
    "creator": "CreativeWork",
    "dateCreated": "CreativeWork",
    "dateModified": "CreativeWork",
    "datePublished": "CreativeWork",
    "headline": "CreativeWork",
    "inLanguage": "CreativeWork",
    "isBasedOn": "CreativeWork",
    "mentions": "CreativeWork",
    "translationOfWork": "CreativeWork",
    "publisher": "CreativeWork",
    "appearance": "Claim",
    "firstAppearance": "Claim",
    "spokenByCharacter": "Quotation",
}
# What this knowledge base promises its readers in each (schema.org itself requires nothing).
REQUIRED = {
    "Claim": {"text", "url", "appearance", "dateCreated"},
    "Quotation": {"text", "spokenByCharacter", "creator", "isBasedOn"},
    "NewsArticle": {"headline", "url", "datePublished"},
}
ROOT = "russia-violates-inf-treaty"


def streamed(response) -> dict:
    """The JSON of a streamed response (the API writes a claim's JSON-LD as it reads it)."""
    assert response.status_code == 200 and response.streaming
    return json.loads(b"".join(response.streaming_content))


def ancestors(kind: str) -> set[str]:
    found = set()
    while kind:
        found.add(kind)
        kind = TYPES[kind]
    return found


def check_vocabulary(node: dict) -> list[str]:
    """Every @type and property of `node` and what it holds, checked against TYPES and PROPERTIES."""
    assert node["@type"] in TYPES, node["@type"]
    lineage = ancestors(node["@type"])
    assert REQUIRED.get(node["@type"], set()) <= set(node), node["@type"]
    seen = [node["@type"]]
    for key, value in node.items():
        if key.startswith("@"):
            continue
        assert PROPERTIES.get(key) in lineage, f"{key} is not a property of {node['@type']}"
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                seen += check_vocabulary(item)
    return seen


def test_the_api_gives_the_claim_with_every_published_statement_as_a_quotation(api, corpus):
    claim = Claim.objects.get(slug=ROOT)

    response = api.get(f"/api/v1/claims/{claim.pk}/jsonld/", HTTP_ACCEPT="application/ld+json")

    assert response["Content-Type"] == "application/ld+json"
    data = streamed(response)
    assert data["@context"] == "https://schema.org"
    types = check_vocabulary(data)
    assert {"Claim", "Quotation", "NewsArticle", "Person", "Organization"} <= set(types)
    published = Stance.objects.published().filter(claim=claim, statement__in=Statement.objects.published())
    assert sorted(q["text"] for q in data["appearance"]) == sorted(s.statement.text for s in published)
    assert {"Asserts the claim.", "Denies the claim."} <= {q["description"] for q in data["appearance"]}


def test_the_claim_page_embeds_the_json_ld_of_the_statements_it_lists(client, api, corpus):
    claim = Claim.objects.get(slug=ROOT)

    html = client.get(claim.get_absolute_url()).content.decode()

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.DOTALL)
    assert len(blocks) == 1
    embedded = json.loads(blocks[0])
    full = streamed(api.get(f"/api/v1/claims/{claim.pk}/jsonld/"))
    # The page lists every statement of this small claim: the same quotations, in the same order,
    # but no firstAppearance (the page of a big claim lists a page of each side, not the first one).
    assert embedded["appearance"] == full["appearance"]
    assert "firstAppearance" in full
    assert embedded == {key: value for key, value in full.items() if key != "firstAppearance"}


def test_the_claim_page_embeds_only_the_statements_it_lists(client, corpus, monkeypatch):
    monkeypatch.setattr("claims.views.SIDE_STATEMENTS", 1)  # so that each side has more than a page
    claim = Claim.objects.get(slug=ROOT)

    html = client.get(claim.get_absolute_url() + "?for_page=2").content.decode()

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.DOTALL)
    embedded = {quotation["url"].rsplit("#", 1)[1] for quotation in json.loads(block.group(1))["appearance"]}
    listed = set(re.findall(r'class="source" href="[^"]*#(statement-\d+)"', html.replace(block.group(0), "")))
    assert embedded == listed
    assert 1 < len(listed) <= 3  # one a side
    assert claim.asserting_count > 2


def test_a_quote_holding_a_script_end_tag_cannot_break_out(client, corpus):
    statement = Statement.objects.published().filter(stances__claim__slug=ROOT).first()
    Statement.objects.filter(pk=statement.pk).update(text="</script><script>alert(1)</script> <!--")

    html = client.get(Claim.objects.get(slug=ROOT).get_absolute_url()).content.decode()

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.DOTALL).group(1)
    assert "<" not in block
    texts = [q["text"] for q in json.loads(block)["appearance"]]
    assert "</script><script>alert(1)</script> <!--" in texts


def test_a_draft_claim_has_no_json_ld(api, editor_api, corpus):
    claim = Claim.objects.create(text="A draft proposition", slug="a-draft-proposition")

    assert api.get(f"/api/v1/claims/{claim.pk}/jsonld/").status_code == 404
    assert editor_api.get(f"/api/v1/claims/{claim.pk}/jsonld/").status_code == 404


def test_the_json_ld_reads_in_a_constant_number_of_queries(api, corpus, django_assert_max_num_queries):
    claim = Claim.objects.get(slug=ROOT)
    with django_assert_max_num_queries(3 + THROTTLE_QUERIES):
        data = streamed(api.get(f"/api/v1/claims/{claim.pk}/jsonld/"))
    assert len(data["appearance"]) > 5


def test_every_statement_appears_oldest_first_whatever_the_chunk_and_the_first_is_the_oldest(
    api, corpus, monkeypatch
):
    claim = Claim.objects.get(slug=ROOT)
    whole = streamed(api.get(f"/api/v1/claims/{claim.pk}/jsonld/"))
    monkeypatch.setattr("claims.formats.jsonld.STREAM_CHUNK", 2)

    chunked = streamed(api.get(f"/api/v1/claims/{claim.pk}/jsonld/"))

    statements = (
        Statement.objects.published()
        .filter(stances__claim=claim, stances__status="published")
        .order_by("reported_on", "pk")
    )
    urls = [appearance["url"] for appearance in chunked["appearance"]]
    assert chunked == whole
    assert urls == [f"http://testserver{statement.get_absolute_url()}" for statement in statements]
    assert chunked["firstAppearance"] == chunked["appearance"][0]


def test_a_claim_without_statements_is_still_one_claim(api, corpus):
    claim = Claim.objects.create(text="A lonely proposition", slug="a-lonely-proposition", status="published")

    data = streamed(api.get(f"/api/v1/claims/{claim.pk}/jsonld/"))

    assert data["appearance"] == [] and "firstAppearance" not in data
    assert data["@type"] == "Claim" and data["text"] == "A lonely proposition"


def test_only_a_verbatim_quote_is_a_quotation_and_the_outlets_words_are_the_outlets(api, corpus):
    claim = Claim.objects.get(slug=ROOT)

    data = streamed(api.get(f"/api/v1/claims/{claim.pk}/jsonld/", HTTP_ACCEPT="application/ld+json"))

    by_text = {appearance["text"]: appearance for appearance in data["appearance"]}
    for statement in Statement.objects.published().filter(stances__claim=claim):
        appearance = by_text[statement.text]
        if statement.kind == Statement.Kind.QUOTE:
            assert appearance["@type"] == "Quotation"
        else:
            assert appearance["@type"] == "CreativeWork" and "spokenByCharacter" not in appearance
            assert appearance["creator"] == {"@type": "Organization", "name": "RT"}
            assert appearance["about"]["name"] == statement.speaker.name
    characterisation = by_text[Statement.objects.get(text__startswith="which, according to Washington").text]
    assert "RT’s characterisation of the position of United States." in characterisation["description"]


def test_a_translated_source_says_so_and_names_its_original_language(api, corpus):
    claim = Claim.objects.get(slug="russia-mirror-deployment")

    data = streamed(api.get(f"/api/v1/claims/{claim.pk}/jsonld/", HTTP_ACCEPT="application/ld+json"))

    check_vocabulary(data)
    based_on = data["appearance"][0]["isBasedOn"]
    assert based_on["description"] == "Machine translation from Russian"
    assert based_on["translationOfWork"] == {"@type": "CreativeWork", "inLanguage": "ru"}
    pledge = next(a for a in data["appearance"] if a["text"].startswith("Moscow would not deploy"))
    assert pledge["mentions"]["name"] == "Vladimir Putin"
    assert "Reporting Vladimir Putin." in pledge["description"]
