"""A paraphrase is someone's words retold, a characterisation the outlet's own wording: no page may
show either in quotation marks."""

import re

import pytest
from django.urls import reverse

from claims.models import Stance, Statement

pytestmark = pytest.mark.browser

NOT_VERBATIM = [Statement.Kind.PARAPHRASE, Statement.Kind.CHARACTERISATION]
QUOTED = re.compile(r"[“\"«]([^”\"»]*)[”\"»]")


def _pages_showing_paraphrases() -> set[str]:
    """Every page of the seed on which a published paraphrase appears."""
    paraphrases = Statement.objects.published().filter(kind__in=NOT_VERBATIM)
    urls = {"/", "/timeline/", reverse("weapon-detail", kwargs={"slug": "9m729"})}
    for statement in paraphrases.select_related("speaker", "article"):
        urls.add(statement.speaker.get_absolute_url())
        urls.add(statement.article.get_absolute_url())
        urls.add(reverse("search") + "?q=" + "+".join(statement.text.split()[:3]))
    for stance in Stance.objects.published().filter(statement__in=paraphrases).select_related("claim"):
        urls.add(stance.claim.get_absolute_url())
        # The actor page's "denied by" list shows the deniers' words: visit the asserters' pages too.
        for asserting in Stance.objects.filter(claim=stance.claim, stance=Stance.Kind.ASSERTS):
            urls.add(asserting.statement.speaker.get_absolute_url())
    return urls


def test_no_page_shows_a_paraphrase_in_quotation_marks(site, page):
    openings = [
        " ".join(text.split()[:6])
        for text in Statement.objects.published().filter(kind__in=NOT_VERBATIM).values_list("text", flat=True)
    ]
    assert openings
    seen = set()
    for url in sorted(_pages_showing_paraphrases()):
        page.goto(f"{site}{url}")
        text = " ".join(page.locator("main").inner_text().split())
        # Quotation marks are paired within one block: a snippet cut short ("…") may open a mark
        # that the next search hit's text would otherwise seem to close.
        blocks = page.locator("main p, main li, main td, main dd, main h2, main h3, main blockquote")
        quoted = [
            " ".join(match.split()) for block in blocks.all_inner_texts() for match in QUOTED.findall(block)
        ]
        for opening in openings:
            if opening in text:
                seen.add(opening)
            assert not any(opening in inside for inside in quoted), (
                f"{url} quotes the paraphrase “{opening}…”"
            )
    # The check looked at every paraphrase somewhere.
    assert seen == set(openings)
