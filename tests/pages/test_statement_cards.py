"""How a statement reads wherever it appears: a quote in quotation marks, a paraphrase never; its date."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from claims.models import ClaimedRange, Stance, Statement, WeaponSystem
from tests.factories import ArticleFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db

PARAPHRASE = "Moscow would answer any deployment in kind"


def _undated_paraphrase_denying_an_asserted_claim() -> tuple[Statement, Statement]:
    article = ArticleFactory(published_on=datetime.date(2019, 2, 3))
    asserted = StanceFactory()
    paraphrase = StatementFactory(
        article=article, kind=Statement.Kind.PARAPHRASE, text=PARAPHRASE, start=None, end=None
    )
    StanceFactory(statement=paraphrase, claim=asserted.claim, stance=Stance.Kind.DENIES)
    return asserted.statement, paraphrase


@pytest.mark.parametrize("page", ["claim", "asserter", "speaker", "weapon"])
def test_an_undated_paraphrase_is_reported_at_its_article_date_and_never_quoted(client, page):
    asserted, paraphrase = _undated_paraphrase_denying_an_asserted_claim()
    claim = paraphrase.stances.get().claim
    weapon = WeaponSystem.objects.create(
        name="SSC-X-4", slug="ssc-x-4", category="cruise_missile", status="published"
    )
    ClaimedRange.objects.create(claim=claim, weapon_system=weapon, max_km=500)
    url = {
        "claim": claim.get_absolute_url(),
        "asserter": asserted.speaker.get_absolute_url(),  # the "denied by" list
        "speaker": paraphrase.speaker.get_absolute_url(),
        "weapon": reverse("weapon-detail", kwargs={"slug": weapon.slug}),
    }[page]

    html = " ".join(unescape(client.get(url).content.decode()).split())

    if page != "weapon":  # the ranges table names who said it, not the words
        assert PARAPHRASE in html
    assert f"“{PARAPHRASE}" not in html
    assert 'reported <time datetime="2019-02-03">3 February 2019</time>' in html


def test_the_sentences_of_one_quote_are_listed_in_reading_order(client):
    article = ArticleFactory(published_on=datetime.date(2019, 2, 3))
    # Entered in reading order, the second sentence has the newer pk: newest-first must not reverse them.
    claim = StanceFactory(statement__article=article, statement__text="We are ready to talk").claim
    StanceFactory(statement__article=article, statement__text="Nobody has asked us", claim=claim)

    html = client.get(claim.get_absolute_url()).content.decode()

    assert html.index("We are ready to talk") < html.index("Nobody has asked us")
