import grapheme
import pytest

from campaigns.social.rendering import (
    BLUESKY_RULES,
    ELLIPSIS,
    LINKEDIN_RULES,
    X_RULES,
    fit_message,
    mastodon_rules,
)

LINK = "https://news.example.org/newsroom/court-orders-release-of-detained-journalists-and-more/"
LONG = " ".join(["Detention"] + ["of journalists must end now"] * 40)


def test_short_message_is_kept_whole_with_the_link_after_it():
    assert (
        fit_message("Court ruling today.", LINK, BLUESKY_RULES) == f"Court ruling today.\n\n{LINK}"
    )


@pytest.mark.parametrize(
    "rules", [BLUESKY_RULES, X_RULES, mastodon_rules(500, 23), mastodon_rules(200, 23)]
)
def test_long_message_is_cut_at_a_word_with_an_ellipsis_and_the_link_whole(rules):
    text = fit_message(LONG, LINK, rules)
    body, link = text.rsplit("\n\n", 1)
    assert link == LINK
    assert body.endswith(ELLIPSIS)
    assert LONG.startswith(body[: -len(ELLIPSIS)])
    assert LONG[len(body) - 1] == " "  # the cut falls between words
    assert rules.measure(text) <= rules.max_length


def test_x_counts_links_as_23_and_wide_characters_double():
    assert X_RULES.measure(LINK) == 23
    assert X_RULES.measure("abc") == 3
    assert X_RULES.measure("日本語") == 6
    assert X_RULES.measure("👩‍👩‍👧") == 2
    text = fit_message("報道の自由 " * 60, LINK, X_RULES)
    assert X_RULES.measure(text) <= 280
    assert text.endswith(LINK)


def test_mastodon_uses_the_instance_limit_and_url_weight():
    rules = mastodon_rules(max_characters=100, characters_reserved_per_url=30)
    text = fit_message(LONG, LINK, rules)
    assert grapheme.length(text.rsplit("\n\n", 1)[0]) + 2 + 30 <= 100
    assert text.endswith(LINK)


def test_bluesky_counts_graphemes_including_the_full_link():
    flags = "🇺🇦 " * 200
    text = fit_message(flags, LINK, BLUESKY_RULES)
    assert grapheme.length(text) <= 300
    assert len(text.encode()) > 300  # bytes and code points are not what is limited
    assert text.endswith(LINK)


def test_linkedin_reserved_characters_are_escaped():
    text = fit_message("Report (2026) #rights @ngo [key] *now* under_score", LINK, LINKEDIN_RULES)
    assert text.startswith(r"Report \(2026\) \#rights \@ngo \[key\] \*now\* under\_score")
    assert text.endswith(LINK)


def test_one_word_longer_than_the_budget_is_cut_between_graphemes():
    text = fit_message("a" * 400, LINK, BLUESKY_RULES)
    assert grapheme.length(text) <= 300
    assert text.endswith(ELLIPSIS + "\n\n" + LINK)
