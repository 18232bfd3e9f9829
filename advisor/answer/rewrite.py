"""Follow-up questions ("then what about Senior?") rewritten into standalone questions.

Without an LLM the rewrite is deterministic: find the ladder levels, skills and glossary terms in
the follow-up and in the previous question; swap an entity of the same type ("Senior" for
"Principal"), replace a pronoun ("それ", "it") with the previous topic, or else carry the previous
question along. The history is bounded so a long chat costs the same as a short one.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from advisor.answer.rungs import OWN_RUNG, comes_in, names_rung, own_rung
from advisor.answer.shown import Shown, all_items, pointed_item, points_at_resource, pronoun_for_resource
from advisor.answer.story import is_short, last_question, only_told, points_into_story, told_in_story
from advisor.corpus import Corpus
from advisor.language import detect_language
from advisor.retrieval.tokenize_ja import normalize, tagged, tokenize

MAX_HISTORY_TURNS = 6  # user turns remembered for rewriting
# An item is named by its title when the question has two of the words only that title has, and
# this share of them: 「データ分析のところ」 names step 4 (2 of its 6); a ladder level's name does not
# count ("Director of Program Management" names no step 2, "Program Management Methods").
NAMED_SHARE = 1 / 3

_LEVEL_FORMS: dict[str, tuple[str, ...]] = {
    # Extra surface forms users type besides the ladder's own names.
    "associate": ("アソシエイト", "ジュニア", "associate", "junior", "entry-level", "entry level"),
    "tpm": ("regular tpm", "normal tpm", "plain tpm", "mid-level tpm", "mid level tpm", "一般のtpm", "普通のtpm",
            "ふつうのtpm", "ミドルレベル"),
    "senior": ("シニア", "senior"),
    "principal": ("プリンシパル", "principal", "staff tpm"),
    "director": ("ディレクター", "director", "部長"),
}
# Japanese has no word boundaries: its openers match as prefixes; English ones as whole words.
_FOLLOW_UP_START = re.compile(
    r"^((では|じゃあ|じゃ|それでは|それなら|あと|また|さらに|次に|他に|ほかに|一方で?|逆に|反対に)|"
    r"(then|and|what about|how about|so|also|same for|what if|in that case|but|on the (?:flip|other) side|"
    r"on the other hand|conversely)\b)[、,\s]*",
    re.IGNORECASE,
)
# An acknowledgement before the follow-up itself: "ok. how about 調達 side", 「なるほど、じゃあ法務は?」.
_ACKNOWLEDGED = re.compile(r"^(?:ok(?:ay)?|k|kk|thanks|thx|ty|got it|i see|cool|nice|hmm+|um+|"
                           r"なるほど|了解|りょ|ありがとう(?:ございます)?|へー|ふむふむ|えっと)[.!。、,\s]+",
                           re.IGNORECASE)
_PRONOUN_JA = re.compile(r"(?:その|この|あの)(?:へん|辺り?|あたり)|そこら(?:へん|辺)|それ|その|そこ|これ|この|そちら")
# A determiner (その, この) before a noun stands for the topic's own: 「そのうち監視のとこ」 → 「…のうち監視のとこ」.
_DETERMINER_JA = ("その", "この")
_CONTRAST = re.compile(r"(逆に|反対に|一方で?|それとは逆に)|(on the (flip|other) side|on the other hand|conversely)\b",
                       re.IGNORECASE)
_PRONOUN_EN = re.compile(r"\b(it|that|this|those|these|they|them)\b", re.IGNORECASE)
# The pronouns that stand for a topic: "they" does only before a verb of being ("are they free?"); in
# "do they grill you on tech stuff" they are the interviewers, and the topic is carried instead.
_THING_PRONOUN = re.compile(r"\b(it|that|this|those|these|them|they(?=\s+(?:are|were|is|'re)\b))\b", re.IGNORECASE)
# Which kind of topic a follow-up most likely swaps.
_TYPE_ORDER = {"skill": 0, "level": 1, "term": 2, "name": 3, "aspect": 4}
OUTLOOK = "今後の展望"  # where a level leads is its ladder row's outlook, not the next row
LEARNING_PATH = "学習方法"  # the guide's learning path: its steps are no rungs of the ladder
_PATH_STEP = re.compile(r"ステップ|(?<![a-z])steps?(?![a-z])", re.IGNORECASE)
# Glossary terms that say what kind of answer is wanted about any topic (its interview questions, what
# to read, its outlook), not a topic: 「面接だとどう聞かれる?」 after FinOps asks about FinOps in interviews.
# An aspect swaps only an aspect ("books?" → "and courses?"); it never takes the topic's place.
ASPECTS = frozenset({"面接", "書籍", "オンラインコース", OUTLOOK, LEARNING_PATH, "日本での就職可能な企業",
                     "キャリアパス"})


@dataclass(frozen=True)
class Entity:
    type: str  # "level", "skill", "term" or "aspect"
    key: str
    name_ja: str
    name_en: str
    forms: tuple[str, ...]  # normalised surface forms, longest first
    function: str = ""  # a party a TPM works with: its collaboration subsection's heading (Japanese)


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int
    end: int


class Rewrite(NamedTuple):
    text: str
    follow_up: bool  # the question leaned on the conversation
    # The follow-up's own words took the previous topic's place ("what about the weather tomorrow?")
    # or were only told which topic they are about, rather than swapping a number, a level or an
    # entity, or referring back with a pronoun: whether they leave the subject is theirs to say.
    own_topic: bool


@dataclass(frozen=True)
class NumberedList:
    """A guide section whose subsections are numbered (the learning path's seven steps): the words
    of its title and introduction in both editions, and its items' titles in each edition."""

    words: frozenset[str]
    titles: dict[str, tuple[str, ...]]  # language → the items' titles, in order
    names: dict[str, str]  # language → the section's title
    number: str = ""  # the section's number in the guide

    @property
    def count(self) -> int:
        return max(len(t) for t in self.titles.values())

    def title(self, number: int, language: str) -> str:
        titles = self.titles.get(language) or next(iter(self.titles.values()))
        return titles[number - 1] if 1 <= number <= len(titles) else ""

    @functools.cached_property
    def _own_words(self) -> list[list[set[str]]]:
        """Per item, per edition: the words of its title no other item's title has (tokenised once)."""
        by_language = [[_list_words(self.title(n, language)) for n in range(1, self.count + 1)]
                       for language in self.titles]
        own: list[list[set[str]]] = []
        for n in range(self.count):
            own.append([edition[n] - set().union(*(w for m, w in enumerate(edition) if m != n))
                        for edition in by_language])
        return own

    def named_item(self, question: str, share: float = NAMED_SHARE) -> int:
        """The number of the one item the question names by its title ("システム設計と非機能要件の
        ところ" → 3), or 0: at least two, and ``share``, of the words only that title has (in one
        edition)."""
        words = _list_words(question)
        scores = [max((len(words & own) / len(own) for own in editions if len(words & own) >= 2), default=0.0)
                  for editions in self._own_words]
        best = max(scores, default=0.0)
        return scores.index(best) + 1 if best and best >= share and scores.count(best) == 1 else 0

    def item(self, number: int, language: str) -> str:
        """Item ``number`` named as a question can stand on: 「…学習方法」の3番目(システム設計…)."""
        name, title = self.names.get(language, ""), self.title(number, language)
        if language == "ja":
            return f"「{name}」の{number}番目({title})"
        return f"item {number} of \"{name}\" ({title})"


class FollowUpRewriter:
    """Deterministic, corpus-driven rewriting of elliptical follow-ups."""

    def __init__(self, entities: list[Entity], guide: dict[str, Path] | None = None) -> None:
        self._entities = entities
        self._guide = guide or {}  # language → the guide's edition, read for its numbered lists

    @functools.cached_property
    def _lists(self) -> list[NumberedList]:
        """Read on the first follow-up that swaps a number, not at start-up (tokenising loads the tagger)."""
        return numbered_lists(self._editions)

    @functools.cached_property
    def _titles(self) -> re.Pattern[str] | None:
        """The numbered items' titles in parentheses, as an earlier rewrite put them after a number."""
        titles = sorted({unicodedata.normalize("NFKC", t) for numbered in self._lists
                         for by_language in numbered.titles.values() for t in by_language}, key=len, reverse=True)
        return re.compile(r"\s?\((?:" + "|".join(map(re.escape, titles)) + r")\)") if titles else None

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
            entities.append(_entity("aspect" if term.ja in ASPECTS else "term", term.ja, term.ja, term.en[0],
                                    (term.ja, *term.ja_variants, *term.en), term.function))
        return cls(entities, {"ja": corpus.guide_path, "en": corpus.guide_en_path})

    def mentions(self, text: str, types: tuple[str, ...] = ()) -> list[Mention]:
        """Non-overlapping entity mentions (of ``types``, default all), longest match first, in text order."""
        normalized = normalize(text)
        candidates = []
        for entity in self._entities:
            if types and entity.type not in types:
                continue
            for form in entity.forms:
                for m in _form_pattern(form).finditer(normalized):
                    candidates.append(Mention(entity, m.start(), m.end()))
        taken: list[Mention] = []
        for mention in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
            if all(mention.end <= t.start or mention.start >= t.end for t in taken):
                taken.append(mention)
        return sorted(taken, key=lambda m: m.start)

    @functools.cached_property
    def _ladder(self) -> list[Entity]:
        """The ladder levels, in ladder order (the entities list thousands of glossary terms too)."""
        return [e for e in self._entities if e.type == "level"]

    @functools.cached_property
    def _ladder_keys(self) -> list[str]:
        return [e.key for e in self._ladder]

    def _level_beside(self, key: str, step: int) -> Entity | None:
        """The ladder level ``step`` places above (+1) or below (-1) the level ``key``."""
        keys = self._ladder_keys
        position = keys.index(key) + step if key in keys else -1
        return self._ladder[position] if 0 <= position < len(self._ladder) else None

    def levels(self, text: str) -> list[str]:
        """The ladder levels ``text`` names, in order (ids)."""
        # Levels alone: scanning the glossary's thousands of forms is what a follow-up costs, not every question.
        return [m.entity.key for m in self.mentions(text, ("level",))]

    def names_topic(self, text: str, types: tuple[str, ...] = ()) -> bool:
        """Whether ``text`` names a topic (of ``types``, default any) besides the role itself ("TPM", and
        its full name, which is also the name of its rung) and its work ("key responsibilities")."""
        normalized = normalize(text)
        return any(not _subject(m.entity) and (m.entity.type, m.entity.key) != ROLE_WORK
                   and normalized[m.start:m.end] not in self._role_forms for m in self.mentions(text, types))

    @functools.cached_property
    def _role_forms(self) -> frozenset[str]:
        return frozenset(normalize(form) for entity in self._entities if _subject(entity) for form in entity.forms)

    def is_follow_up(self, question: str) -> bool:
        stripped = question.strip()
        pronoun = _PRONOUN_JA if detect_language(stripped) == "ja" else _PRONOUN_EN
        if _FOLLOW_UP_START.search(stripped) or pronoun.search(stripped):
            return True
        ja = detect_language(stripped) == "ja"
        short = len(stripped) <= 20 if ja else len(stripped.split()) <= 6
        named = self.mentions(stripped)
        if short:  # a skill is a topic of its own ("Pythonは重要?"), unless it is all the message says ("IaCは?")
            return not any(m.entity.type == "skill" for m in named) or _residual_words(stripped, named) == 0
        # A question of a chat message's length that names nothing of the corpus, not even the role,
        # leans on the conversation for its topic (「勉強するならおすすめのresourceは?certとか」); an
        # aspect is no topic (「面接できかれたらなんて答えればいいのか全然わからん」).
        topical = [m for m in named if m.entity.type != "aspect"]
        return not topical and (len(stripped) <= 60 if ja else len(stripped.split()) <= 15)

    def rewrite(self, question: str, history: list[str], shown: Shown | None = None) -> str:
        """``question`` as a standalone question, given the previous standalone user questions."""
        return self.rewritten(question, history, shown).text

    def rewritten(self, question: str, history: list[str], shown: Shown | None = None) -> Rewrite:
        """The standalone question and how it came about, given the previous standalone user
        questions and what the previous answer showed. The rules are tried in order; the first that
        applies gives the rewrite."""
        history = history[-MAX_HISTORY_TURNS:]
        follow_up = _ACKNOWLEDGED.sub("", question.strip()) or question
        pointed = _pointed(follow_up, history[-1], shown) if history and shown else ""
        if pointed:
            return Rewrite(pointed, follow_up=True, own_topic=False)
        if not history:
            return Rewrite(question, follow_up=False, own_topic=False)
        if not self.is_follow_up(follow_up):
            # A remark that names a topic, then a step on the ladder: 「予算的にきついかも。一個下のグレードで
            # 採ったら何まで任せられる?」 (予算 is the remark's): the step is the follow-up.
            asking = last_question(follow_up)[1]
            if asking == follow_up or not _ladder_step(asking) or not self.is_follow_up(asking):
                return Rewrite(question, follow_up=False, own_topic=False)
            follow_up = asking
        question = follow_up
        previous = self._as_previous(history[-1])
        earlier = self._as_previous(history[-2]) if len(history) > 1 else ""
        listed = None  # the lists are read only when the answer went through one (tokenising loads the tagger)
        if shown and shown.section:
            listed = next((item for item in self._lists if item.number == shown.section), None)
        turn = _Turn(unicodedata.normalize("NFKC", question), previous, self.mentions(question),
                     self.mentions(previous), _changed_span(earlier, previous), listed)
        for rule in (self._swap_function, self._swap_entity, self._next_level, self._swap_number):
            rewritten = rule(turn)
            if rewritten:
                return Rewrite(rewritten, follow_up=True, own_topic=False)
        rewritten = _swap_phrase(turn)
        if rewritten:
            return Rewrite(rewritten, follow_up=True, own_topic=True)
        pronoun = _PRONOUN_JA if detect_language(turn.question) == "ja" else _PRONOUN_EN
        return Rewrite(_carry_topic(turn, history[-1]), follow_up=True, own_topic=not pronoun.search(turn.rest))

    def _swap_entity(self, turn: _Turn) -> str:
        """The follow-up names another entity of a kind the previous question had: swap it in, as
        the user wrote it ("infrastructure as code", not the skill it belongs to); a level by its
        ladder name."""
        old_keys = {o.entity.key for o in turn.old}
        if _residual_words(turn.question, turn.new) > 1 or any(m.entity.key in old_keys for m in turn.new):
            return ""
        for mention in sorted(turn.new, key=lambda m: _TYPE_ORDER[m.entity.type]):
            same_type = [o for o in turn.old if o.entity.type == mention.entity.type
                         and o.entity.key != mention.entity.key and not _subject(o.entity)]
            if same_type:
                if mention.entity.type == "level":
                    name = mention.entity.name_ja if turn.language == "ja" else mention.entity.name_en
                else:
                    name = turn.question[mention.start:mention.end]
                first, last = turn.facet_span()  # "Slack or Teams" → "Confluence", not "Confluence or Teams"
                if first.start <= same_type[0].start and same_type[0].end <= last.end:
                    return turn.replace(first, name, last)
                return turn.replace(same_type[0], name)
        return ""

    def _swap_function(self, turn: _Turn) -> str:
        """The previous question was about working with one party (finance, PMs) and the follow-up
        names another ("and execs?", 「セキュリティ部門は?」, "what about the security team tho"): the
        guide's question about working with that one, by its collaboration subsection's heading. The
        previous question's own setting ("on big cloud programs") is not carried: it drew retrieval
        to the setting, not to the party."""
        # Parties by the glossary's terms alone: 調達 is also a word of the FinOps skill.
        before, after = self._parties(turn.previous), self._parties(turn.question)
        others = [m for m in turn.new if not m.entity.function and not _subject(m.entity)
                  and not (set(m.entity.forms) & self._party_forms)]
        if len(after) != 1 or not before or after <= before or others:
            return ""
        heading = after.pop()
        if detect_language(turn.question) == "ja":
            return f"TPMは{heading}とどのように連携しますか?"
        english = self._headings.get(heading, heading)
        return f"How does a TPM work with {english[:1].lower() + english[1:]}?"  # "Product managers (PM)"

    def _parties(self, text: str) -> set[str]:
        """The collaboration subsections of the parties ``text`` names."""
        normalized = normalize(text)
        return {entity.function for entity in self._entities if entity.function
                and any(_form_pattern(form).search(normalized) for form in entity.forms)}

    @functools.cached_property
    def _party_forms(self) -> frozenset[str]:
        return frozenset(form for entity in self._entities if entity.function for form in entity.forms)

    @functools.cached_property
    def _headings(self) -> dict[str, str]:
        """The collaboration chapter's subsection headings: Japanese → English edition."""
        return collaboration_headings(self._editions)

    @functools.cached_property
    def _editions(self) -> dict[str, str]:
        """The guide's text by language edition, read once."""
        return {language: path.read_text(encoding="utf-8") for language, path in self._guide.items() if path.exists()}

    def _as_previous(self, question: str) -> str:
        """An earlier standalone question as the rules read it: no titles an earlier rewrite added, no story."""
        return self._asked(self._without_titles(unicodedata.normalize("NFKC", question)))

    def _asked(self, question: str) -> str:
        """What a long message asks, without the story around it ("SIerで10年PMやってて… associateから
        かなと。associate tpmって実際どんな仕事任されるの?" → from its last question on), when that names
        a topic of its own: a follow-up swaps the topic asked about, not one the story mentioned."""
        last, asking = last_question(question)
        if points_into_story(asking) or not any(not _subject(m.entity) for m in self.mentions(asking)):
            return question  # 「…Associate TPMのタイトルをもらった。…この段階で何をすれば?」: the story says which
        # A remark after the question is not asked either ("what do TPMs even use confluence for?? in my
        # company its a wiki graveyard nobody reads"): a swap into it would carry the graveyard.
        tail = last[len(asking):].strip()
        if only_told(tail) and not tail.startswith("("):  # "(about FinOps…)": an earlier rewrite's topic
            return asking
        return last

    def _without_titles(self, question: str) -> str:
        """``question`` without the item titles an earlier rewrite put in parentheses after a number:
        they anchor retrieval, but the next swap must see the number alone."""
        return self._titles.sub("", question) if "(" in question and self._titles else question

    def _swap_number(self, turn: _Turn) -> str:
        return _swap_number(turn, self._lists)

    def _next_level(self, turn: _Turn) -> str:
        """"The next one up" / 「その上は?」: the ladder level above (or below) the previous one (not
        when the previous question names a numbered item: 「…学習方法」の7番目 then "before that")."""
        numbered = _ORDINAL.search(turn.previous) and _numbered_list(turn.previous, self._lists)
        # A longer follow-up steps when it speaks of rank ("what's the rung after that look like", "the
        # next promo") or names the conversation's level again ("what are ppl doing right before they
        # make principal"); a level, skill or term of its own is a swap, not a step.
        old_keys = {o.entity.key for o in turn.old}
        own = [m for m in turn.new if m.entity.key not in old_keys and m.entity.type != "aspect"]
        again = any(m.entity.type == "level" for m in turn.new if m.entity.key in old_keys)
        brief = turn.short or _CLIMBS.search(turn.question) or names_rung(turn.question) or again
        step = _ladder_step(turn.question) if not own and brief and not numbered else 0
        levels = [o for o in turn.old if o.entity.type == "level"]
        if not step or any(m.entity.key == OUTLOOK for m in turn.new):
            return ""  # "where do senior ppl head after, like whats the outlook": the Senior row's outlook
        if not levels:
            return self._beside_rung_told(turn, step)
        # The conversation stands on the highest level it named (「シニアとプリンシパルの違いは?」, then
        # 「その上は?」 is the Director), or the lowest when it steps down.
        ordered = sorted(levels, key=lambda o: self._ladder_keys.index(o.entity.key))
        level = ordered[-1] if step > 0 else ordered[0]
        neighbour = self._level_beside(level.entity.key, step)
        if neighbour is None:  # "where does one go from there" after the Director: the top row's outlook
            return _outlook_question(level.entity, turn.question) if step > 0 else ""
        if told_in_story(turn.previous, level.start):
            # The level was in a story ("…got the Associate TPM title last year. …"): ask about the
            # level itself rather than retell the story with another title in it.
            return _role_question(neighbour, turn.question)
        return turn.replace(level, neighbour.name_ja if turn.language == "ja" else neighbour.name_en)

    def _beside_rung_told(self, turn: _Turn, step: int) -> str:
        """"and after that one?" when the previous question stood on a rung without naming it: the
        user's own ("I'm a TPM — what's the next step up?": the conversation is at Senior TPM) or
        the first (「未経験だとどのレベルから?」)."""
        if comes_in(turn.previous) and self._ladder and not own_rung(turn.previous):
            rung = self._ladder[0].key
        elif own_rung(turn.previous) or (any(_subject(o.entity) for o in turn.old) and not turn.on_the_path):
            # A TPM's rung, or the role by its bare name (「ふつうのTPMってどこまで見るの?」), unless the
            # conversation goes through the learning path's steps (「学習ステップで…」「ひとつ前のstepは?」).
            rung = OWN_RUNG
        else:
            return ""
        asked = self._level_beside(rung, 1) if _ladder_step(turn.previous) > 0 else None
        neighbour = self._level_beside(asked.key if asked else rung, step)
        return _role_question(neighbour, turn.question) if neighbour else ""


@dataclass(frozen=True)
class _Turn:
    """A follow-up and the previous (standalone) question, with the entities each names."""

    question: str
    previous: str
    new: list[Mention]
    old: list[Mention]
    # Where the previous question differs from the one before it, when it only swapped that
    # ("…with 財務・調達 on big cloud programs" → "…with the security team on big cloud programs"):
    # the slot the conversation is going through, so "and execs" takes it next.
    swapped: tuple[int, int] | None = None
    # The guide's numbered list the previous answer went through (the six duties): "expand on the
    # second thing" is its item 2, whatever the previous question's words.
    listed: NumberedList | None = None

    @property
    def language(self) -> str:
        return detect_language(self.previous)

    @property
    def rest(self) -> str:
        """The follow-up without its opening connective ("and", じゃあ)."""
        return _FOLLOW_UP_START.sub("", self.question.strip()).strip()

    @property
    def on_the_path(self) -> bool:
        """Whether the conversation goes through the learning path ("the learning path", 「ステップ」)."""
        path = any(m.entity.key == LEARNING_PATH for m in self.old + self.new)
        return path or bool(_PATH_STEP.search(self.question) or _PATH_STEP.search(self.previous))

    @property
    def short(self) -> bool:
        return is_short(self.question)

    @property
    def facets(self) -> list[Mention]:
        """What the previous question asked about, besides the corpus's subject; when it names none
        of the corpus's entities, the words it writes like names ("デザイナー", "Linear")."""
        named = sorted((o for o in self.old if not _subject(o.entity)), key=lambda o: _TYPE_ORDER[o.entity.type])
        if named:
            return named
        return [Mention(Entity("name", m.group(), m.group(), m.group(), (m.group(),)), m.start(), m.end())
                for m in _NAME_WORD.finditer(self.previous)
                if m.start() > 0 and not self._names_subject(m.start(), m.end())]

    def replace(self, target: Mention, text: str, end: Mention | None = None) -> str:
        """The previous question with ``target`` (through ``end``) replaced by ``text``; a category
        noun the old name ended with stays ("CI/CD tools" → "infrastructure as code tools")."""
        stop = (end or target).end
        head = _HEAD_NOUN.search(self.previous[target.start:stop])
        if head and not _HEAD_NOUN.search(text):
            text += head.group() if head.group()[0].isspace() or not text.isascii() else f" {head.group()}"
        # "an associate TPM" → "a Senior TPM"
        before = re.sub(r"\b([Aa])n? $", lambda m: m.group(1) + ("n " if text[:1].lower() in "aeiou" else " "),
                        self.previous[: target.start])
        after = self.previous[stop:]
        # 「インフラチーム」 with 「モバイルチーム」 for 「インフラ」: the head noun is said once.
        repeated = next((n for n in range(len(text) - 1, 1, -1) if after.startswith(text[-n:])
                         and not text[-n:].isascii()), 0)
        return before + text + after[repeated:]

    def facet_span(self) -> tuple[Mention, Mention]:
        """The previous question's facets as one span when they stand side by side ("SRE and SLOs",
        「RTOとRPO」), else its first facet; the slot the conversation swapped last, when it has one."""
        if self.swapped:
            start, end = self.swapped
            slot = Mention(Entity("name", "", "", "", ()), start, end)
            return slot, slot
        ordered = sorted(self.facets, key=lambda m: m.start)
        low = high = ordered.index(self.facets[0])
        joined = [bool(_LIST_JOINER.fullmatch(self.previous[a.end:b.start])) for a, b in itertools.pairwise(ordered)]
        while low > 0 and joined[low - 1]:
            low -= 1
        while high < len(joined) and joined[high]:
            high += 1
        first, last = ordered[low], ordered[high]
        # A name in the same list that is none of the corpus's entities ("Slack or Teams"); the
        # subject is never one ("TPMとプロダクトマネージャー" lists the two roles, not two facets).
        before = _LISTED_BEFORE.search(self.previous[: first.start])
        after = _LISTED_AFTER.match(self.previous, last.end)
        if before and not self._names_subject(before.start(), first.start):
            first = Mention(first.entity, before.start(), first.end)
        if after and not self._names_subject(last.end, after.end()):
            last = Mention(last.entity, last.start, after.end())
        return first, last

    def _names_subject(self, start: int, end: int) -> bool:
        return any(_subject(o.entity) and start <= o.start and o.end <= end for o in self.old)

    def facet_names(self) -> str:
        """The previous question's facets as it wrote them, for a pronoun that stands for them."""
        first, last = self.facet_span()
        return self.previous[first.start:last.end]


def _pointed(question: str, previous: str, shown: Shown) -> str:
    """A follow-up that points at what the previous answer listed, with its name in place of the
    pointer ("is the first one out in Japanese?" → "is Getting to Yes … out in Japanese?", "how
    can I train those?" → every row it listed); a bare pointer ("what about the second one?") swaps
    it for the one the previous question named."""
    question = unicodedata.normalize("NFKC", question)
    pointed = pointed_item(question, shown, previous)
    if pointed is None:
        every = all_items(question, shown)  # "how can I train those?": all the answer listed
        if every:
            return question[: every[0].start()] + every[1] + question[every[0].end():]
        pointed = pronoun_for_resource(question, shown, previous)  # 「それって日本語で読める?」
        if pointed is None:
            return ""
    match, item = pointed
    if _ORDINAL.search(previous) and _ORDINAL.search(match.group()):
        return ""  # 「5番目」 then 「最後のは」: the list the conversation goes through, not the answer's
    language = detect_language(question)
    bare = _ASKING_TAIL.sub("", _FOLLOW_UP_START.sub("", question[: match.start()] + question[match.end():])).strip()
    before = next((i.name(language) for i in shown.items if i.name(language) in previous), "")
    if not bare and before:
        return previous.replace(before, item.name(language), 1)
    return question[: match.start()] + item.name(language) + question[match.end():]


def _swap_number(turn: _Turn, lists: list[NumberedList]) -> str:
    """Another number or ordinal in the same place: "3番目" → "4番目", "step 3" → "and step 5?",
    「その次のは」 → the next number, "the last one" / 「最後」 → the list's last. Where the guide has
    the list, the item's title follows the number (「4番目(データ分析とメトリクス駆動の意思決定)」).
    An item named by its title ("the system design part", then 「その一つ前は?」) counts as its number."""
    now, before = _ORDINAL.findall(turn.question), list(_ORDINAL.finditer(turn.previous))
    if len(before) > 1 or points_at_resource(turn.question):
        return ""
    found = before[0] if before else None
    # The learning path said by name ("what comes after that in the learning path"): its words are few
    # beside the list's, and an item of it is named by fewer of its title's ("the step right before
    # system design").
    path = next((item for item in lists if LEARNING_PATH in item.names.get("ja", "")), None) if turn.on_the_path \
        else None
    known = path or turn.listed or _numbered_list(turn.previous, lists) or _numbered_list(
        f"{turn.previous} {turn.question}", lists)
    step = _ladder_step(turn.question) if not now else 0
    share = 0.0 if path else NAMED_SHARE
    if found:
        # "ok and the one after system design?": the item it names by its title, not the number before.
        named = [(item, n) for item in ([known] if known else lists) if (n := item.named_item(
            _blanked(turn.question, turn.new, "level"), share))]
        if step and len(named) == 1:
            known, current = named[0]
        elif turn.new or (step and not turn.short):
            return ""
        else:
            current = _ordinal_value(found.group(), known)
    elif now and known:  # a number of the list the previous question names ("the six duties?" → "more on #3")
        current = 0
    else:  # an item the conversation named by its title, then or now ("the one after system design")
        known, current = _named_item(turn, [known] if known else lists, share)
        if not current or not step:
            return ""
    target = current + step if step and current else _ordinal_value(now[0], known) if len(now) == 1 else 0
    if target < 1:
        return ""
    if found and re.search(r"\d", found.group()):
        # The previous question's own form of the ordinal, with the new number ("ステップ2" → "ステップ5").
        wanted = _renumbered(found.group(), target)
        if title := known.title(target, turn.language) if known else "":
            wanted += f"({title})" if turn.language == "ja" else f" ({title})"
        return turn.previous[: found.start()] + wanted + turn.previous[found.end() :]
    if known and target <= known.count:
        item = known.item(target, turn.language)  # a word ("the first thing") or a title: the item by number
        return f"{item}について教えてください。" if turn.language == "ja" else f"What is {item}?"
    return turn.previous[: found.start()] + now[0] + turn.previous[found.end() :] if found and now else ""


def _ordinal_value(ordinal: str, known: NumberedList | None) -> int:
    """The number an ordinal stands for ("4番目" → 4, "second" → 2, 「最後」 → the list's last), or 0."""
    digits = re.search(r"\d+", ordinal)
    if digits:
        return int(digits.group())
    return _ORDINAL_WORDS.get(ordinal.lower(), 0) or (known.count if known and _LAST.fullmatch(ordinal) else 0)


def _named_item(turn: _Turn, lists: list[NumberedList], share: float) -> tuple[NumberedList | None, int]:
    """The list and number of the one item the follow-up, or else the previous question, names by
    its title; in the list the words point to when there is one (非機能要件 is an item of the
    duties and of the learning path)."""
    # Without the ladder levels they name: "Director of Program Management" is no learning step.
    question, previous = _blanked(turn.question, turn.new, "level"), _blanked(turn.previous, turn.old, "level")
    named = [(item, item.named_item(question, share) or item.named_item(previous, share)) for item in lists]
    named = [(item, number) for item, number in named if number]
    return named[0] if len(named) == 1 else (None, 0)


def _renumbered(ordinal: str, number: int) -> str:
    """``ordinal`` ("4番目", "ステップ2", "2nd") with ``number`` in place of its own, English suffix mended."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return re.sub(r"\d+(st|nd|rd|th)?\b|\d+", lambda m: f"{number}{suffix if m.group(1) else ''}", ordinal, count=1)


COLLABORATION = "4"  # the guide's section of the parties a TPM works with, one subsection each


def collaboration_headings(editions: dict[str, str]) -> dict[str, str]:
    """Section 4's subsection headings, Japanese to English (the editions share their order)."""
    headings: dict[str, list[str]] = {}
    for language, text in editions.items():
        for section in re.split(r"^(?=## )", text, flags=re.MULTILINE):
            if re.match(rf"## {COLLABORATION}\.", section):
                headings[language] = [h.strip() for h in re.findall(r"^### (.+)$", section, flags=re.MULTILINE)]
    return dict(zip(headings.get("ja", []), headings.get("en", []), strict=False))


def numbered_lists(editions: dict[str, str]) -> list[NumberedList]:
    """The guide's sections with numbered subsections ("### 1. …"), by language edition (the
    editions share their numbering)."""
    found: dict[str, tuple[set[str], dict[str, tuple[str, ...]], dict[str, str]]] = {}
    for language, text in editions.items():
        for section in re.split(r"^(?=## )", text, flags=re.MULTILINE):
            number = re.match(r"## (\d+)\.\s*(.+)", section)
            titles = tuple(t.strip() for t in re.findall(r"^### \d+\.(.+)$", section, flags=re.MULTILINE))
            if number and len(titles) >= 2:
                head = section.split("\n### ", 1)[0]  # the title and the introduction
                words, by_language, names = found.setdefault(number.group(1), (set(), {}, {}))
                words |= _list_words(head)
                by_language[language] = titles
                names[language] = number.group(2).strip()
    return [NumberedList(frozenset(words), titles, names, number) for number, (words, titles, names) in found.items()]


def _list_words(text: str) -> set[str]:
    """Content words that can name a list (no numbers, no single letters), in either case."""
    return {w for w in (*tokenize(text), *tokenize(text.lower())) if len(w) > 1 and not w.isdigit()}


def _numbered_list(question: str, lists: list[NumberedList]) -> NumberedList | None:
    """The one numbered list the question's words point to (none when no words match, or a tie)."""
    words = _list_words(question)
    scored = sorted(((len(words & item.words), n) for n, item in enumerate(lists)), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return lists[scored[0][1]]


def _blanked(text: str, mentions: list[Mention], kind: str) -> str:
    """``text`` with the mentions of entities of ``kind`` blanked out."""
    for mention in mentions:
        if mention.entity.type == kind:
            text = text[: mention.start] + " " * (mention.end - mention.start) + text[mention.end :]
    return text


def _changed_span(before: str, after: str) -> tuple[int, int] | None:
    """Where ``after`` differs from ``before``, widened to whole words, when the rest is the same
    question (a swap of one slot); None when the two share less than half of ``after``."""
    if not before or before == after:
        return None
    prefix = _shared(before, after)
    suffix = _shared(before[prefix:][::-1], after[prefix:][::-1])
    start, end = prefix, len(after) - suffix
    while 0 < start < len(after) and _script(after[start - 1]) == _script(after[start]) != "other":
        start -= 1
    while 0 < end < len(after) and _script(after[end - 1]) == _script(after[end]) != "other":
        end += 1
    if end <= start or (end - start) * 2 > len(after) or not after[start:end].strip():
        return None
    while after[start].isspace():
        start += 1
    while after[end - 1].isspace():
        end -= 1
    return start, end


def _shared(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` begin with in common."""
    return sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], zip(a, b, strict=False)))


def _script(char: str) -> str:
    """The kind of character a word is made of: Latin letters and digits, kanji, or katakana."""
    if char.isascii() and char.isalnum():
        return "latin"
    if "\u4e00" <= char <= "\u9fff":
        return "kanji"
    if "\u30a0" <= char <= "\u30ff":
        return "katakana"
    return "other"


def _swap_phrase(turn: _Turn) -> str:
    """A bare noun phrase ("what about team chat?", 「ドキュメントの管理だと?」): the previous
    question about it, in place of the previous topic."""
    # A remark after the phrase asks nothing more ("how about ms teams, since thats what corp forces on us").
    first_clause, remark = _first_clause(turn.rest)
    said = first_clause if _REMARK.match(remark) and not _ASKS.search(remark) else turn.rest
    phrase = _ASKING_TAIL.sub("", _CHAT_TAIL.sub("", _LEADING_WORDS.sub("", said))).strip()
    pronoun = (_PRONOUN_JA if detect_language(turn.question) == "ja" else _PRONOUN_EN).search(said)
    if not ((turn.facets or turn.swapped) and phrase and is_short(said) and not pronoun and _is_phrase(phrase)):
        return ""
    first, last = turn.facet_span()
    if first.entity.type != "aspect" and any(m.entity.type == "aspect" for m in turn.new):
        return ""  # "interview angle?" after FinOps: FinOps in interviews, carried below
    return turn.replace(first, phrase, last)


_CLAUSE_BREAK = re.compile(r"\s*(?:[,、;；]|\s[—–-]\s)\s*")
_ASKS = re.compile(r"[?？]")
# A clause that gives a reason or an aside, not a question of its own: "since …", "bc …", 「…だから」.
_REMARK = re.compile(r"(?:since|because|bc|cuz|coz|cause|as|which|that'?s|thats|btw|tho|though)\b|"
                     r"^(?:だから|なので).*|.*(?:だから|なので|ので|けど|から|だし)[。.!！w笑]*$", re.IGNORECASE)


def _first_clause(text: str) -> tuple[str, str]:
    """``text`` up to its first clause break, and the rest ("" when it has none)."""
    parts = _CLAUSE_BREAK.split(text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (text, "")


# A demonstrative before a noun for the role ("this job", 「この仕事」) stands for the role, not the facet.
_THIS_ROLE = re.compile(r"(?:この|その)(?=(?:仕事|職種|職業|ロール|ポジション))|"
                        r"\b(?:this|that)\s+(?=(?:job|role|career|position|profession|line of work)\b)", re.IGNORECASE)


def _carry_topic(turn: _Turn, previous_as_asked: str) -> str:
    """A pronoun names the previous topic; otherwise a new facet of it says which topic."""
    rest = turn.rest
    if _CONTRAST.match(turn.question.strip()):
        return rest  # 「逆に、管理職寄りのルートだと?」: the other side, not more of the previous topic
    ja = detect_language(turn.question) == "ja"
    # An aspect is never a topic of its own; when the previous question had only aspects, any topic is.
    kinds = {o.entity.type for o in turn.facets}
    kinds = kinds - {"aspect"} or (set(_TYPE_ORDER) - {"aspect"} if kinds else set())
    if any(m.entity.type in kinds and not _subject(m.entity) for m in turn.new):
        return rest  # it names its own topic in place of the previous one ("a regular TPM — how big …")
    topics = sorted((o.entity for o in turn.old), key=lambda e: _TYPE_ORDER[e.type])
    pronoun = (_PRONOUN_JA if ja else _THING_PRONOUN).search(rest)
    if topics and all(_subject(e) for e in topics) and any(not _subject(m.entity) for m in turn.new) and not pronoun:
        return rest  # 「偉い人たちとはどう付き合うの」 after a question that named only the role: nothing to carry
    if not topics:
        return f"{previous_as_asked} {rest}"  # nothing to name: carry the whole previous question
    if _THIS_ROLE.search(rest):
        return _THIS_ROLE.sub("TPMの" if ja else "the TPM ", rest, count=1)  # "where's this job heading": the role
    slot = (_PRONOUN_JA if ja else _THING_PRONOUN).search(rest)
    if slot:
        # As the previous question wrote them ("RTO versus RPO"), or the topic's name.
        name = turn.facet_names() if turn.facets else (topics[0].name_ja if ja else topics[0].name_en)
        possessive = "の" if slot.group() in _DETERMINER_JA else ""
        return rest[: slot.start()] + name + possessive + rest[slot.end():]
    name = topics[0].name_ja if ja else topics[0].name_en
    return f"{name}について、{rest}" if ja else f"{rest} (about {name})"


# A step up the ladder in words that say nothing else ("the next promo", "one more up", "where does one
# go from there"), even in a longer follow-up; a verb of moving up may be a purpose ("what should they
# learn to move up?" stays on their rung). "up" is a step only as a move, not in "set up" or "follow up".
_CLIMB = r"昇進|昇格|\bpromo(?:tion|ted)?\b|\b(?:one|level|step|more|further)\s+up\b|\bup\s+(?:from|the ladder)\b|" \
         r"\bgo(?:es)?\s+from\s+(?:here|there)\b|(?:その|この|あの)(?:上|次)(?=って|は|だと|の|に|へ)"
_DESCENT = r"\b(?:one|a|level|step)\s+(?:step\s+)?down\b|\bdown\s+from\b|(?:その|この|あの)下(?=って|は|だと|の|に|へ)"
_CLIMBS = re.compile(f"{_CLIMB}|{_DESCENT}", re.IGNORECASE)
_UP = re.compile(rf"上|次|\b(next|above|after|higher)\b|\b(?:move|moving|go|going|climb|climbing)\s+up\b|{_CLIMB}",
                 re.IGNORECASE)
_DOWN = re.compile(rf"下|前の段階|(?:一つ|ひとつ|1つ)前|前のステップ|\b(below|before|lower|previous|one back)\b|"
                   rf"{_DESCENT}", re.IGNORECASE)
# A number with the counter that makes it an ordinal (4番目, 3rd), or an ordinal word; a word
# replaces a number with its counter (「4番目」→「最後」), a number keeps the counter it had.
_ORDINAL_WORDS = {"最初": 1, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
_LAST = re.compile(r"最後|last|final", re.IGNORECASE)
# A bare number only after a word that counts ("step 3", 「ステップ2」): "4 years" is no ordinal.
# An ordinal word that ends a clause without "the" before it is an adverb ("what do I set up first?",
# 「最初にやること」), not a place on a list ("the first one", "is the last?").
_ORDINAL_WORD = r"(?:first|last|final|second|third|fourth|fifth|sixth|seventh)"
_ORDINAL = re.compile(r"(?:\b(?:step|item|stage|phase|level|part|no\.?)\s*|#|ステップ|段階|第)\d+(?:番目|つ目)?|"
                      r"\d+(?:\s*(?:番目|つ目|個目|こ目|段階目)|(?:st|nd|rd|th)\b)|最初(?!に)|最後|"
                      rf"(?<=the ){_ORDINAL_WORD}\b|\b{_ORDINAL_WORD}\b(?!\s*(?:[?？!！.,。、]|$|of all))",
                      re.IGNORECASE)


# The category a named thing belongs to, as the end of its name: "CI/CD tools", 「クラウド資格」.
_HEAD_NOUN = re.compile(r"\s*(?:\b(?i:tools?|skills?|certifications?|certs?|courses?|books?|frameworks?|platforms?)|"
                        r"ツール|スキル|資格|コース|書籍|フレームワーク)$")
# Chat filler after the phrase: "what about the security team tho", "and legal btw?".
_CHAT_TAIL = re.compile(r"\s+\b(?:tho|though|then|btw|lol|pls|please|too|as well)\b(?=\s*[?？!！.。]*\s*$)",
                        re.IGNORECASE)
_LEADING_WORDS = re.compile(r"^((the|a|an|for|on|about|with|in|to)\s+)+", re.IGNORECASE)
# What stands between two facets that make one list: "SRE and SLOs", 「RTOとRPO」, "Slack or Teams".
_JOINER = r"\s*(?i:and|or|versus|vs\.?|&|,|、|とか|と|や|/|・|及び|および)\s*"
_LIST_JOINER = re.compile(_JOINER)
# A word written like a name (a capitalised Latin word, a katakana word), as a whole word; as a
# facet, or joined to one in a list.
_NAME = (r"(?<![A-Za-z0-9\u30a0-\u30ff\u4e00-\u9fff])(?:[A-Z][A-Za-z0-9+#.\-]+|[\u4e00-\u9fff]*[\u30a0-\u30ff]{2,})"
         r"(?![A-Za-z0-9\u30a0-\u30ff])")  # a katakana word with the kanji it is compounded with (開発チーム)
_NAME_WORD = re.compile(_NAME)
# Inside a list a kanji word is a member too (「財務・調達」).
_MEMBER = rf"(?:{_NAME}|(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{{2,}}(?![\u4e00-\u9fff]))"
_LISTED_BEFORE = re.compile(rf"{_MEMBER}{_JOINER}$")
_LISTED_AFTER = re.compile(rf"{_JOINER}{_MEMBER}")
# How a bare follow-up ends when it only names a new topic: 「…は?」「…だと?」「…はどうですか?」, "…?".
_ASKING_TAIL = re.compile(r"\s*(って|とは|は|だと|では|なら|の場合|について)?\s*"
                          r"(どう(ですか|なの|なる|でしょう|変わる|違う)?|"
                          r"(も|を|について(も)?)?(教えて|おしえて)(ください|ほしい)?)?"
                          r"\s*[?？。]*$")
_VERBISH = re.compile(r"\b(do|does|did|is|are|can|should|would|how|what|why|when|which|who)\b|ます|です|する|した",
                      re.IGNORECASE)
SUBJECT = ("term", "TPM")  # the corpus's subject: in nearly every question, never the facet swapped
ROLE_WORK = ("term", "主な役割と責任")  # "key responsibilities": the role's work itself, no topic besides it


def _subject(entity: Entity) -> bool:
    return (entity.type, entity.key) == SUBJECT


def _is_phrase(text: str) -> bool:
    """A noun phrase, not a question of its own ("team chat", 「ドキュメントの管理」; not "how to train",
    「面接だとどう聞かれる」: a Japanese verb with an auxiliary after it is a clause)."""
    if _VERBISH.search(text):
        return False
    if detect_language(text) != "ja":
        return len(text.split()) <= 4
    words = tagged(text)
    clause = any(a.pos == "動詞" and b.pos in ("助動詞", "助詞") for a, b in itertools.pairwise(words))
    return len(text) <= 14 and not clause


def _role_question(level: Entity, question: str) -> str:
    """The question about a ladder level itself, in the follow-up's language, as a rung of the career
    ladder: the middle rung's name, Technical Program Manager, is also the role's."""
    if detect_language(question) == "ja":
        return f"キャリアパスの{level.name_ja}の役割と責任は?"
    return f"What are the role and responsibilities of a {level.name_en} on the career ladder?"


def _outlook_question(level: Entity, question: str) -> str:
    """The question about where a ladder level leads, in the follow-up's language."""
    if detect_language(question) == "ja":
        return f"{level.name_ja}の次のキャリアの展望は?"
    return f"What is the career outlook after {level.name_en}?"


def _ladder_step(question: str) -> int:
    """+1 for a follow-up that asks for the level above ("その上は?", "what comes next?"), -1 below."""
    return 1 if _UP.search(question) else -1 if _DOWN.search(question) else 0


def _entity(type_: str, key: str, name_ja: str, name_en: str, forms: tuple[str, ...], function: str = "") -> Entity:
    normalized = sorted({normalize(f) for f in forms if len(f) >= 2}, key=len, reverse=True)
    return Entity(type_, key, name_ja, name_en, tuple(normalized), function)


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _form_pattern(form: str) -> re.Pattern[str]:
    pattern = _PATTERNS.get(form)
    if pattern is None:
        # ASCII forms match whole words ("go" must not fire in "good"), a one-word form's plural too
        # ("PMs", "execs"; "legal teams" keeps its head noun for the swap); Japanese forms anywhere.
        body = re.escape(form) + ("" if " " in form else "(?:e?s)?")
        pattern = re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])" if form.isascii() else body)
        _PATTERNS[form] = pattern
    return pattern


_FILLER = re.compile(
    r"では|じゃあ|じゃ|それでは|の場合|場合|について|には|は|の|に|？|\?|。|、|!|！|\s|"
    r"まわり|周り|あたり|とか|\b(then|and|what|about|how|for|the|a|an|so|also|case|level|role|tpms?|side|part|stuff)\b",
    re.IGNORECASE,
)


def _residual_words(question: str, mentions: list[Mention]) -> int:
    """Content words the follow-up says besides its entities ("じゃあシニアは?" → 0, "ドキュメントの管理だと?" → 1)."""
    text = normalize(question)
    for m in sorted(mentions, key=lambda m: -m.start):
        text = text[: m.start] + " " + text[m.end :]
    return len(tokenize(_FILLER.sub(" ", text)))
