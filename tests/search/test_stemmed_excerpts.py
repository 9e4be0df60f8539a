"""Excerpts marked by word stems (the PostgreSQL engine's): every form of a query word is
marked, in at most two fragments of the article's own words."""

import re

from search.excerpts import EXCERPT_WORDS, stemmed_excerpt


def marked(excerpt):
    return re.findall(r"<mark>([^<]*)</mark>", excerpt)


def filler(count, word="report"):
    return " ".join(f"{word}{number}" for number in range(count))


def test_every_form_of_a_query_word_is_marked_and_nothing_else():
    text = "Guards tortured detainees. Torture is banned; torturing anyone is a crime. A tort."

    excerpt = stemmed_excerpt(text, ["torture"])

    assert marked(excerpt) == ["tortured", "Torture", "torturing"]
    assert excerpt.startswith("Guards") and not excerpt.endswith("…")


def test_no_form_of_the_words_gives_no_excerpt():
    assert stemmed_excerpt("Journalists were released on bail.", ["torture"]) == ""
    assert stemmed_excerpt("Journalists were released on bail.", []) == ""


def test_the_excerpt_is_escaped_text_with_marks():
    excerpt = stemmed_excerpt("<b>Torture</b> & beatings in <script>custody</script>", ["torture"])

    assert "<b>" not in excerpt and "<script>" not in excerpt
    assert "&amp;" in excerpt and "<mark>Torture</mark>" in excerpt


def test_words_far_apart_are_shown_in_two_fragments():
    text = f"{filler(40)} The court heard appeals. {filler(300)} Custody was extended. {filler(40)}"

    excerpt = stemmed_excerpt(text, ["custody", "appeal"])

    assert marked(excerpt) == ["appeals", "Custody"]
    first, second = excerpt.removeprefix("… ").removesuffix(" …").split(" … ")
    assert "appeals" in first and "Custody" in second
    assert excerpt.startswith("… ") and excerpt.endswith(" …")
    assert len(excerpt.split()) <= EXCERPT_WORDS + 4


def test_the_fragment_with_most_of_the_words_is_chosen():
    text = (
        f"The appeal was lodged. {filler(200)} On appeal, the court ordered the release from"
        f" custody of both journalists. {filler(200)}"
    )

    excerpt = stemmed_excerpt(text, ["appeal", "custody"])

    assert marked(excerpt) == ["appeal", "custody"]
    assert "lodged" not in excerpt


def test_a_word_past_the_opening_is_found_in_the_whole_text():
    text = f"{filler(1000)} Police beat protesters at the border. {filler(100)}"

    excerpt = stemmed_excerpt(text, ["beating", "protester"])

    assert marked(excerpt) == ["beat", "protesters"]
    assert excerpt.startswith("… ") and excerpt.endswith(" …")
    assert len(excerpt.split()) <= EXCERPT_WORDS + 2


def test_only_whole_words_are_marked_in_any_case():
    text = "Pretorture and ward_torture stay unmarked; TORTURED men, torture_2 and torture."

    assert marked(stemmed_excerpt(text, ["torture"])) == ["TORTURED", "torture"]


def test_a_text_whose_lower_case_is_longer_is_marked_the_same():
    # "İ" lower-cases to two characters, which would shift every position after it.
    text = "İstanbul court: tortured detainees. Torture İİİ is banned; torturing is a crime."

    excerpt = stemmed_excerpt(text, ["torture"])

    assert marked(excerpt) == ["tortured", "Torture", "torturing"]
    assert excerpt.startswith("İstanbul court:")


def test_a_word_cut_by_the_opening_is_read_as_cut():
    from search.excerpts import EXCERPT_OPENING_CHARACTERS

    # The opening ends inside "custodians": it is read there as "custod", a form of "custody"
    # (whose stem is "custodi"): not marked. The later "custody" is, in the second fragment.
    text = "x" * (EXCERPT_OPENING_CHARACTERS - 6) + " custodians " + filler(60) + " custody."
    excerpt = stemmed_excerpt(text, ["custody"])

    assert marked(excerpt) == ["custody"]
