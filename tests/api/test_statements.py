import csv
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Actor, Claim, Stance, Statement, WeaponSystem
from infkb.provenance import ReviewStatus
from sources.models import Article
from tests.api.conftest import THROTTLE_QUERIES, all_pages, results
from tests.factories import ActorFactory, ClaimFactory, StanceFactory, StatementFactory

URL = "/api/v1/statements/"


def ids(records: list[dict]) -> set[int]:
    return {record["id"] for record in records}


def published_ids(queryset) -> set[int]:
    return set(queryset.published().values_list("pk", flat=True))


@pytest.mark.parametrize("speaker", ["nikolai-patrushev", "Patrushev", "Nikolai Patrushev", "id"])
def test_it_lists_every_statement_by_patrushev_by_slug_alias_or_id(api, corpus, speaker):
    patrushev = Actor.objects.get(slug="nikolai-patrushev")
    speaker = str(patrushev.pk) if speaker == "id" else speaker

    found = all_pages(api, URL, speaker=speaker)

    assert ids(found) == published_ids(Statement.objects.filter(speaker=patrushev))
    assert len(found) == 5
    assert {record["speaker_name"] for record in found} == {"Nikolai Patrushev"}


def test_a_transliteration_alias_finds_the_same_speaker(api, corpus):
    assert ids(all_pages(api, URL, speaker="Ermakov")) == ids(
        all_pages(api, URL, speaker="vladimir-yermakov")
    )
    assert all_pages(api, URL, speaker="Ermakov")


def test_it_lists_the_statements_that_deny_a_claim(api, corpus):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    expected = set(
        Stance.objects.filter(claim=claim, stance="denies", status="published").values_list(
            "statement", flat=True
        )
    )

    found = all_pages(api, URL, claim="russia-violates-inf-treaty", stance="denies")

    assert ids(found) == expected
    assert len(expected) == 6
    for record in found:
        assert {"claim": claim.pk, "stance": "denies"} in [
            {"claim": stance["claim"], "stance": stance["stance"]} for stance in record["stances"]
        ]


@pytest.fixture
def claim_with_drafts(corpus):
    """The seed's most quoted claim, with a draft stance, a stance of a draft statement, and a second
    stance of one statement on another claim (a statement must still be listed once)."""
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    on_claim = Statement.objects.published().filter(stances__claim=claim).order_by("pk")
    StanceFactory(statement=StatementFactory(), claim=claim, stance="denies", status=ReviewStatus.DRAFT)
    StanceFactory(statement=StatementFactory(status=ReviewStatus.DRAFT), claim=claim, stance="denies")
    StanceFactory(statement=on_claim.first(), claim=ClaimFactory(), stance="denies")
    return claim


def listed_on(claim: Claim, *, stance: str, drafts: bool) -> list[int]:
    """The ids the list by claim and stance should show, newest first, computed from the stances."""
    stances = Stance.objects.filter(claim=claim) if drafts else Stance.objects.published().filter(claim=claim)
    if stance:
        stances = stances.filter(stance=stance)
    statements = Statement.objects.all() if drafts else Statement.objects.published()
    return list(
        statements.filter(pk__in=stances.values("statement")).order_by("-pk").values_list("pk", flat=True)
    )


@pytest.mark.parametrize("stance", ["asserts", "denies", "mentions", ""])
def test_the_list_by_claim_and_stance_is_the_claims_side_for_readers_and_editors(
    api, editor_api, claim_with_drafts, stance
):
    claim = claim_with_drafts
    params = {"claim": claim.slug, "stance": stance} if stance else {"claim": claim.pk}

    for client, drafts in ((api, False), (editor_api, True)):
        expected = listed_on(claim, stance=stance, drafts=drafts)
        # Two a page: the cursor's pages, one after the other, are the whole side in order.
        assert [record["id"] for record in all_pages(client, URL, page_size=2, **params)] == expected
        by_date = all_pages(client, URL, ordering="-date", **params)
        assert sorted(record["id"] for record in by_date) == sorted(expected)
    assert listed_on(claim, stance="denies", drafts=True) != listed_on(claim, stance="denies", drafts=False)


