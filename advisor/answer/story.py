"""A chat message as sentences: the story a user tells and the question it leads up to.

"SIerで5年PMをしています。主に金融系の基幹システム更改で、ベンダーコントロールと進捗管理が中心
です。… Associate TPMってどんな仕事を任されるんでしょうか?" asks one question; the rest is the
asker's story. Its words (a former employer, 「ベンダーコントロール」) are no ask of the guide, and a
follow-up swaps what was asked, not what the story mentioned.
"""

from __future__ import annotations

import re

from advisor.language import detect_language

# Where a sentence ends: 「。」「?」, or an English full stop before a space.
_SENTENCE_END = re.compile(r"(?<=[。?？!！])(?![。?？!！])|(?<=\.)\s+|\n+")  # "for??" ends once
# A Japanese sentence that asks without a question mark: 「…いるんだっけ」「…ですか」「…かな」.
_UNMARKED_QUESTION = re.compile(r"(か|の|っけ|かな|かね|だろう|でしょう|でしょうか|ますか|ですか)[。.!！\s]*$")
# A question that points into the story told before it: "at this stage", 「この段階」「そういう会社」.
_DEMONSTRATIVE = re.compile(r"この|その|こういう|そういう|こんな|そんな|\b(?:this|that|these|those|such)\b",
                            re.IGNORECASE)


def is_short(question: str) -> bool:
    """A message of a few words: 20 characters of Japanese, six English words."""
    stripped = question.strip()
    return len(stripped) <= 20 if detect_language(stripped) == "ja" else len(stripped.split()) <= 6


def sentences(message: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(message.strip()) if s.strip()]


def points_into_story(question: str) -> bool:
    """Whether the question leans on the story for what it asks about (「この段階で」, "at this stage")."""
    return bool(_DEMONSTRATIVE.search(question))


def asking_part(message: str) -> str:
    """The one question a story leads up to ("SIerで5年PMをしています。… Associate TPMってどんな仕事を
    任されるんでしょうか?" → the question), or "" when the message is no such story: a question
    alone, several questions (「…ってほんと?TPMでも英語必須?」), or a last question that leans on
    the story for what it asks ("…みなし残業 clause. Is that even legal?")."""
    told = sentences(message)
    asks = [n for n, s in enumerate(told) if s[-1] in "?？"]
    if len(told) < 2 or is_short(message) or len(asks) != 1:
        return ""
    # What follows the question is a remark (「…どういう会社?求人探し中で」), not a second question
    # without its mark (「…あるんだっけ?更新にPDU何ポイントいるんだっけ」).
    if any(_UNMARKED_QUESTION.search(s) for s in told[asks[0] + 1:]):
        return ""
    asking = told[asks[0]]
    return "" if points_into_story(asking) else asking


# An English sentence that asks without a question mark ("also how about jira").
_ASKS_EN = re.compile(r"^(?:also |and |but |so )?(?:what|how|which|who|why|when|where|is|are|do|does|can|could|"
                      r"should|would|will)\b", re.IGNORECASE)


def only_told(text: str) -> bool:
    """Whether ``text`` (what follows a question) only tells: a remark, no second question."""
    told = sentences(text)
    return bool(told) and not any(s[-1] in "?？" or _UNMARKED_QUESTION.search(s) or _ASKS_EN.match(s) for s in told)


def last_question(message: str) -> tuple[str, str]:
    """The message from its last question on, and that question (the message, twice, when short)."""
    told = sentences(message)
    if len(told) < 2 or is_short(message):
        return message, message
    asking = ([s for s in told if s[-1] in "?？"] or told)[-1]
    return message[message.rindex(asking):].strip(), asking


def told_in_story(message: str, position: int) -> bool:
    """Whether ``position`` is in a statement of a longer message (its story), not in a question."""
    bounds = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(message)] + [(len(message), len(message))]
    start = 0
    for end, after in bounds:
        sentence = message[start:end].strip()
        if start <= position < end:
            return sentence[-1:] not in "?？" and sentence != message.strip()
        start = after
    return False
