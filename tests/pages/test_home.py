import pytest
from django.urls import reverse

from claims.models import Claim, Statement
from tests.factories import StanceFactory, StatementFactory
from tests.pages.planner import PLANNER_QUERIES

pytestmark = pytest.mark.django_db


def test_home_says_what_the_knowledge_base_holds(client, corpus):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Who said what about the INF Treaty · INF KB</title>" in html
    counts = response.context["counts"]
    assert counts["claims"] == Claim.objects.published().count() > 0
    assert counts["statements"] == Statement.objects.published().count() > 0
    assert f"<strong>{counts['claims']}</strong> claims" in html


def test_home_lists_the_most_contested_claims_first(client, corpus):
    response = client.get(reverse("home"))

    contested = list(response.context["contested"])
    assert contested
    assert all(claim.n_asserting and claim.n_denying for claim in contested)
    totals = [claim.n_asserting + claim.n_denying for claim in contested]
    assert totals == sorted(totals, reverse=True)
    assert contested[0].slug == "russia-violates-inf-treaty"
    assert contested[0].get_absolute_url() in response.content.decode()


def test_home_shows_the_latest_statements_and_a_search_box(client, corpus):
    response = client.get(reverse("home"))

    latest = list(response.context["latest"])
    assert len(latest) == 8
    dates = [statement.said_on or statement.article.published_on for statement in latest]
    assert dates == sorted(dates, reverse=True)
    html = response.content.decode()
    assert f'action="{reverse("search")}"' in html
    assert 'name="q"' in html


def test_home_hides_draft_statements(client, corpus):
    draft = StatementFactory(status="draft")
    StanceFactory(statement=draft)

    response = client.get(reverse("home"))

    assert draft not in response.context["latest"]
    assert draft.text not in response.content.decode()


def test_home_runs_a_constant_number_of_queries(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(9 + PLANNER_QUERIES):
        assert client.get(reverse("home")).status_code == 200


def test_the_home_page_has_one_search_box(client, corpus):
    html = client.get("/").content.decode()

    assert html.count('role="search"') == 1
    assert 'id="home-search-q"' in html


def test_another_page_keeps_the_search_box_in_its_header(client, corpus):
    html = client.get("/actors/").content.decode()

    assert html.count('role="search"') == 1
    assert 'id="site-search-q"' in html