def test_the_list_by_claim_and_stance_costs_the_same_queries_whatever_the_page_size(
    api, claim_with_drafts, django_assert_max_num_queries
):
    side = listed_on(claim_with_drafts, stance="asserts", drafts=False)
    # The claim's lookup and the page; on PostgreSQL, inside the test's transaction, the page's
    # planner setting is a SET and a RESET of its own (infkb.viewsets.joins_as_written).
    queries = (4 if settings.IS_POSTGRES else 2) + THROTTLE_QUERIES
    for size in (1, 50):
        with django_assert_max_num_queries(queries):
            response = api.get(URL, {"claim": claim_with_drafts.slug, "stance": "asserts", "page_size": size})
        assert [record["id"] for record in response.json()["results"]] == side[:size]


def test_the_page_by_claim_reads_the_claims_stances_before_joining_what_it_shows(api, claim_with_drafts):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(URL, {"claim": claim_with_drafts.slug, "stance": "denies"}).status_code == 200

    page = next(query["sql"] for query in queries if "LIMIT 51" in query["sql"])
    # Planned as written (joins_as_written): the stances drive, the speaker, article… join to the rows kept.
    assert ' FROM "claims_statement" INNER JOIN "claims_stance" ' in page


def test_it_filters_by_the_speakers_country_and_kind(api, corpus):
    russia = Actor.objects.get(slug="russia")
    russian = Statement.objects.filter(speaker__country=russia) | Statement.objects.filter(speaker=russia)

    assert ids(all_pages(api, URL, speaker_country="russia")) == published_ids(russian)
    assert ids(all_pages(api, URL, speaker_kind="state")) == published_ids(
        Statement.objects.filter(speaker__kind="state")
    )


def test_it_filters_by_article_outlet_kind_and_language(api, corpus):
    article = Article.objects.order_by("published_on").first()

    assert ids(all_pages(api, URL, article=article.pk)) == published_ids(
        Statement.objects.filter(article=article)
    )
    assert ids(all_pages(api, URL, article=article.slug)) == published_ids(
        Statement.objects.filter(article=article)
    )
    assert ids(all_pages(api, URL, outlet="rt")) == published_ids(
        Statement.objects.filter(article__outlet__slug="rt")
    )
    assert ids(all_pages(api, URL, kind="paraphrase")) == published_ids(
        Statement.objects.filter(kind="paraphrase")
    )
    assert len(all_pages(api, URL, language="en")) == Statement.objects.published().count()
    assert all_pages(api, URL, language="fr") == []


def test_it_filters_by_publication_and_utterance_dates(api, corpus):
    found = all_pages(api, URL, published_after="2019-01-01")
    assert ids(found) == published_ids(Statement.objects.filter(article__published_on__gte="2019-01-01"))
    assert found and all(record["published_on"] >= "2019-01-01" for record in found)

    found = all_pages(api, URL, said_after="2018-11-01", said_before="2018-11-30")
    assert ids(found) == published_ids(Statement.objects.filter(said_on__range=("2018-11-01", "2018-11-30")))


# A page about a common weapon checks each statement it reads; any other, or an export, gathers the
# statements on the weapon's claims first (claims/filters.py): both must find the same statements.
GATHERED_OR_PROBED = pytest.mark.parametrize("common", [False, True], ids=["gathered", "probed"])


@GATHERED_OR_PROBED
def test_it_filters_by_weapon_system(api, corpus, monkeypatch, common):
    monkeypatch.setattr(WeaponSystem, "is_common", lambda weapon: common)
    mk41 = WeaponSystem.objects.get(slug="mk41-vls")

    found = all_pages(api, URL, weapon_system="mk41-vls")

    assert ids(found) == set(Statement.objects.published().about_weapon(mk41).values_list("pk", flat=True))
    assert found
    assert ids(all_pages(api, URL, weapon_system=str(mk41.pk))) == ids(found)


# The per-statement probe (claims.models.with_one_of), as the page's SQL writes it.
PROBE = "LIMIT 1) IS NOT NULL"


@pytest.mark.parametrize(
    ("ordering", "probed"), [("-date", True), ("id", True), ("speaker_name", False), ("-speaker_name", False)]
)
def test_a_page_about_a_common_weapon_probes_only_in_an_indexs_order(
    api, corpus, monkeypatch, ordering, probed
):
    """In the speakers' name order the planner starts where it likes and probed every statement before
    sorting them (2.5 s at 1M for the 9M729, against 0.4 s gathered first)."""
    monkeypatch.setattr(WeaponSystem, "is_common", lambda weapon: True)

    with CaptureQueriesContext(connection) as queries:
        page = results(api.get(URL, {"weapon_system": "mk41-vls", "ordering": ordering}))

    assert page
    assert any(PROBE in query["sql"] for query in queries.captured_queries) is probed


