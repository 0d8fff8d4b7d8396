"""The lists' ?q=: relevance over a bounded window of the newest matches; every match with `ordering`."""

import pytest

from claims import search
from infkb.provenance import ReviewStatus
from tests.api.conftest import THROTTLE_QUERIES, all_pages, results
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, StatementFactory

STATEMENTS = "/api/v1/statements/"
CLAIMS = "/api/v1/claims/"


def said(text: str, **kwargs: object) -> object:
    """A published statement quoting `text` from an article of its own."""
    article = ArticleFactory(text=f"Reported today. {text}. More later.")
    return StatementFactory(article=article, text=text, **kwargs)


def ids(rows: list[dict]) -> list[int]:
    return [row["id"] for row in rows]


@pytest.fixture
def window_of_three(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(search, "LIST_SEARCH_WINDOW", 3)
    return 3


def test_relevance_puts_the_claim_whose_own_words_match_before_a_newer_one_whose_description_does(api, db):
    in_text = ClaimFactory(text="Zorbulating launchers breach the treaty")
    in_description = ClaimFactory(text="Launchers breach the treaty", description="They are zorbulating.")

    found = results(api.get(CLAIMS, {"q": "zorbulating"}))

    assert ids(found) == [in_text.pk, in_description.pk]


def test_relevance_ranks_only_the_newest_matches_and_ordering_gives_every_one(api, db, window_of_three):
    statements = [said(f"Zorbulating launchers, report {n}") for n in range(5)]
    newest_three = {statement.pk for statement in statements[-3:]}

    ranked = all_pages(api, STATEMENTS, q="zorbulating", page_size=1)
    every = all_pages(api, STATEMENTS, q="zorbulating", ordering="id", page_size=2)

    assert set(ids(ranked)) == newest_three and len(ranked) == 3
    assert ids(every) == [statement.pk for statement in statements]


def test_the_export_of_a_search_has_every_match(api, db, window_of_three):
    statements = [said(f"Zorbulating launchers, report {n}") for n in range(5)]

    response = api.get(f"{STATEMENTS}export/json/", {"q": "zorbulating"})

    exported = b"".join(response.streaming_content).decode()
    assert all(f'"id": {statement.pk},' in exported for statement in statements)


def test_the_window_is_taken_after_the_lists_filters(api, db, window_of_three):
    speaker = ActorFactory(name="Quentin Smallvoice")
    own = said("Zorbulating launchers, an old report", speaker=speaker)
    for n in range(4):
        said(f"Zorbulating launchers, report {n}")

    found = results(api.get(STATEMENTS, {"q": "zorbulating", "speaker": speaker.pk}))

    assert ids(found) == [own.pk]


@pytest.mark.parametrize("ordering", [None, "-id"])
def test_exclusions_and_phrases_hold_in_either_order(api, db, ordering):
    phrase = said("Zorbulating launchers were seen in Romania")
    plain = said("Zorbulating launchers were seen")
    apart = said("Launchers seen zorbulating")
    params = {"ordering": ordering} if ordering else {}

    assert set(ids(results(api.get(STATEMENTS, {"q": "zorbulating -Romania", **params})))) == {
        plain.pk,
        apart.pk,
    }
    assert set(ids(results(api.get(STATEMENTS, {"q": '"zorbulating launchers"', **params})))) == {
        phrase.pk,
        plain.pk,
    }


@pytest.mark.parametrize("ordering", [None, "-id"])
def test_a_speakers_name_finds_what_they_said_in_either_order(api, db, ordering):
    speaker = ActorFactory(name="Quentin Zorbulov")
    quiet = said("We have nothing to add", speaker=speaker)
    said("We have nothing more to add")
    params = {"ordering": ordering} if ordering else {}

    assert ids(results(api.get(STATEMENTS, {"q": "Zorbulov", **params}))) == [quiet.pk]


@pytest.mark.parametrize("ordering", [None, "-id"])
def test_readers_never_find_drafts_and_editors_do(api, editor_api, db, ordering):
    published = said("Zorbulating launchers, published")
    draft = said("Zorbulating launchers, a draft", status=ReviewStatus.DRAFT)
    params = {"q": "zorbulating", **({"ordering": ordering} if ordering else {})}

    assert ids(results(api.get(STATEMENTS, params))) == [published.pk]
    assert set(ids(results(editor_api.get(STATEMENTS, params)))) == {published.pk, draft.pk}


@pytest.mark.parametrize("path", [STATEMENTS, CLAIMS, "/api/v1/actors/", "/api/v1/articles/"])
@pytest.mark.parametrize("ordering", [None, "-id"])
def test_a_searched_list_costs_the_same_queries_whatever_the_page_size(
    api, corpus, path, ordering, django_assert_max_num_queries
):
    params = {"q": "treaty OR Ryabkov", **({"ordering": ordering} if ordering else {})}
    # The actors the query names, the planner's estimate of the window (PostgreSQL), the window,
    # the page, and the claims' prefetches (weapon systems, subjects, relations each way).
    for page_size in (1, 50):
        with django_assert_max_num_queries(7 + THROTTLE_QUERIES):
            assert api.get(path, {**params, "page_size": page_size}).status_code == 200
