"""Deterministic text for the generated site: headlines, article bodies, comments.

Words are drawn with a Zipf-like spread (weight 1/rank) from the real words of
`vocabulary` followed by made-up rare words. Bodies are built from a pool of paragraphs
made once per corpus plus a sentence of the article's own, so a million 600-2,000-word
articles cost string joins, not a million times a thousand random draws; every body is
still a different text, and rare words stay rare.
"""

# Generated text, not secrets: the standard generator is the right one here.
# ruff: noqa: S311

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from itertools import accumulate

from broadsheet.benchdata.vocabulary import COMMENT_OPENERS, LANGUAGES, SYLLABLES, WORDS

RARE_WORDS_PER_LANGUAGE = 20_000
PARAGRAPHS_PER_LANGUAGE = 3_000
COMMENT_SENTENCES_PER_LANGUAGE = 20_000
BODY_WORDS = (600, 2_000)


@dataclass(frozen=True)
class Body:
    """An article body as stored (`html`) and as the search index reads it (`text`):
    `text` is exactly `search.text.html_to_text(html)`."""

    html: str
    text: str
    words: int


class _Language:
    def __init__(self, language: str, rng: random.Random) -> None:
        words = list(WORDS[language])
        seen = {w.lower() for w in words}
        syllables = SYLLABLES[language]
        target = len(words) + RARE_WORDS_PER_LANGUAGE
        while len(words) < target:
            word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        self.cum_weights = list(accumulate(1.0 / (rank + 1) for rank in range(len(words))))
        # Paragraphs of 40-140 words, each with its word count.
        self.paragraphs: list[tuple[str, int]] = []
        for _ in range(PARAGRAPHS_PER_LANGUAGE):
            sentences = [self.sentence(rng, rng.randint(8, 24)) for _ in range(rng.randint(3, 7))]
            text = " ".join(sentences)
            self.paragraphs.append((text, len(text.split())))
        self.comment_sentences = [
            self.sentence(rng, rng.randint(4, 18)) for _ in range(COMMENT_SENTENCES_PER_LANGUAGE)
        ]

    def sentence(self, rng: random.Random, length: int) -> str:
        chosen = rng.choices(self.words, cum_weights=self.cum_weights, k=length)
        return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


class Corpus:
    """Text in three languages; the same `seed` gives the same texts."""

    def __init__(self, seed: int = 2025) -> None:
        rng = random.Random(seed)
        self._languages = {code: _Language(code, rng) for code in LANGUAGES}

    def sentence(self, rng: random.Random, language: str, low: int, high: int) -> str:
        return self._languages[language].sentence(rng, rng.randint(low, high))

    def headline(self, rng: random.Random, language: str) -> str:
        return self.sentence(rng, language, 5, 11)[:-1]

    def words(self, rng: random.Random, language: str, count: int) -> list[str]:
        lang = self._languages[language]
        return rng.choices(lang.words, cum_weights=lang.cum_weights, k=count)

    def words_by_rank(self, language: str, rank: int) -> str:
        """The word at `rank` (0: the most frequent): benchmarks pick rare words by it."""
        return self._languages[language].words[rank]

    def body(self, rng: random.Random, language: str) -> Body:
        """600-2,000 words in paragraphs, an occasional subheading and quotation."""
        lang = self._languages[language]
        target = rng.randint(*BODY_WORDS)
        html: list[str] = []
        text: list[str] = []
        count = 0
        own = self.sentence(rng, language, 10, 20)  # this article's own sentence
        first = True
        while count < target:
            paragraph, words = rng.choice(lang.paragraphs)
            if first:
                paragraph, words = f"{own} {paragraph}", words + len(own.split())
                first = False
            roll = rng.random()
            if roll < 0.06 and count:
                heading = self.sentence(rng, language, 3, 6)[:-1]
                html.append(f"<h2>{heading}</h2>")
                text.append(heading)
                count += len(heading.split())
            if roll > 0.95:
                html.append(f"<blockquote><p>{paragraph}</p></blockquote>")
            else:
                html.append(f"<p>{paragraph}</p>")
            text.append(paragraph)
            count += words
        return Body(html="".join(html), text=" ".join(text), words=count)

    def comment(self, rng: random.Random, language: str) -> str:
        """A reader's comment: an opener, then one to four sentences from a pool made
        once (ten million comments would otherwise spend most of their time here)."""
        parts = [rng.choice(COMMENT_OPENERS[language])] if rng.random() < 0.6 else []
        pool = self._languages[language].comment_sentences
        parts += [rng.choice(pool) for _ in range(rng.randint(1, 4))]
        return " ".join(parts)


@functools.cache
def corpus_default() -> Corpus:
    """The corpus every run uses, made once per process (a few seconds)."""
    return Corpus()