@GATHERED_OR_PROBED
def test_readers_filtering_by_weapon_system_find_no_statement_through_a_draft_claim(
    api, editor_api, corpus, monkeypatch, common
):
    monkeypatch.setattr(WeaponSystem, "is_common", lambda weapon: common)
    draft_claim = ClaimFactory(status=ReviewStatus.DRAFT)
    draft_claim.weapon_systems.add(WeaponSystem.objects.get(slug="mk41-vls"))
    stance = StanceFactory(claim=draft_claim, statement=StatementFactory(), status=ReviewStatus.PUBLISHED)
    assert Statement.objects.published().filter(pk=stance.statement_id).exists()

    assert stance.statement_id not in ids(all_pages(api, URL, weapon_system="mk41-vls"))
    assert stance.statement_id in ids(all_pages(editor_api, URL, weapon_system="mk41-vls"))


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("speaker", "nobody-at-all"),
        ("said_after", "2019-02-30"),
        ("published_before", "yesterday"),
        ("kind", "rumour"),
        ("stance", "likes"),
        ("claim", "99999"),
        ("outlet", "pravda"),
        ("page_size", "many"),
        ("ordering", "-colour"),
        ("speakr", "patrushev"),
    ],
)
def test_an_unknown_or_malformed_filter_value_is_a_400_naming_the_parameter(api, corpus, parameter, value):
    response = api.get(URL, {parameter: value})

    assert response.status_code == 400
    assert parameter in response.json()


def test_a_statement_carries_its_speaker_and_claims_without_extra_requests(api, corpus):
    statement = Statement.objects.published().filter(stances__isnull=False).first()

    record = api.get(f"{URL}{statement.pk}/").json()

    assert record["speaker_name"] == statement.speaker.name
    assert record["speaker_url"].endswith(f"/api/v1/actors/{statement.speaker_id}/")
    assert record["article_title"] == statement.article.title
    assert {s["claim_text"] for s in record["stances"]} == set(
        statement.stances.values_list("claim__text", flat=True)
    )


@pytest.mark.parametrize("page_size", [1, 50])
def test_the_list_costs_the_same_queries_whatever_the_page_size(
    api, corpus, page_size, django_assert_max_num_queries
):
    # The page between the planner's SET and RESET (joins_as_written); a search adds the actors the
    # query names, (PostgreSQL) the planner's estimate of the window's matches, and the window.
    with django_assert_max_num_queries(6 + THROTTLE_QUERIES):
        response = api.get(URL, {"page_size": page_size, "q": "treaty"})
    assert len(response.json()["results"]) == min(page_size, len(all_pages(api, URL, q="treaty")))


def test_the_list_and_detail_query_counts_do_not_grow_with_the_page(api, corpus):
    counts = []
    for size in (1, 50):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(URL, {"page_size": size}).status_code == 200
        counts.append(len(queries))
    statement = Statement.objects.published().first()
    with CaptureQueriesContext(connection) as queries:
        api.get(f"{URL}{statement.pk}/")
    assert counts[0] == counts[1] <= 3 + THROTTLE_QUERIES
    assert len(queries) <= 3 + THROTTLE_QUERIES


def test_pages_follow_a_stable_order_and_the_page_size_is_bounded(api, corpus, settings):
    everything = all_pages(api, URL, ordering="-date")
    assert len(everything) == Statement.objects.published().count()
    assert len(ids(everything)) == len(everything)  # no row twice across pages

    paged = []
    response = api.get(URL, {"ordering": "speaker_name", "page_size": 7})
    while True:
        body = response.json()
        paged.extend(body["results"])
        if not body["next"]:
            break
        response = api.get(body["next"])
    assert [r["id"] for r in paged] == [r["id"] for r in all_pages(api, URL, ordering="speaker_name")]
    too_many = api.get(URL, {"page_size": 501})
    assert too_many.status_code == 400 and "1 to 500" in too_many.json()["page_size"][0]


def test_anonymous_users_never_see_drafts(api, corpus):
    draft = StatementFactory(status=ReviewStatus.DRAFT)
    published = StatementFactory()
    draft_claim = ClaimFactory(status=ReviewStatus.DRAFT)
    StanceFactory(statement=published, claim=draft_claim)
    StanceFactory(statement=published, status=ReviewStatus.DRAFT)

    assert api.get(f"{URL}{draft.pk}/").status_code == 404
    assert draft.pk not in ids(all_pages(api, URL, speaker=draft.speaker.slug))
    assert api.get(f"{URL}{published.pk}/").json()["stances"] == []
    assert api.get(URL, {"status": "draft"}).json()["results"] == []


