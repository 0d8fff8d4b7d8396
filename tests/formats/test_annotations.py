"""/api/v1/annotations/: every published quote as a W3C Web Annotation that re-anchors in its article."""

import pytest

from claims.models import Statement
from sources.models import Article
from tests.api.conftest import THROTTLE_QUERIES  # the anonymous rate limit's own queries

URL = "/api/v1/annotations/"
PROFILE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def every_annotation(api, page_size: int = 7) -> list[dict]:
    collection = api.get(URL, {"page_size": page_size}).json()
    items, url = [], collection["first"]
    while url:
        page = api.get(url).json()
        assert page["type"] == "AnnotationPage"
        assert page["partOf"]["total"] == collection["total"]
        assert page["startIndex"] == len(items)
        items += page["items"]
        url = page.get("next")
    return items


def reanchor(text: str, selectors: list[dict]) -> tuple[int, int]:
    """Where a Web Annotation client puts the quote back: the occurrence of `exact` that
    `prefix` and `suffix` surround (the TextQuoteSelector alone)."""
    quote = next(s for s in selectors if s["type"] == "TextQuoteSelector")
    exact, prefix, suffix = quote["exact"], quote["prefix"], quote["suffix"]
    found = []
    start = text.find(exact)
    while start != -1:
        end = start + len(exact)
        if text[:start].endswith(prefix) and text[end:].startswith(suffix):
            found.append((start, end))
        start = text.find(exact, start + 1)
    assert len(found) == 1, f"{exact!r} re-anchors {len(found)} times"
    return found[0]


def test_the_collection_counts_the_published_quotes_and_links_its_pages(api, corpus):
    response = api.get(URL, HTTP_ACCEPT=PROFILE)

    assert response["Content-Type"] == PROFILE
    collection = response.json()
    quotes = Statement.objects.published().filter(kind=Statement.Kind.QUOTE).count()
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == quotes > 0
    assert collection["first"].endswith("?page=1")


def test_every_annotation_re_anchors_in_its_article_from_its_selectors_alone(api, corpus):
    annotations = every_annotation(api)
    texts = {article.url: article.text for article in Article.objects.published()}

    assert len(annotations) == Statement.objects.published().filter(kind="quote").count()
    for item in annotations:
        selectors = item["target"]["selector"]
        text = texts[item["target"]["source"]]
        start, end = reanchor(text, selectors)
        position = next(s for s in selectors if s["type"] == "TextPositionSelector")
        statement = Statement.objects.get(pk=int(item["id"].rstrip("/").rsplit("/", 1)[1]))
        assert (position["start"], position["end"]) == (start, end) == (statement.start, statement.end)
        quote = selectors[0]
        assert len(quote["prefix"]) == min(32, start) and len(quote["suffix"]) == min(32, len(text) - end)


def test_the_body_is_the_speaker_and_the_claims_with_their_stances(api, corpus):
    statement = (
        Statement.objects.for_readers().filter(kind="quote", stances__stance="denies").distinct().first()
    )

    item = api.get(f"{URL}{statement.pk}/").json()

    assert item["type"] == "Annotation"
    speaker = [b for b in item["body"] if b.get("purpose") == "identifying"]
    assert speaker[0]["source"]["label"] == statement.speaker.name
    claims = {b["source"]["label"]: b["label"] for b in item["body"] if b.get("purpose") == "classifying"}
    assert claims == {stance.claim.text: stance.stance for stance in statement.visible_stances}
    assert "denies" in claims.values()
    assert statement.speaker.name in item["body"][0]["value"]


def test_plain_json_is_served_to_a_client_that_asks_for_it(api, corpus):
    response = api.get(URL, HTTP_ACCEPT="application/json")

    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == "AnnotationCollection"


@pytest.mark.parametrize("page_size", [2, 200])
def test_a_page_reads_in_a_constant_number_of_queries(api, corpus, django_assert_max_num_queries, page_size):
    with django_assert_max_num_queries(4 + THROTTLE_QUERIES):
        page = api.get(URL, {"page": 1, "page_size": page_size}).json()
    assert len(page["items"]) == min(page_size, page["partOf"]["total"])


def test_bad_pages_are_clear_errors(api, corpus):
    assert api.get(URL, {"page": "x"}).status_code == 400
    assert api.get(URL, {"page_size": "0"}).status_code == 400
    assert api.get(URL, {"page": 9999}).json() == {"page": ["The last page is 1."]}
    assert api.get(URL, {"cursor": "1"}).status_code == 400
    draft = Statement.objects.create(
        article=Article.objects.first(),
        speaker_id=Statement.objects.first().speaker_id,
        kind="paraphrase",
        text="A draft paraphrase.",
    )
    assert api.get(f"{URL}{draft.pk}/").status_code == 404
