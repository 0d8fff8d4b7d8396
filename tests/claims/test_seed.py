"""The seed corpus, as an analyst relies on it: complete, anchored, and stable when reloaded."""

import re

import pytest
from django.apps import apps

from claims.models import Actor, Statement
from claims.seed import load_corpus
from sources.models import Article

# The opening words of every direct quote attributable to a named speaker, by article,
# listed by hand from the article texts (claims/seed/articles/).
ATTRIBUTABLE_QUOTES = {
    "000_2990ff72861821a8.txt": [
        ("We have conducted and continue", "Ryabkov"),
        ("So far, all we have heard", "Ryabkov"),
        ("Instead of sitting at the negotiating table", "Yermakov"),
        ("The state, which feels that its position", "Yermakov"),
        ("All this will be in their famous", "Yermakov"),
        ("There should be facts and serious negotiations", "Yermakov"),
        ("Bolton arrived with nothing", "Yermakov"),
        ("Russian violations", "United States"),
        ("Russian violations", "Bolton"),
        ("substantial violation of the INF Treaty", "Trump"),
        ("for the return of the Russian Federation to compliance", "Trump"),
        ("Washington completely ignores", "Patrushev"),
        ("We must pay tribute", "Patrushev"),
        ("Russia strictly fulfills", "Patrushev"),
        ("We are not talking about establishing", "Koktysh"),
        # The quote opens "She (meeting. - RT )": RT's insertion is left out of Koktysh's words.
        ("will bring a continuation of the dialogue", "Koktysh"),
        ("They do not need to convince the Russians", "Byshok"),
        ("If we assume some hypothetical conflict", "Byshok"),
    ],
    "002_6ca5841c59a1ca19.txt": [
        ("Let me remind you that", "Lavrov"),
        ("And if the United States refrains", "Lavrov"),
        ("The PRC said that the scale", "Lavrov"),  # reporting China's position
        ("But the Americans continue to declare this", "Lavrov"),
        ("gives a chance to maintain strategic stability", "Sherin"),
        ("This proposal suggests", "Sherin"),
        ("This shows that the Russian Federation", "Sherin"),
        ("For the United States, NATO is a business model", "Sudakov"),
        ("propaganda campaign", "Putin"),
        ("Instead of correcting this unacceptable situation", "Putin"),
        ("Such weapons are classified as prohibited", "Putin"),
        ("It is noteworthy that tests", "Putin"),
        ("does not want a new arms race", "Stoltenberg"),
        ("The issue of deploying medium-range missiles", "Morawiecki"),
        ("The countries of Europe are well aware", "Sudakov"),
        ("If the media write about the Russian initiative", "Leonkov"),
    ],
}


def article_for(filename: str) -> Article:
    return Article.objects.get(content_hash=_hash_of(filename))


def _hash_of(filename: str) -> str:
    from claims.seed import SEED_DIR
    from sources.models import content_hash

    return content_hash((SEED_DIR / "articles" / filename).read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_every_seed_statement_equals_the_article_text_at_its_offsets(corpus):
    anchored = Statement.objects.filter(start__isnull=False).select_related("article")
    assert anchored.count() >= 30
    for statement in anchored:
        assert statement.article.text[statement.start : statement.end] == statement.text, statement.pk
    assert not Statement.objects.filter(kind=Statement.Kind.QUOTE, start__isnull=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("filename", sorted(ATTRIBUTABLE_QUOTES))
def test_each_seed_article_has_all_its_attributable_quotes_with_the_right_speaker(corpus, filename):
    article = article_for(filename)
    quotes = list(article.statements.filter(kind=Statement.Kind.QUOTE).select_related("speaker"))

    for opening, speaker in ATTRIBUTABLE_QUOTES[filename]:
        matching = [q for q in quotes if q.text.startswith(opening)]
        by_speaker = [q for q in matching if speaker in q.speaker.name]
        assert len(by_speaker) == 1, f"{opening!r} by {speaker}: found {[str(q) for q in matching]}"
    assert len(quotes) == len(ATTRIBUTABLE_QUOTES[filename]), "a quote that is not in the expected list"


@pytest.mark.django_db
def test_no_statement_comes_from_a_heading_a_caption_or_the_pull_quote(corpus):
    texts = set(Statement.objects.values_list("text", flat=True))
    assert not texts & {"Validity of claims", "Inadmissible luxury"}

    for article in Article.objects.all():
        caption_spans = [m.span() for m in re.finditer(r"^\s*•.*$", article.text, flags=re.M)]
        for statement in article.statements.filter(start__isnull=False):
            assert not any(s <= statement.start < e for s, e in caption_spans), statement

    first_article = article_for("000_2990ff72861821a8.txt")
    pull_quote_at = first_article.text.index("“They do not need to convince Russians")
    assert not first_article.statements.filter(start__lte=pull_quote_at + 1, end__gt=pull_quote_at).exists()


@pytest.mark.django_db
def test_every_seed_claim_has_at_least_one_stance_and_the_disputed_ones_have_both_sides(corpus):
    from claims.models import Claim

    claims = Claim.objects.with_stance_counts()
    assert claims.count() >= 15
    assert all(c.stances.exists() for c in claims)
    assert any(c.n_asserting and c.n_denying for c in claims)


@pytest.mark.django_db
def test_loading_the_seed_twice_leaves_the_same_row_counts(corpus):
    def counts() -> dict[str, int]:
        return {
            model._meta.label: model.objects.count()
            for app in ("claims", "sources")
            for model in apps.get_app_config(app).get_models()
        }

    before = counts()
    load_corpus()
    assert counts() == before
    assert before["claims.Statement"] > 0 and before["claims.Actor"] > 0


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", ["Yermakov", "ermakov", "Ermakov", "Vladimir Yermakov", "ERMAKOV"])
def test_any_spelling_of_yermakov_finds_the_one_actor(corpus, spelling):
    found = list(Actor.objects.by_alias(spelling))
    assert len(found) == 1
    assert "Yermakov" in found[0].name


@pytest.mark.django_db
def test_morawiecki_and_moravecki_are_the_same_actor(corpus):
    (morawiecki,) = Actor.objects.by_alias("Morawiecki")
    (moravecki,) = Actor.objects.by_alias("Moravecki")
    assert morawiecki == moravecki
    assert morawiecki.statements.exists()


@pytest.mark.django_db
def test_sergei_and_sergey_lavrov_are_the_same_actor(corpus):
    assert list(Actor.objects.by_alias("Sergei Lavrov")) == list(Actor.objects.by_alias("Sergey Lavrov"))
    assert Actor.objects.by_alias("Sergei Lavrov").count() == 1


@pytest.mark.django_db
def test_transliteration_tolerant_lookup_finds_a_spelling_nobody_entered(corpus):
    (found,) = Actor.objects.by_transliteration("Jermakov")
    assert "Yermakov" in found.name


@pytest.mark.django_db
def test_loading_the_seed_again_never_undoes_an_editors_changes(corpus):
    from claims.models import Claim, WeaponSystem
    from infkb.provenance import ReviewStatus

    statement = Statement.objects.published().order_by("pk").first()
    statement.venue = "corrected by an editor"
    statement.status = ReviewStatus.DRAFT
    statement.save()
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    added = WeaponSystem.objects.exclude(claims=claim).first()
    claim.weapon_systems.add(added)

    report = load_corpus()

    statement.refresh_from_db()
    assert (statement.venue, statement.status) == ("corrected by an editor", ReviewStatus.DRAFT)
    assert claim.weapon_systems.filter(pk=added.pk).exists()
    assert not report.created
