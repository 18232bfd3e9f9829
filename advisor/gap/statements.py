"""Which résumé lines state the person's own work, and whole-word matching in both languages.

Evidence must be something the person did: a sentence or bullet with a predicate. A header line
("Jane Doe | Seattle | jane@example.com"), a contact line, a label line ("期間:… 所属:… 役職:…")
or a bare job title ("テストリード", "Senior Software Engineer") states no work, whatever words
it holds.

Whole words: an English term matches only between word boundaries ("board" is not in
"dashboard"); a Japanese term only where MeCab puts a word boundary at both of its ends.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from advisor.retrieval.tokenize_ja import tagged

CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|https?://|linkedin\.com|github\.com/|\+?\d[\d ()-]{8,}\d|〒|"
    r"(?:\btel|\bphone|\bmobile|電話|携帯|メール|e-?mail|住所|\baddress|生年月日|date of birth|\bdob)\s*[:：]",
    re.IGNORECASE,
)
_LABEL = re.compile(r"[^\s:：|｜]{1,12}\s*[:：]")  # "期間:", "所属:", "Location:"
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# English predicates: a past or present verb form, or one of the verbs résumés open bullets with.
_EN_VERB = re.compile(
    r"\b(\w{3,}(?:ed|ing)|led|ran|built|drove|made|won|set|cut|grew|wrote|took|gave|saw|held|kept|met|"
    r"own|owns|lead|leads|run|runs|build|builds|drive|drives|manage|manages|coordinate|coordinates|"
    r"deliver|delivers|design|designs|own|oversee|oversees|oversaw|define|defines|shipped|partner|partners|"
    r"mentor|mentors|support|supports|work|works|advise|advises|present|presents|report|reports|negotiate|"
    r"align|aligns|facilitate|chair|chairs|plan|plans|track|tracks|write|writes|review|reviews|migrate|"
    r"launch|launches|set up|sets|ship|ships|hire|hires|coach|coaches|partner|am|is|was|were|have|has|had)\b",
    re.IGNORECASE,
)
# Japanese predicates: a verb, or a sentence that ends in an action noun (体言止め: "…を構築").
_JA_ACTION_END = re.compile(r"(化|担当|実施|推進|構築|設計|導入|開発|運用|管理|削減|短縮|達成|改善|作成|整備|主導|"
                            r"対応|移行|策定|調整|支援|統括|従事|経験|遂行|完了|立ち上げ|リード|取りまとめ|"
                            r"マネジメント|参画|参加|育成|指導)[)）]?$")

_CASE_PARTICLES = frozenset({"を", "に", "へ", "で", "と", "が"})


def _content(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip(" \t・-•*●◆■□▪︎")


def is_contact(text: str) -> bool:
    """A name/address/contact line: an e-mail, phone, URL or a row of "|" separated fields."""
    plain = _content(text)
    return bool(CONTACT.search(plain)) or plain.count("|") + plain.count("｜") >= 2


def states_work(text: str) -> bool:
    """The line says something the person did, not a header, contact, label row or bare title."""
    plain = _content(text)
    if is_contact(plain) or len(_LABEL.findall(plain)) >= 2:
        return False
    japanese = re.search(r"[\u3040-\u30ff\u3400-\u9fff]", plain) is not None
    if japanese:
        if len(plain) < 10:
            return False
        return _has_ja_predicate(plain)
    words = _EN_WORD.findall(plain)
    if len(words) < 4:
        return False
    capitalised = sum(w[0].isupper() for w in words)
    if len(words) <= 8 and capitalised >= len(words) - 1 and not _EN_VERB.search(plain.lower().split(" ", 1)[-1]):
        return False  # "Senior Software Engineer, Acme Corp"
    return bool(_EN_VERB.search(plain))


@functools.lru_cache(maxsize=4096)
def _has_ja_predicate(text: str) -> bool:
    """A verb, a closing action noun, or a case particle linking an action to its object or
    audience (「経営層へ進捗とリスクを報告」): what a label, a title or a company line lacks."""
    if _JA_ACTION_END.search(text.rstrip("。.、 ")):
        return True
    return any(word.pos == "動詞" or (word.pos == "助詞" and word.surface in _CASE_PARTICLES) for word in tagged(text))


@functools.lru_cache(maxsize=8192)
def _boundaries(text: str) -> frozenset[int]:
    """Character offsets (in the NFKC, lower-cased text) where MeCab starts or ends a word."""
    offsets, position = {0, len(text)}, 0
    for word in tagged(text):
        found = text.find(word.surface, position)  # MeCab drops the spaces between words
        if found < 0:
            continue
        offsets.update((found, found + len(word.surface)))
        position = found + len(word.surface)
    return frozenset(offsets)


def whole_word(term: str) -> re.Pattern[str]:
    """A pattern for ``term`` as a whole word (ASCII terms; Japanese ones use ``find_whole``)."""
    return re.compile(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", re.IGNORECASE)


def find_whole(term: str, text: str) -> bool:
    """``term`` occurs in ``text`` (both NFKC and lower-cased) as a whole word."""
    if term.isascii():
        return whole_word(term).search(text) is not None
    if term not in text:
        return False
    bounds = _boundaries(text)
    start = text.find(term)
    while start >= 0:
        if start in bounds and start + len(term) in bounds:
            return True
        start = text.find(term, start + 1)
    return False
