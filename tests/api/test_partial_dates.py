"""The date filters take a month or a year as the API writes dates known only that far ("2018-10").

`said_after=2018-10` was a 400 "Enter a valid date." though the API itself gives "2018-10".
"""

import pytest

from claims.models import Event, Statement
from sources.models import Article
from tests.api.conftest import all_pages

STATEMENTS, ARTICLES, EVENTS = "/api/v1/statements/", "/api/v1/articles/", "/api/v1/events/"

pytestmark = pytest.mark.django_db


def ids(records: list[dict]) -> set[int]:
    return {record["id"] for record in records}


@pytest.mark.parametrize(
    ("params", "lookup"),
    [
        ({"said_after": "2019"}, {"said_on__gte": "2019-01-01"}),
        ({"said_before": "2018"}, {"said_on__lte": "2018-12-31"}),
        (
            {"said_after": "2018-10", "said_before": "2018-11"},
            {"said_on__range": ("2018-10-01", "2018-11-30")},
        ),
        ({"said_before": "2019-02"}, {"said_on__lte": "2019-02-28"}),
        ({"said_after": "2019-08-02"}, {"said_on__gte": "2019-08-02"}),
    ],
)
def test_a_month_or_a_year_stands_for_its_first_or_last_day(api, corpus, params, lookup):
    expected = set(Statement.objects.published().filter(**lookup).values_list("pk", flat=True))

    assert expected
    assert ids(all_pages(api, STATEMENTS, **params)) == expected


def test_articles_and_events_take_months_and_years_too(api, corpus):
    articles = set(Article.objects.published().filter(published_on__year=2018).values_list("pk", flat=True))
    events = set(Event.objects.published().filter(date__lte="1987-12-31").values_list("pk", flat=True))

    assert ids(all_pages(api, ARTICLES, published_after="2018", published_before="2018")) == articles
    assert ids(all_pages(api, EVENTS, before="1987")) == events != set()


@pytest.mark.parametrize("bad", ["2019-13", "2019-02-30", "19", "2019/02/03", "yesterday", "2019-1", "0000"])
def test_anything_else_is_a_400_that_says_which_forms_it_takes(api, corpus, bad):
    response = api.get(STATEMENTS, {"said_after": bad})

    assert response.status_code == 400
    assert response.json() == {
        "said_after": ["Give a date as YYYY-MM-DD, or a month YYYY-MM or a year YYYY."]
    }
