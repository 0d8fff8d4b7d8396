"""Quotes in English, Russian, Portuguese, Spanish, French and German articles, each with its speaker.

The articles in ``languages/`` are short texts written for these tests (not third-party copy); the
article's language chooses the cue lexicon (``sources/extraction/lexicons/<language>.json``).
"""

from pathlib import Path

import pytest

from sources.extraction import available_languages, extract_candidates, same_last_name

ARTICLES = Path(__file__).resolve().parent / "languages"

# (opening words of the quote, the speaker's last name as the article writes it)
EXPECTED = {
    "en": [
        ("Russia has jeopardized", "Pompeo"),
        ("We cannot sit idly by", "Pompeo"),  # "the secretary added"
        ("The treaty remains the cornerstone", "NATO"),  # an organisation speaks too
        ("There is nothing to them", "Garten"),  # "Trump attorney Alan Garten", not Trump
    ],
    "ru": [
        ("Мы не будем первыми", "Рябков"),
        ("Дверь для переговоров", "Рябков"),  # "— добавил дипломат"
        ("Кремль внимательно следит", "Песков"),  # "По словам пресс-секретаря … Дмитрия Пескова"
    ],
    "pt": [
        ("A Rússia nunca violou", "Peskov"),
        ("Washington prefere acusações", "Peskov"),  # "acrescentou o porta-voz"
        ("a decisão americana", "Zakharova"),  # "De acordo com a diplomata Maria Zakharova"
    ],
    "es": [
        ("Estamos dispuestos a negociar", "Lavrov"),
        ("La responsabilidad de la crisis", "Lavrov"),  # "añadió el canciller"
        ("los misiles no violan", "Antónov"),  # "Según el embajador Anatoli Antónov"
    ],
    "fr": [
        ("La Russie a encore une chance", "Stoltenberg"),
        ("Nous n'avons aucune intention", "Stoltenberg"),  # "a ajouté le secrétaire général"
        ("les accusations de l'OTAN", "Zakharova"),  # "Selon la porte-parole Maria Zakharova"
    ],
    "de": [
        ("Russland hat es in der Hand", "Maas"),
        ("Wir wollen kein neues Wettrüsten", "Maas"),  # "betonte der Minister"
        ("hat Moskau keine Verletzungen", "Peskow"),  # "Laut Kremlsprecher Dmitri Peskow"
    ],
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_every_quote_of_the_article_is_found_with_its_speaker(language):
    text = (ARTICLES / f"{language}.txt").read_text(encoding="utf-8")
    candidates = extract_candidates(text, language=language)
    assert [c.text for c in candidates if text[c.start : c.end] != c.text] == []
    assert len(candidates) == len(EXPECTED[language])
    for candidate, (opening, speaker) in zip(candidates, EXPECTED[language], strict=True):
        assert candidate.text.startswith(opening)
        assert same_last_name(candidate.speaker, speaker), (candidate.text, candidate.speaker)


def test_each_language_of_the_tests_has_its_lexicon():
    assert set(EXPECTED) <= set(available_languages())


def test_the_articles_language_chooses_the_cue_lexicon():
    text = (ARTICLES / "pt.txt").read_text(encoding="utf-8")
    read_as_english = {c.text[:20]: c.speaker for c in extract_candidates(text, language="en")}
    read_as_portuguese = {c.text[:20]: c.speaker for c in extract_candidates(text, language="pt")}
    # "disse Peskov" is no English cue: read as English, the first quote has no speaker
    assert read_as_english.get("A Rússia nunca violo") is None
    assert read_as_portuguese["A Rússia nunca violo"] == "Peskov"


def test_an_unknown_language_reads_as_english():
    [c] = extract_candidates("“We are ready for talks,” said Sergey Ryabkov.", language="xx")
    assert c.speaker == "Sergey Ryabkov"


@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [
        ("Er sagte: ‚Wir bleiben bei unserer Position, das ist klar.‘ Dann ging er.", "de", None),
        ("「我们愿意对话，但不会接受最后通牒」, said Hua Chunying.", "en", "Hua Chunying"),
        ("„Das ist ein gefährlicher Schritt für Europa“, sagte Heiko Maas.", "de", "Heiko Maas"),
        ("« La Russie doit respecter le traité », a déclaré Jean-Yves Le Drian.", "fr", "Jean-Yves Le Drian"),
    ],
)
def test_quotation_marks_of_each_convention_are_read(text, language, speaker):
    candidates = extract_candidates(text, language=language)
    assert len(candidates) == 1
    if speaker is not None:
        assert candidates[0].speaker == speaker
