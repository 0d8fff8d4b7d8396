"""The quote benchmark's reading of a PolNeAR source phrase: which name in it is the speaker."""

import pytest

from bench.quotes import source_head


@pytest.mark.parametrize(
    ("source", "head"),
    [
        ("Mayor attorney Dana Ruiz", "Dana Ruiz"),
        ("the council's lawyer, Omar Petit,", "Omar Petit"),
        # a person's name before "of" or "from" is the head, not the place or body after it
        ("Sen. Ada Lindqvist of Vermont, a possible running mate", "Ada Lindqvist"),
        ("Paula Moreno of Cheyenne", "Paula Moreno"),
        ("Jonas Berg of the Center for Arms Control", "Jonas Berg"),
        # … but a body's name may hold "of"
        ("the Ohio Board of Elections", "Elections"),
    ],
)
def test_the_head_of_a_source_phrase_is_the_name_it_gives(source, head):
    assert source_head(source) == (head, "named")


def test_a_noun_phrase_names_nobody():
    assert source_head("the Florida senator") == (None, "described")
    assert source_head("he") == (None, "pronoun")
