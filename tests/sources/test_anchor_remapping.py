"""The rules that carry an anchor through an edit of its article (sources/anchoring.py), on plain strings."""

from sources.anchoring import Drift, diff_opcodes, remap, selector_at

TEXT = (
    "The diplomat said: “We are ready to talk.” Later he repeated it.\n\n"
    "A second paragraph with the INF Committee in it.\n\n"
    "“We are ready to talk,” the minister said again.\n"
)


def carry(old: str, new: str, quote: str, occurrence: int = 1, *, trusted: bool = True):
    start = -1
    for _ in range(occurrence):
        start = old.index(quote, start + 1)
    end = start + len(quote)
    return remap(
        old_text=old,
        new_text=new,
        opcodes=diff_opcodes(old, new),
        start=start,
        end=end,
        selector=selector_at(old, start, end),
        trusted=trusted,
    )


def test_a_correction_elsewhere_keeps_both_occurrences_of_a_repeated_quote_apart():
    new = TEXT.replace("INF Committee", "INF Treaty")
    first = carry(TEXT, new, "We are ready to talk", 1)
    second = carry(TEXT, new, "We are ready to talk", 2)

    assert (first.start, first.drift) == (TEXT.index("We are ready to talk"), Drift.NONE)
    assert second.drift == Drift.MOVED and not second.words_changed
    assert second.start == new.rindex("We are ready to talk")


def test_an_edit_inside_the_anchored_words_is_reported_as_changed_words():
    new = TEXT.replace("We are ready to talk.", "We are ready to negotiate.")
    change = carry(TEXT, new, "We are ready to talk", 1)

    assert change.words_changed
    assert new[change.start : change.end] == "We are ready to negotiate"
    assert change.drift == Drift.REWORDED


def test_text_inserted_right_before_or_after_a_quote_does_not_change_its_words():
    new = TEXT.replace("“We are ready to talk.”", "“[sic] We are ready to talk [sic].”")
    change = carry(TEXT, new, "We are ready to talk", 1)

    assert not change.words_changed
    assert new[change.start : change.end] == "We are ready to talk"


def test_a_moved_paragraph_takes_its_quote_along_found_again_by_its_selector():
    paragraphs = TEXT.split("\n\n")
    new = "\n\n".join([paragraphs[1], paragraphs[2].rstrip("\n"), paragraphs[0]]) + "\n"
    change = carry(TEXT, new, "We are ready to talk", 1)

    assert change.drift == Drift.REANCHORED and not change.words_changed
    said = "The diplomat said: “"
    assert new[change.start - len(said) : change.end] == f"{said}We are ready to talk"


def test_an_anchor_made_on_another_text_is_found_by_its_context_not_its_offsets():
    change = carry(TEXT, TEXT, "We are ready to talk", 2, trusted=False)

    assert change.start == TEXT.rindex("We are ready to talk")


def test_words_that_are_gone_detach_an_untrusted_anchor():
    new = TEXT.replace("We are ready to talk", "No")
    change = carry(TEXT, new, "We are ready to talk", 1, trusted=False)

    assert change.words_changed and change.start is None and change.drift == Drift.DETACHED


def test_the_diff_of_a_long_text_with_one_typo_is_a_single_small_edit():
    long_text = ("Paragraph of the article. " * 40 + "\n") * 500
    new = long_text[:300_000] + "X" + long_text[300_001:]
    edits = [op for op in diff_opcodes(long_text, new) if op[0] != "equal"]

    assert edits == [("replace", 300_000, 300_001, 300_000, 300_001)]
