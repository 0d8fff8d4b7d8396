import datetime

from claims.templatetags.infkb_pages import fuzzy_date, highlight


def test_highlight_wraps_every_term_in_mark_ignoring_case():
    assert highlight("The 9M729 flies; the 9m729 lands", ["9m729"]) == (
        "The <mark>9M729</mark> flies; the <mark>9m729</mark> lands"
    )


def test_highlight_escapes_the_text_before_marking_it():
    result = highlight('<script>alert("range")</script> range', ["range"])

    assert "<script>" not in result
    assert result == "&lt;script&gt;alert(&quot;<mark>range</mark>&quot;)&lt;/script&gt; <mark>range</mark>"


def test_highlight_cannot_be_tricked_by_terms_that_look_like_markup():
    assert highlight("a < b & c", ["<", "amp", "lt"]) == "a <mark>&lt;</mark> b &amp; c"
    assert highlight("<b>bold</b>", ["b>"]) == "&lt;<mark>b&gt;</mark>bold&lt;/<mark>b&gt;</mark>"


def test_highlight_without_terms_only_escapes():
    assert highlight("<i>x</i>", []) == "&lt;i&gt;x&lt;/i&gt;"
    assert highlight(None, ["x"]) == ""


def test_fuzzy_dates_say_no_more_than_is_known():
    assert fuzzy_date(datetime.date(2018, 10, 1), "month") == '<time datetime="2018-10">October 2018</time>'
    assert (
        fuzzy_date(datetime.date(2018, 11, 23), "day")
        == '<time datetime="2018-11-23">23 November 2018</time>'
    )
    assert fuzzy_date(datetime.date(1987, 1, 1), "year") == '<time datetime="1987">1987</time>'
    assert fuzzy_date(None, "day") == ""


def test_highlight_marks_whole_words_with_their_endings():
    assert highlight("Claimed ranges; arranged", ["range"]) == "Claimed <mark>ranges</mark>; arranged"
