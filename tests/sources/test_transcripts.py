"""Speaker labels make a transcript only when speakers take turns."""

from sources.extraction import extract_candidates

HEADLINE_LABEL = """Ana Ruiz: The Bridge Will Open On Time.
HARBOUR TOWN — The mayor defended the schedule on Monday, saying the delays were over.
“We are on time and on budget,” Ruiz said.
The council meets again next week to vote on the budget.
Related:
Ana Ruiz: Why I Am Running Again.
"""

INTERVIEW = """Ana Ruiz: The Bridge Will Open On Time.
The mayor spoke to us on Monday.
HOST: Will the bridge open on time?
RUIZ: It will. The last beam is in place.
HOST: And the budget?
RUIZ: We are within it, to the cent.
"""


def test_a_headline_label_used_twice_makes_no_transcript():
    found = [c.text for c in extract_candidates(HEADLINE_LABEL)]
    assert found == ["We are on time and on budget"]


def test_a_headline_label_before_an_interview_is_not_its_first_turn():
    found = {c.text: c.speaker for c in extract_candidates(INTERVIEW)}
    assert found == {"It will. The last beam is in place.": "Ruiz", "We are within it, to the cent.": "Ruiz"}


GALLERY = """Ana Ruiz: The Bridge Will Open On Time.
The mayor defended the schedule on Monday.
Name: Omar Petit
Age: 41
Why he came: “The ferry takes an hour each way.”
Name: Lea Moreau
Age: 29
Ana Ruiz: Why I Am Running Again.
"""


def test_the_fields_of_a_photo_gallery_are_not_speakers():
    assert [c.text for c in extract_candidates(GALLERY)] == ["The ferry takes an hour each way"]