def test_editors_see_drafts(editor_api, corpus):
    draft = StatementFactory(status=ReviewStatus.DRAFT)

    assert editor_api.get(f"{URL}{draft.pk}/").status_code == 200
    assert ids(results(editor_api.get(URL, {"status": "draft"}))) >= {draft.pk}


def statement_payload(article: Article, speaker: Actor, text: str) -> dict:
    return {"article": article.pk, "speaker": speaker.pk, "kind": "quote", "text": text}


def test_anonymous_users_cannot_write(api, corpus):
    article, speaker = Article.objects.first(), Actor.objects.first()
    before = Statement.objects.count()
    statement = Statement.objects.first()

    assert api.post(URL, statement_payload(article, speaker, "talks"), format="json").status_code in {
        401,
        403,
    }
    assert api.patch(f"{URL}{statement.pk}/", {"venue": "x"}, format="json").status_code in {401, 403}
    assert api.delete(f"{URL}{statement.pk}/").status_code in {401, 403}
    assert Statement.objects.count() == before


def test_editors_create_a_quote_anchored_in_its_article(editor_api, editor, corpus):
    statement = StatementFactory()
    article, claim = statement.article, ClaimFactory()
    speaker = ActorFactory()
    payload = statement_payload(article, speaker, "“We are ready to talk,”")
    payload.update(occurrence=2, stances=[{"claim": claim.pk, "stance": "denies"}])

    response = editor_api.post(URL, payload, format="json")

    assert response.status_code == 201, response.content
    created = Statement.objects.get(pk=response.json()["id"])
    assert created.text == "We are ready to talk,"
    assert article.text[created.start : created.end] == created.text
    assert created.start == article.text.rindex("We are ready to talk,")
    assert created.status == ReviewStatus.DRAFT
    assert created.created_by == editor
    assert list(created.stances.values_list("claim", "stance")) == [(claim.pk, "denies")]
    assert response.json()["stances"][0]["claim_text"] == claim.text


def test_a_quote_that_is_not_verbatim_in_its_article_is_refused_with_a_field_message(editor_api, corpus):
    article, speaker = Article.objects.first(), Actor.objects.first()
    before = Statement.objects.count()

    response = editor_api.post(URL, statement_payload(article, speaker, "Words nobody said"), format="json")

    assert response.status_code == 400
    assert "does not occur verbatim" in response.json()["text"][0]
    assert set(response.json()) == {"text"}
    assert Statement.objects.count() == before


def test_an_invalid_payload_gets_field_messages_and_changes_nothing(editor_api, corpus):
    statement = StatementFactory()
    response = editor_api.patch(f"{URL}{statement.pk}/", {"kind": "rumour", "speaker": 999999}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"kind", "speaker"}
    statement.refresh_from_db()
    assert statement.kind == "quote"


def test_editors_cannot_publish_without_the_reviewers_permission(editor, editor_api, reviewer_api, corpus):
    editor.user_permissions.remove(*editor.user_permissions.filter(codename__startswith="publish_"))
    statement = StatementFactory(status=ReviewStatus.DRAFT)

    refused = editor_api.patch(f"{URL}{statement.pk}/", {"status": "published"}, format="json")
    accepted = reviewer_api.patch(f"{URL}{statement.pk}/", {"status": "published"}, format="json")

    assert refused.status_code == 400
    assert "status" in refused.json()
    assert accepted.status_code == 200
    statement.refresh_from_db()
    assert statement.status == ReviewStatus.PUBLISHED


def test_an_edit_based_on_an_old_version_is_refused_with_409(editor_api, corpus):
    statement = StatementFactory(status=ReviewStatus.DRAFT, venue="")
    current = editor_api.get(f"{URL}{statement.pk}/").json()["version"]

    first = editor_api.patch(
        f"{URL}{statement.pk}/", {"venue": "in Moscow", "version": current}, format="json"
    )
    second = editor_api.patch(
        f"{URL}{statement.pk}/", {"venue": "in Sochi", "version": current}, format="json"
    )

    assert first.status_code == 200
    assert second.status_code == 409
    statement.refresh_from_db()
    assert statement.venue == "in Moscow"


def test_editors_without_the_delete_permission_cannot_delete(editor_api, reviewer_api, corpus):
    statement = StatementFactory()

    assert editor_api.delete(f"{URL}{statement.pk}/").status_code == 403
    assert reviewer_api.delete(f"{URL}{statement.pk}/").status_code == 204
    assert not Statement.objects.filter(pk=statement.pk).exists()


