"""Morphological tokens for keyword search over mixed Japanese/English text.

Japanese has no spaces, so whitespace splitting turns a whole clause into one "word" and BM25
silently finds nothing. MeCab (fugashi + unidic-lite) splits it into dictionary words; we keep
content words in their dictionary form and drop particles, auxiliaries and punctuation.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from typing import NamedTuple

import fugashi

_SKIP_POS = {"助詞", "助動詞", "補助記号", "空白", "記号", "接頭辞"}
_ASCII_WORD = re.compile(r"^[a-z0-9][a-z0-9+#.\-]*$")
_HIRAGANA_ONLY = re.compile(r"^[\u3040-\u309f]+$")
# Words so common in questions that they carry no topic (both languages).
STOPWORDS = frozenset(
    """a an the and or of to in on for with is are was were be been being do does did how what
    which who whom why when where that this these those it its as at by from about into than
    then there i me my we our you your he she they them can could should would will shall may
    might must have has had not no yes if so such any some more most very just also please
    tell explain tpm tpms
    する ある いる なる こと もの よう ため それ これ どう どの どんな 何 なに ください 教える""".split()
)


def normalize(text: str) -> str:
    """NFKC (full-width → half-width, compatibility forms) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


@functools.lru_cache(maxsize=1)
def _tagger() -> fugashi.Tagger:
    return fugashi.Tagger()


_LOCK = threading.Lock()  # MeCab taggers are not safe to share across threads unguarded


class Word(NamedTuple):
    """One morpheme: ``token`` is its keyword-search form, empty when search ignores it."""

    surface: str
    token: str
    pos: str  # 名詞, 動詞, ... (ASCII words are 名詞)
    proper: bool  # a proper noun (固有名詞) other than a place: a person, an organisation, a product


def tagged(text: str) -> list[Word]:
    """Every morpheme of ``text`` (normalised) with its search token and part of speech."""
    normalized = normalize(text)
    with _LOCK:
        words = [(w.surface, w.feature.pos1, w.feature.pos2 == "固有名詞" and w.feature.pos3 != "地名",
                  w.feature.orthBase) for w in _tagger()(normalized)]
    return [Word(surface, _token(surface, pos, base), pos, proper) for surface, pos, proper, base in words]


def _token(surface: str, pos: str, base: str | None) -> str:
    if pos in _SKIP_POS or (pos == "接尾辞" and len(surface) == 1):
        return ""
    token = (base or surface).lower() if pos in ("動詞", "形容詞") else surface
    token = token.strip(".-")
    if not token or token in STOPWORDS:
        return ""
    if _HIRAGANA_ONLY.match(token) and len(token) < 2:
        return ""
    if token.isascii() and not _ASCII_WORD.match(token):
        return ""
    return token


def tokenize(text: str) -> list[str]:
    """Content-word tokens of ``text`` (normalised, dictionary forms, no stopwords)."""
    normalized = normalize(text)
    with _LOCK:  # no Word objects: ingest tokenises every chunk
        tokens = [_token(w.surface, w.feature.pos1, w.feature.orthBase) for w in _tagger()(normalized)]
    return [t for t in tokens if t]
