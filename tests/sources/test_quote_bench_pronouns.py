"""The quote benchmark's reference for pronoun sources: the person CoreNLP's coreference chain names."""

from pathlib import Path

from bench.coref import person_chains, referent_names

TEXT = "Maria Lopez spoke first. She said no."


def token(k: int, word: str, ner: str = "O") -> str:
    start = TEXT.index(word)
    return (
        f'<token id="{k}"><word>{word}</word><CharacterOffsetBegin>{start}</CharacterOffsetBegin>'
        f"<CharacterOffsetEnd>{start + len(word)}</CharacterOffsetEnd><NER>{ner}</NER></token>"
    )


# CoreNLP's analysis of TEXT, cut to what bench/coref.py reads: tokens with offsets and NER, and one chain
XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<root><document><sentences>
<sentence id="1"><tokens>
{token(1, "Maria", "PERSON")}{token(2, "Lopez", "PERSON")}{token(3, "spoke")}
</tokens></sentence>
<sentence id="2"><tokens>{token(1, "She")}{token(2, "said")}</tokens></sentence>
</sentences>
<coreference><coreference>
<mention representative="true"><sentence>1</sentence><start>1</start><end>3</end><head>2</head></mention>
<mention><sentence>2</sentence><start>1</start><end>2</end><head>1</head></mention>
</coreference></coreference>
</document></root>
"""


def test_a_pronoun_source_refers_to_the_person_its_chain_names(tmp_path: Path):
    path = tmp_path / "article.txt.xml"
    path.write_text(XML, encoding="utf-8")
    chains = person_chains(path)
    assert TEXT[25:28] == "She"
    assert referent_names(chains, (25, 28)) == {"Maria", "Lopez"}


def test_a_pronoun_outside_every_chain_has_no_reference(tmp_path: Path):
    path = tmp_path / "article.txt.xml"
    path.write_text(XML, encoding="utf-8")
    assert referent_names(person_chains(path), (12, 17)) == set()