def test_the_csv_export_of_a_filtered_list_equals_the_json_list_row_for_row(api, corpus):
    from infkb.api import flatten

    params = {"speaker_country": "russia", "ordering": "-date"}
    listed = all_pages(api, URL, **params)

    response = api.get(f"{URL}export/csv/", params)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == len(listed) > 0
    for row, record in zip(rows, listed, strict=True):
        flat = flatten(record)
        assert row == {column: flat.get(column, "") for column in row}


def test_the_json_export_is_the_whole_filtered_list(api, corpus):
    import json

    response = api.get(f"{URL}export/json/", {"speaker": "patrushev"})

    exported = json.loads(b"".join(response.streaming_content))
    assert exported == all_pages(api, URL, speaker="patrushev")


def test_the_export_reads_in_a_constant_number_of_queries(api, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(4 + THROTTLE_QUERIES):
        response = api.get(f"{URL}export/csv/")
        content = b"".join(response.streaming_content)
    assert content.count(b"\n") > Statement.objects.published().count()


def test_q_searches_the_statements_text(api, corpus):
    found = results(api.get(URL, {"q": "Tomahawk"}))

    assert found
    assert all("tomahawk" in (r["text"] + r["venue"] + r["speaker_role"]).lower() for r in found)
    without = results(api.get(URL, {"q": "Tomahawk -Romania"}))
    assert ids(without) < ids(found)
    assert not any("romania" in r["text"].lower() for r in without)
    phrase = results(api.get(URL, {"q": '"Tomahawk cruise missiles"'}))
    assert phrase and all("tomahawk cruise missiles" in r["text"].lower() for r in phrase)


def test_a_statement_says_whom_it_reports_the_office_held_and_that_its_words_are_translated(api, corpus):
    pledge = Statement.objects.get(text__startswith="Moscow would not deploy missiles")

    record = api.get(f"{URL}{pledge.pk}/").json()

    assert record["kind"] == "paraphrase"
    assert (record["speaker_name"], record["reported_speaker_name"]) == ("Sergey Lavrov", "Vladimir Putin")
    assert record["reported_speaker"] == pledge.reported_speaker_id
    assert record["role"] == pledge.role_id
    assert record["role_held"] == "Foreign Minister, Ministry of Foreign Affairs of the Russian Federation"
    assert record["speaker_role"] == "Foreign Minister"
    assert (record["translation"], record["original_language"]) == ("machine", "ru")


def test_an_editor_cannot_give_a_statement_a_role_outside_its_period(editor_api, corpus):
    statement = Statement.objects.get(text__startswith="the current agreement was outdated")
    trump = Actor.objects.get(slug="donald-trump")
    record = editor_api.get(f"{URL}{statement.pk}/").json()

    response = editor_api.patch(
        f"{URL}{statement.pk}/",
        {
            "speaker": trump.pk,
            "said_on": "2016-01-10",
            "role": trump.roles.get().pk,
            "version": record["version"],
        },
        format="json",
    )

    assert response.status_code == 400
    assert "2017 – 2021" in str(response.json()["role"])
    statement.refresh_from_db()
    assert statement.speaker.slug == "john-bolton"


def test_it_filters_the_statements_that_report_an_actor(api, corpus):
    found = all_pages(api, URL, reported_speaker="putin")

    assert [record["text"][:30] for record in found] == ["Moscow would not deploy missil"]
    assert {record["speaker_name"] for record in found} == {"Sergey Lavrov"}


@pytest.mark.parametrize(
    ("also", "probed"),
    [
        ({}, True),
        ({"page_size": 5}, True),
        ({"speaker_country": "russia"}, False),
        ({"said_before": "2019"}, False),
    ],
)
def test_a_page_about_a_common_weapon_probes_only_when_nothing_else_narrows_it(
    api, corpus, monkeypatch, also, probed
):
    """With another filter fewer of the statements walked pass both, and the probes add up (the 9M729
    and Russia's speakers at 1M: 0.4–0.6 s gathered, 0.8 s probed)."""
    monkeypatch.setattr(WeaponSystem, "is_common", lambda weapon: True)

    with CaptureQueriesContext(connection) as queries:
        response = api.get(URL, {"weapon_system": "9m729", **also})

    assert response.status_code == 200
    assert any(PROBE in query["sql"] for query in queries.captured_queries) is probed
