"""Follow-up questions ("then what about Senior?") rewritten into standalone questions.

Without an LLM the rewrite is deterministic: find the ladder levels, skills and glossary terms in
the follow-up and in the previous question; swap an entity of the same type ("Senior" for
"Principal"), replace a pronoun ("それ", "it") with the previous topic, or else carry the previous
question along. The history is bounded so a long chat costs the same as a short one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from advisor.corpus import Corpus
from advisor.language import detect_language
from advisor.retrieval.tokenize_ja import normalize, tokenize

MAX_HISTORY_TURNS = 6  # user turns remembered for rewriting

_LEVEL_FORMS: dict[str, tuple[str, ...]] = {
    # Extra surface forms users type besides the ladder's own names.
    "associate": ("アソシエイト", "ジュニア", "associate", "junior", "entry-level", "entry level"),
    "tpm": ("regular tpm", "mid-level tpm", "mid level tpm", "一般のtpm", "ミドルレベル"),
    "senior": ("シニア", "senior"),
    "principal": ("プリンシパル", "principal", "staff tpm"),
    "director": ("ディレクター", "director", "部長"),
}
# Japanese has no word boundaries: its openers match as prefixes; English ones as whole words.
_FOLLOW_UP_START = re.compile(
    r"^((では|じゃあ|じゃ|それでは|それなら|あと|また|さらに|次に|他に|ほかに|一方|逆に)|"
    r"(then|and|what about|how about|so|also|same for|what if|in that case|but)\b)[、,\s]*",
    re.IGNORECASE,
)
_PRONOUN_JA = re.compile(r"それ|その|そこ|これ|この|そちら")
_PRONOUN_EN = re.compile(r"\b(it|that|this|those|these|they|them)\b", re.IGNORECASE)
_TYPE_ORDER = {"skill": 0, "level": 1, "term": 2}  # which kind of topic a follow-up most likely swaps


@dataclass(frozen=True)
class Entity:
    type: str  # "level", "skill" or "term"
    key: str
    name_ja: str
    name_en: str
    forms: tuple[str, ...]  # normalised surface forms, longest first


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int
    end: int


class FollowUpRewriter:
    """Deterministic, corpus-driven rewriting of elliptical follow-ups."""

    def __init__(self, entities: list[Entity]) -> None:
        self._entities = entities

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> FollowUpRewriter:
        entities: list[Entity] = []
        for level in corpus.ladder.levels:
            forms = (level.name_ja, level.name_en, *_LEVEL_FORMS.get(level.id, ()))
            entities.append(_entity("level", level.id, level.name_ja, level.name_en, forms))
        for skill in corpus.skills:
            forms = (skill.name_ja, skill.name_en, *skill.aliases_ja, *skill.aliases_en)
            entities.append(_entity("skill", skill.id, skill.name_ja, skill.name_en, forms))
        for term in corpus.glossary:
            entities.append(_entity("term", term.ja, term.ja, term.en[0], (term.ja, *term.ja_variants, *term.en)))
        return cls(entities)

    def mentions(self, text: str) -> list[Mention]:
        """Non-overlapping entity mentions, longest match first, in text order."""
        normalized = normalize(text)
        candidates = []
        for entity in self._entities:
            for form in entity.forms:
                for m in _form_pattern(form).finditer(normalized):
                    candidates.append(Mention(entity, m.start(), m.end()))
        taken: list[Mention] = []
        for mention in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
            if all(mention.end <= t.start or mention.start >= t.end for t in taken):
                taken.append(mention)
        return sorted(taken, key=lambda m: m.start)

    def _level_beside(self, key: str, step: int) -> Entity | None:
        """The ladder level ``step`` places above (+1) or below (-1) the level ``key``."""
        ladder = [e for e in self._entities if e.type == "level"]  # in ladder order
        keys = [e.key for e in ladder]
        position = keys.index(key) + step if key in keys else -1
        return ladder[position] if 0 <= position < len(ladder) else None

    def levels(self, text: str) -> list[str]:
        """The ladder levels ``text`` names, in order (ids)."""
        return [m.entity.key for m in self.mentions(text) if m.entity.type == "level"]

    def is_follow_up(self, question: str) -> bool:
        stripped = question.strip()
        pronoun = _PRONOUN_JA if detect_language(stripped) == "ja" else _PRONOUN_EN
        if _FOLLOW_UP_START.search(stripped) or pronoun.search(stripped):
            return True
        short = len(stripped) <= 20 if detect_language(stripped) == "ja" else len(stripped.split()) <= 6
        return short and not any(m.entity.type == "skill" for m in self.mentions(stripped))

    def rewrite(self, question: str, history: list[str]) -> str:
        """``question`` as a standalone question, given the previous standalone user questions."""
        history = history[-MAX_HISTORY_TURNS:]
        if not history or not self.is_follow_up(question):
            return question
        previous = unicodedata.normalize("NFKC", history[-1])
        new = self.mentions(question)
        old = self.mentions(previous)
        language = detect_language(previous)
        # 1. The follow-up names another entity of a kind the previous question had: swap it in.
        old_keys = {o.entity.key for o in old}
        if _residual_words(question, new) <= 1 and not any(m.entity.key in old_keys for m in new):
            for mention in sorted(new, key=lambda m: _TYPE_ORDER[m.entity.type]):
                same_type = [o for o in old if o.entity.type == mention.entity.type
                             and o.entity.key != mention.entity.key and not _subject(o.entity)]
                if same_type:
                    target = same_type[0]
                    name = mention.entity.name_ja if language == "ja" else mention.entity.name_en
                    return previous[: target.start] + name + previous[target.end :]
        # 2. "The next one up" / 「その上は?」: the ladder level after (or before) the previous one.
        short = _is_short(question)
        step = _ladder_step(question) if not new and short else 0
        levels = [o for o in old if o.entity.type == "level"]
        if step and levels:
            target = levels[0]
            neighbour = self._level_beside(target.entity.key, step)
            if neighbour is not None:
                name = neighbour.name_ja if language == "ja" else neighbour.name_en
                return previous[: target.start] + name + previous[target.end :]
        # 3. Another number in the same place: "3番目" → "4番目", "step 3" → "and step 5?".
        numbers_now, numbers_before = _NUMBER.findall(question), list(_NUMBER.finditer(previous))
        if len(numbers_now) == 1 and len(numbers_before) == 1 and not new:
            found = numbers_before[0]
            return previous[: found.start()] + numbers_now[0] + previous[found.end() :]
        rest = _FOLLOW_UP_START.sub("", question.strip()).strip()
        # 4. A bare noun phrase ("what about team chat?", 「ドキュメントの管理だと?」): the same question
        # about it, in place of the previous topic.
        phrase = _ASKING_TAIL.sub("", _ARTICLE.sub("", rest)).strip()
        facets = [o for o in old if not _subject(o.entity)]
        pronoun_now = (_PRONOUN_JA if detect_language(question) == "ja" else _PRONOUN_EN).search(rest)
        if facets and phrase and short and not pronoun_now and _is_phrase(phrase):
            target = sorted(facets, key=lambda o: _TYPE_ORDER[o.entity.type])[0]
            return previous[: target.start] + phrase + previous[target.end :]
        topics = sorted((o.entity for o in old), key=lambda e: _TYPE_ORDER[e.type])
        if not topics:
            return f"{history[-1]} {rest}"  # nothing to name: carry the whole previous question
        topic = topics[0]
        ja = detect_language(question) == "ja"
        name = topic.name_ja if ja else topic.name_en
        # 2. A pronoun stands for the previous topic: name it.
        pronoun = _PRONOUN_JA if ja else _PRONOUN_EN
        if pronoun.search(rest):
            return pronoun.sub(name, rest, count=1)
        # 3. A new facet of the same topic: say which topic.
        return f"{name}について、{rest}" if ja else f"{rest} (about {name})"


_UP = re.compile(r"上|次|\b(next|above|after|higher|up)\b", re.IGNORECASE)
_DOWN = re.compile(r"下|前の段階|\b(below|before|lower|previous)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")


_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
# How a bare follow-up ends when it only names a new topic: 「…は?」「…だと?」「…はどうですか?」, "…?".
_ASKING_TAIL = re.compile(r"\s*(って|は|だと|では|なら|の場合|について)?\s*(どう(ですか|なの|なる|でしょう)?)?"
                          r"\s*[?？。]*$")
_VERBISH = re.compile(r"\b(do|does|did|is|are|can|should|would|how|what|why|when|which|who)\b|ます|です|する|した",
                      re.IGNORECASE)
SUBJECT_KEYS = frozenset({"TPM", "tpm"})  # the corpus's subject: in every question, never the facet swapped


def _subject(entity: Entity) -> bool:
    return entity.key in SUBJECT_KEYS


def _is_short(question: str) -> bool:
    stripped = question.strip()
    return len(stripped) <= 20 if detect_language(stripped) == "ja" else len(stripped.split()) <= 6


def _is_phrase(text: str) -> bool:
    """A noun phrase, not a question of its own ("team chat", 「ドキュメントの管理」; not "how to train")."""
    return not _VERBISH.search(text) and (len(text) <= 14 if detect_language(text) == "ja" else len(text.split()) <= 4)


def _ladder_step(question: str) -> int:
    """+1 for a follow-up that asks for the level above ("その上は?", "what comes next?"), -1 below."""
    return 1 if _UP.search(question) else -1 if _DOWN.search(question) else 0


def _entity(type_: str, key: str, name_ja: str, name_en: str, forms: tuple[str, ...]) -> Entity:
    normalized = sorted({normalize(f) for f in forms if len(f) >= 2}, key=len, reverse=True)
    return Entity(type_, key, name_ja, name_en, tuple(normalized))


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _form_pattern(form: str) -> re.Pattern[str]:
    pattern = _PATTERNS.get(form)
    if pattern is None:
        # ASCII forms match whole words ("go" must not fire in "good"); Japanese forms anywhere.
        body = re.escape(form)
        pattern = re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])" if form.isascii() else body)
        _PATTERNS[form] = pattern
    return pattern


_FILLER = re.compile(
    r"では|じゃあ|じゃ|それでは|の場合|場合|について|には|は|の|に|？|\?|。|、|!|！|\s|"
    r"\b(then|and|what|about|how|for|the|a|an|so|also|case|level|role|tpms?)\b",
    re.IGNORECASE,
)


def _residual_words(question: str, mentions: list[Mention]) -> int:
    """Content words the follow-up says besides its entities ("じゃあシニアは?" → 0, "ドキュメントの管理だと?" → 1)."""
    text = normalize(question)
    for m in sorted(mentions, key=lambda m: -m.start):
        text = text[: m.start] + " " + text[m.end :]
    return len(tokenize(_FILLER.sub(" ", text)))
