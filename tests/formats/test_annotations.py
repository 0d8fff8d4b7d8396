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
        assert page["partOf"]["id"] == collection["id"]
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
    assert collection["first"].endswith("?after=0")


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
@pytest.mark.parametrize("side", ["after", "before"])
def test_a_page_reads_in_a_constant_number_of_queries(
    api, corpus, django_assert_max_num_queries, page_size, side
):
    quotes = Statement.objects.published().filter(kind=Statement.Kind.QUOTE).order_by("pk")
    middle = quotes[quotes.count() // 2].pk
    # The page, its stances, its articles' texts, and whether a quote lies on the side it came from.
    with django_assert_max_num_queries(4 + THROTTLE_QUERIES):
        page = api.get(URL, {side: middle, "page_size": page_size}).json()
    before, after = quotes.filter(pk__lt=middle).count(), quotes.filter(pk__gt=middle).count()
    assert len(page["items"]) == min(page_size, after if side == "after" else before)


def test_the_pages_walk_forwards_and_backwards_over_every_quote_once(api, corpus):
    quotes = list(
        Statement.objects.published().filter(kind="quote").order_by("pk").values_list("pk", flat=True)
    )
    collection = api.get(URL, {"page_size": 3}).json()

    def item_ids(page: dict) -> list[int]:
        return [int(item["id"].rstrip("/").rsplit("/", 1)[1]) for item in page["items"]]

    forwards, url = [], collection["first"]
    while url:
        page = api.get(url).json()
        forwards += item_ids(page)
        url = page.get("next")
    backwards, url = [], collection["last"]
    while url:
        page = api.get(url).json()
        backwards = item_ids(page) + backwards
        url = page.get("prev")
    last = api.get(collection["last"]).json()

    assert forwards == backwards == quotes
    assert item_ids(last) == quotes[-3:] and "next" not in last
    assert api.get(collection["first"]).json()["startIndex"] == 0


def test_bad_pages_are_clear_errors(api, corpus):
    assert api.get(URL, {"after": "x"}).status_code == 400
    assert api.get(URL, {"before": "-1"}).status_code == 400
    assert api.get(URL, {"after": "9" * 30}).status_code == 400
    assert api.get(URL, {"page_size": "0"}).status_code == 400
    assert list(api.get(URL, {"after": 1, "before": 9}).json()) == ["before"]
    unknown = api.get(URL, {"page": 2}).json()["page"][0]
    assert unknown.startswith("Unknown parameter.") and "understand: after, before, page_size" in unknown
    assert list(api.get(URL, {"after": [0, 5]}).json()) == ["after"]  # was the page after 5
    assert api.get(URL, {"cursor": "1"}).status_code == 400
    draft = Statement.objects.create(
        article=Article.objects.first(),
        speaker_id=Statement.objects.first().speaker_id,
        kind="paraphrase",
        text="A draft paraphrase.",
    )
    assert api.get(f"{URL}{draft.pk}/").status_code == 404
