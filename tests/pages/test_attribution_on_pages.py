"""Pages say plainly whose words a statement is, whom it reports, the office held and the translation."""

import re
from html import unescape

import pytest
from django.urls import reverse

from claims.models import Claim, Statement
from sources.models import Article

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_a_characterisation_is_labelled_as_the_outlets_and_never_shown_as_a_quote(client, corpus):
    characterisation = Statement.objects.get(text__startswith="which, according to Washington")
    claim = Claim.objects.get(slug="9m729-range-over-500km")

    for url in (claim.get_absolute_url(), characterisation.speaker.get_absolute_url()):
        html = page(client, url)
        assert f"RT’s characterisation {characterisation.text}" in re.sub(r"<[^>]+>", "", html)
        assert f"“{characterisation.text}" not in html


def test_a_search_hit_labels_a_characterisation_as_the_outlets_not_as_a_paraphrase(client, corpus):
    html = page(client, reverse("search") + "?q=9M729")
    text = re.sub(r"<[^>]+>", "", html)

    assert "The outlet’s characterisation the Russian 9M729 cruise missiles" in text
    assert "Paraphrase the Russian 9M729 cruise missiles" not in text


def test_the_reader_marks_a_characterisation_apart_from_quotes_and_paraphrases(client, corpus):
    characterisation = Statement.objects.get(text__startswith="which, according to Washington")

    html = page(client, characterisation.article.get_absolute_url())

    assert f'<mark class="characterisation" data-statement="{characterisation.pk}"' in html
    assert "a characterisation</mark>, RT’s own wording of someone’s position" in html


def test_a_paraphrase_says_according_to_which_outlet_and_wears_no_quotation_marks(client, corpus):
    paraphrase = Statement.objects.get(text__startswith="there is a difference between plans")

    html = page(client, Claim.objects.get(slug="us-no-official-withdrawal-notice").get_absolute_url())

    text = re.sub(r"<[^>]+>", "", html)
    assert f"Paraphrase {paraphrase.text} according to RT" in text
    assert f"“{paraphrase.text}" not in html


def test_a_card_names_the_reporter_and_whom_they_report(client, corpus):
    html = page(client, Claim.objects.get(slug="russia-mirror-deployment").get_absolute_url())

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "Sergey Lavrov, reporting Vladimir Putin" in text


def test_cards_show_the_office_held_that_day_and_the_reader_keeps_the_articles_wording(client, corpus):
    claim = Claim.objects.get(slug="bolton-visit-brought-nothing")
    office = "Director of the Department for Non-Proliferation and Arms Control"

    card = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page(client, claim.get_absolute_url())))
    assert f"Vladimir Yermakov, {office}" in card
    assert "spokesman" not in card

    article = Article.objects.get(slug__startswith="russia-and-the-us")
    reader = re.sub(r"<[^>]+>", "", page(client, article.get_absolute_url()))
    wording = "(in the article: “Foreign Ministry spokesman”)"
    assert f"{office}, Ministry of Foreign Affairs of the Russian Federation {wording}" in reader


def test_every_quote_card_says_its_words_are_a_machine_translation(client, corpus):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")

    html = page(client, claim.get_absolute_url())

    cards = re.findall(r'<article class="statement.*?</article>', html, flags=re.S)
    assert cards
    assert all("Machine translation from Russian" in card for card in cards)


def test_a_human_translation_is_not_called_a_machine_translation(client, corpus):
    article = Article.objects.get(slug__startswith="russia-and-the-us")
    Article.objects.filter(pk=article.pk).update(translation=Article.Translation.HUMAN)

    reader = page(client, article.get_absolute_url())
    listing = page(client, reverse("article-list"))

    assert "Human translation from Russian." in reader
    assert "Machine translation" not in reader
    assert "Human translation from Russian" in listing


def test_an_original_text_carries_no_translation_label(client, corpus):
    article = Article.objects.get(slug__startswith="russia-and-the-us")
    Article.objects.filter(pk=article.pk).update(translation=Article.Translation.ORIGINAL)

    reader = page(client, article.get_absolute_url())

    assert "Machine translation" not in reader and "Human translation" not in reader
    assert '"Healy Likely" is' not in reader  # the translation note goes with the translation
