"""Which of a question's salient terms the corpus uses at all, and which the retrieved passages hold.

A question whose central words the corpus never uses ("rice cooker", 天気, FIFA) is off-topic
however close its vectors look: a multilingual embedder puts every question about work near
some passage. The vocabulary is the keyword index's own (every token of every chunk, so a user
document's words count) plus the glossary's forms in both languages; English words are matched
through their plural and verb endings and one typo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.language import split_sentences
from advisor.retrieval.glossary import Glossary
from advisor.retrieval.tokenize_ja import Word, normalize

_SALIENT_POS = {"名詞", "動詞", "形容詞"}
_WORD = re.compile(r"[a-z0-9]+")
# Words of asking that say nothing about the topic. The corpus's English text is catalogue
# blurbs, so most of these are in it anyway; listing them keeps a question's frame out of its
# topic when they are not.
FRAME_WORDS = frozenset(
    """want need know get got become good best better way like think really thing things anything something
    much many lot lots kind sort guy guys someone anyone ok okay hey hi yeah pls plz thanks thank honestly
    actually basically maybe probably usually typically generally right wrong sure well also still even
    say says said ask asked asking tell told mean means use used start started make made take took go going
    give look looking help wondering curious question answer advice tips ideas idea recommend suggest worth
    思う 知る 教える 聞く 言う 分かる わかる 感じ 気 方 ところ 場合 感じる 考える 出来る できる いい 良い 欲しい
    ほしい 知りたい 大丈夫 本当 ほんと 結局 みたい 的 さん 今 最近 自分 私 僕 俺 人 ぶっちゃけ マジ まじ""".split()
)
_SUFFIXES = ("ies", "es", "s", "ed", "ing", "ly")
GLOSSARY_FREQUENCY = 3
RARE = 2  # a word in at most this many chunks is only touched on, not covered


@dataclass(frozen=True)
class Term:
    """A salient word of the question: its surface as written and its search token."""

    surface: str
    token: str


_HIRAGANA = re.compile(r"^[\u3040-\u309f\u30fc]+$")


def salient_terms(words: list[Word]) -> list[Term]:
    """Content words that could name a topic: nouns, verbs, adjectives, none of the frame words.

    Words written in hiragana alone are left out: the corpus writes its topics in kanji, katakana
    or Latin script, so a kana spelling (さーばーれす) says nothing about what the corpus lacks.
    """
    terms = [Term(w.surface, w.token) for w in words
             if w.token and w.pos in _SALIENT_POS and w.token not in FRAME_WORDS and not w.token.isdigit()
             and (len(w.token) >= 3 or not w.token.isascii()) and not _HIRAGANA.match(w.token)]
    return list({t.token: t for t in terms}.values())


class Vocabulary:
    """The words the corpus uses and in how many chunks, with forgiving lookup for English."""

    def __init__(self, frequencies: dict[str, int]) -> None:
        self._frequencies = frequencies
        self._near: dict[str, str] | None = None  # one-deletion forms → word, built on first typo

    @classmethod
    def of(cls, index_frequencies: dict[str, int], glossary: Glossary) -> Vocabulary:
        frequencies = dict(index_frequencies)
        for form in glossary.all_forms():
            # A glossary term is a topic of the corpus even where no chunk spells it that way.
            for word in (form, *_WORD.findall(form)):
                frequencies[word] = max(frequencies.get(word, 0), GLOSSARY_FREQUENCY)
        return cls(frequencies)

    def __len__(self) -> int:
        return len(self._frequencies)

    def knows(self, token: str) -> bool:
        return self.frequency(token) > 0

    def frequency(self, token: str) -> int:
        """Chunks holding ``token`` (or, for English, its stem or a one-typo neighbour); 0 if none."""
        found = self._frequencies.get(token)
        if found is not None or not token.isascii():
            return found or 0
        for suffix in _SUFFIXES:
            stem = token[: -len(suffix)]
            if token.endswith(suffix) and len(stem) >= 3:
                for form in (stem, stem + "e", stem + "y"):
                    if form in self._frequencies:
                        return self._frequencies[form]
        return self._frequencies.get(self._one_typo(token), 0) if len(token) >= 5 else 0

    def _one_typo(self, token: str) -> str:
        """The word one letter dropped, added, changed or transposed away (symmetric deletions)."""
        if self._near is None:
            near: dict[str, str] = {}
            for word in self._frequencies:
                if word.isascii() and len(word) >= 4:
                    for i in range(len(word)):
                        near.setdefault(word[:i] + word[i + 1:], word)
            self._near = near
        if token in self._near:
            return self._near[token]
        for i in range(len(token)):
            shorter = token[:i] + token[i + 1:]
            if shorter in self._frequencies:
                return shorter
            if shorter in self._near:
                return self._near[shorter]
        return ""


@dataclass(frozen=True)
class Coverage:
    """How much of the question the corpus, and the retrieved passages, speak of."""

    terms: tuple[Term, ...]
    unknown: tuple[Term, ...]  # never used anywhere in the corpus
    rare_share: float  # terms the corpus never uses or only touches on (in ≤ RARE chunks)
    focus_unknown_share: float  # the same, in the sentence that asks
    unmatched_share: float  # known terms absent from the retrieved passages

    @property
    def unknown_share(self) -> float:
        return len(self.unknown) / len(self.terms) if self.terms else 0.0


def _focus(question: str) -> str:
    """The sentence that asks: the last one with a question mark, else the last one."""
    sentences = split_sentences(question) or [question]
    asking = [s for s in sentences if "?" in s or "？" in s]
    return (asking or sentences)[-1]


def measure(
    question: str, words: list[Word], vocabulary: Vocabulary, passage_tokens: list[frozenset[str]],
    glossary: Glossary,
) -> Coverage:
    """The question's salient terms against the corpus vocabulary and the passages' tokens."""
    terms = salient_terms(words)
    # A glossary term is known in both languages: its other-language forms may be in the passages.
    expansions = {t for form in glossary.expansions(question) for t in (form, *_WORD.findall(form))}
    frequency = {t.token: vocabulary.frequency(t.token) for t in terms}
    unknown = tuple(t for t in terms if not frequency[t.token])
    rare = sum(frequency[t.token] <= RARE for t in terms) / len(terms) if terms else 0.0
    focus = normalize(_focus(question))
    in_focus = [t for t in terms if t.surface in focus]
    focus_unknown = sum(not frequency[t.token] for t in in_focus) / len(in_focus) if in_focus else 0.0
    known = [t for t in terms if frequency[t.token]]
    held = frozenset().union(*passage_tokens) if passage_tokens else frozenset()
    translated = bool(expansions & held)  # some glossary term of the question is there in the other language
    in_glossary = {w for form in glossary.forms_in(question) for w in (form, *_WORD.findall(form))}
    unmatched = [t for t in known if t.token not in held and not (translated and t.token in in_glossary)]
    return Coverage(tuple(terms), unknown, rare, focus_unknown, len(unmatched) / len(known) if known else 0.0)

