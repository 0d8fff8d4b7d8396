"""Name normalisation, so that any spelling of a name finds its actor.

`normalize_name` folds case, accents and punctuation: "Sergeï  LAVROV" and
"sergei lavrov" are the same. `transliteration_key` folds further, over the
usual variants of romanised Russian (Yermakov/Ermakov, Sergei/Sergey,
Morawiecki/Moravetski…), for tolerant search; exact lookup uses aliases.

`to_latin` romanises Cyrillic (Рябков -> ryabkov), so that a query typed in Russian
finds the Latin names and the English texts.
"""

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")


def normalize_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", without_accents.casefold()).split())


# Applied in order to each word; each rule folds one family of romanisation variants.
_TRANSLITERATION_RULES = [
    (re.compile(r"^(ye|je|e)"), "e"),  # Yermakov, Jermakov, Ermakov
    (re.compile(r"(yo|jo|io|ë)"), "e"),
    (re.compile(r"(iy|ii|yi|ij|y)$"), "i"),  # Sergey, Sergii, Sergei -> sergei after the next rule
    (re.compile(r"ei$"), "i"),
    (re.compile(r"(ya|ja|ia)"), "a"),
    (re.compile(r"(yu|ju|iu)"), "u"),
    (re.compile(r"(kh|ch|h)"), "h"),
    (re.compile(r"(ck|k|q|c(?![eiy]))"), "k"),
    (re.compile(r"(ts|tz|cz|c)"), "c"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ie(?!$)"), "e"),  # Polish Morawiecki, Russian Moravecki
    (re.compile(r"ph"), "f"),
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters
    (re.compile(r"j"), "i"),
    (re.compile(r"y"), "i"),
]


def transliteration_key(name: str) -> str:
    words = []
    for word in normalize_name(name).split():
        for pattern, replacement in _TRANSLITERATION_RULES:
            word = pattern.sub(replacement, word)
        words.append(word)
    return " ".join(words)


# Russian Cyrillic, romanised as the English-language press does (BGN/PCGN, simplified).
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".replace("_", "").split(
            " "
        ),
        strict=True,
    )
)
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")


def to_latin(text: str) -> str:
    """`text` with its Cyrillic letters romanised (lower-cased); Latin text is returned as it is."""
    if not _CYRILLIC_LETTER.search(text):
        return text
    return "".join(_CYRILLIC.get(char, char) for char in text.lower())
