"""Who a pronoun source ("he said") refers to, by the coreference chains PolNeAR ships.

PolNeAR annotates the source of an attribution as written: for "“…,” she said" that is "she", and who
"she" is is not annotated.  Each article comes with Stanford CoreNLP's analysis (``data/<split>/corenlp/
<article>.txt.xml``), coreference chains included.  Those chains are a machine's reading, not an
annotator's, so the figure scored against them is a reference, not a gold standard: a chain that merges
two people accepts either, a chain that misses the antecedent gives no reference and the quote is not
scored.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

_PERSON = "PERSON"


def _tokens(root: ET.Element) -> dict[tuple[int, int], tuple[int, int, str, str]]:
    """(sentence, token) -> (start, end, word, NER) for every token of the document."""
    tokens = {}
    for sentence in root.iter("sentence"):
        sid = sentence.get("id")
        if sid is None:
            continue
        for token in sentence.iter("token"):
            tokens[(int(sid), int(token.get("id", 0)))] = (
                int(token.findtext("CharacterOffsetBegin", "0")),
                int(token.findtext("CharacterOffsetEnd", "0")),
                token.findtext("word", ""),
                token.findtext("NER", ""),
            )
    return tokens


def person_chains(path: Path) -> list[tuple[list[tuple[int, int]], set[str]]]:
    """Each coreference chain of the document that names a person: the character spans of its mentions,
    and the words of those mentions that CoreNLP tagged as a person's name."""
    root = ET.parse(path).getroot()
    tokens = _tokens(root)
    document = root.find("document")
    outer = document.find("coreference") if document is not None else None
    chains = []
    for chain in outer.findall("coreference") if outer is not None else ():
        spans: list[tuple[int, int]] = []
        names: set[str] = set()
        for mention in chain.findall("mention"):
            sid = int(mention.findtext("sentence", "0"))
            first, last = int(mention.findtext("start", "0")), int(mention.findtext("end", "0")) - 1
            if (sid, first) not in tokens or (sid, last) not in tokens:
                continue
            spans.append((tokens[(sid, first)][0], tokens[(sid, last)][1]))
            words = [tokens[(sid, k)] for k in range(first, last + 1)]
            names.update(word for _, _, word, ner in words if ner == _PERSON)
        if names:
            chains.append((spans, names))
    return chains


def referent_names(chains: list[tuple[list[tuple[int, int]], set[str]]], span: tuple[int, int]) -> set[str]:
    """The person-name words of the chain holding a mention at ``span`` (a pronoun source), if any."""
    for spans, names in chains:
        if any(a <= span[0] and span[1] <= b for a, b in spans):
            return names
    return set()
