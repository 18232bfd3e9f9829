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


def tokenize(text: str) -> list[str]:
    """Content-word tokens of ``text`` (normalised, dictionary forms, no stopwords)."""
    normalized = normalize(text)
    with _LOCK:
        words = [(w.surface, w.feature.pos1, w.feature.orthBase) for w in _tagger()(normalized)]
    tokens: list[str] = []
    for surface, pos, base in words:
        if pos in _SKIP_POS or (pos == "接尾辞" and len(surface) == 1):
            continue
        token = (base or surface).lower() if pos in ("動詞", "形容詞") else surface
        token = token.strip(".-")
        if not token or token in STOPWORDS:
            continue
        if _HIRAGANA_ONLY.match(token) and len(token) < 2:
            continue
        if token.isascii() and not _ASCII_WORD.match(token):
            continue
        tokens.append(token)
    return tokens
