"""Fitting a message to each network's rules: length counting, URL weight, escaping, truncation.

The link is always kept whole; the text before it is shortened at a word boundary with an ellipsis.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import grapheme

ELLIPSIS = "…"
SEPARATOR = "\n\n"
URL_PATTERN = re.compile(r"https?://\S+")

# twitter-text v3: these code points weigh 1, every other 2, an emoji 2, a URL 23.
X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
LINKEDIN_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")


def _is_emoji(cluster):
    first = ord(cluster[0])
    return first >= 0x1F000 or "\u200d" in cluster or "\ufe0f" in cluster


def _x_weight(text):
    total = 0
    for cluster in grapheme.graphemes(text):
        if _is_emoji(cluster):
            total += 2
            continue
        for char in cluster:
            code = ord(char)
            total += 1 if any(low <= code <= high for low, high in X_LIGHT_RANGES) else 2
    return total


@dataclass(frozen=True)
class MessageRules:
    """How a network counts a message, and how long it may be."""

    max_length: int
    url_weight: int | None = None  # None: a URL counts as its own text
    weighted: Callable[[str], int] = grapheme.length
    escape: Callable[[str], str] = field(default=lambda text: text)

    def measure(self, text: str) -> int:
        if self.url_weight is None:
            return self.weighted(text)
        urls = URL_PATTERN.findall(text)
        return self.weighted(URL_PATTERN.sub("", text)) + self.url_weight * len(urls)


def mastodon_rules(max_characters=500, characters_reserved_per_url=23):
    return MessageRules(max_length=max_characters, url_weight=characters_reserved_per_url)


BLUESKY_RULES = MessageRules(max_length=300)
X_RULES = MessageRules(max_length=280, url_weight=23, weighted=_x_weight)
LINKEDIN_RULES = MessageRules(
    max_length=3000, escape=lambda text: LINKEDIN_RESERVED.sub(r"\\\1", text)
)
FACEBOOK_RULES = MessageRules(max_length=63206)
WEBHOOK_RULES = MessageRules(max_length=3000)


def _shorten(text, budget, rules):
    if rules.measure(text) <= budget:
        return text
    kept = ""
    for piece in re.split(r"(\s+)", text):
        candidate = kept + piece
        if rules.measure(candidate.rstrip() + ELLIPSIS) > budget:
            break
        kept = candidate
    kept = kept.rstrip().rstrip(",;:-–—")
    if not kept:
        # One word longer than the whole budget: cut it between graphemes.
        for cluster in grapheme.graphemes(text):
            if rules.measure(kept + cluster + ELLIPSIS) > budget:
                break
            kept += cluster
    return kept + ELLIPSIS


def fit_message(text: str, url: str, rules: MessageRules) -> str:
    """The text shortened to fit with the link after it; the link is never cut."""
    text = rules.escape(text.strip())
    if not url:
        return _shorten(text, rules.max_length, rules)
    budget = rules.max_length - rules.measure(SEPARATOR + url)
    if budget <= len(ELLIPSIS):
        return url
    return _shorten(text, budget, rules) + SEPARATOR + url
