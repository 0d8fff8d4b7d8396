import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    ArticleFactory,
    ClaimFactory,
    ClaimRelationFactory,
    StanceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def hostile(db):
    """A statement, speaker, claim and article whose texts contain markup."""
    article = ArticleFactory(
        title=f"Title {SCRIPT}",
        text=f"He said: “We will {SCRIPT} you.” And left.",
        published_on=datetime.date(2030, 1, 1),  # the latest statement, so the home page shows it
    )
    speaker = ActorFactory(name='Evil <b onmouseover="x()">Speaker</b>', slug="evil-speaker")
    claim = ClaimFactory(text=f"Claim {SCRIPT}", slug="hostile-claim")
    statement = StatementFactory(article=article, speaker=speaker, text=f"We will {SCRIPT} you")
    StanceFactory(statement=statement, claim=claim)
    return statement


@pytest.mark.parametrize(
    "url",
    [
        lambda s: reverse("article-detail", kwargs={"slug": s.article.slug}),
        lambda s: reverse("actor-detail", kwargs={"slug": s.speaker.slug}),
        lambda s: reverse("claim-detail", kwargs={"slug": "hostile-claim"}),
        lambda s: reverse("timeline") + f"?actor={s.speaker.slug}",
        lambda s: reverse("claim-list"),
        lambda s: reverse("home"),
    ],
    ids=["article", "actor", "claim", "timeline", "claims", "home"],
)
def test_quotes_and_names_containing_markup_show_as_text(client, hostile, url):
    response = client.get(url(hostile))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_claim_pages_relations_and_its_drawings_list_show_markup_as_text(client, hostile):
    hostile_claim = hostile.stances.get().claim
    answer = ClaimFactory(text=f"Answer <img src=x onerror=y()> {SCRIPT}", slug="hostile-answer")
    question = ClaimFactory(text=f"Question {SCRIPT}", slug="hostile-question")
    ClaimRelationFactory(source=hostile_claim, target=answer)
    ClaimRelationFactory(source=question, target=hostile_claim)

    html = client.get(reverse("claim-detail", kwargs={"slug": "hostile-claim"})).content.decode()

    relations = html[html.index('id="relations"') :]
    assert "<script>alert" not in relations
    assert "<img src=x" not in relations
    # Each related claim in the lists from and to this claim and in the drawing's list, linked.
    assert relations.count('<a href="/claims/hostile-answer/">Answer &lt;img src=x onerror=y()&gt;') == 2
    assert relations.count('<a href="/claims/hostile-question/">Question &lt;script&gt;') == 2
