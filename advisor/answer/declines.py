"""What the reader is told when the guide does not hold the answer, or holds only part of it.

Built only from the scope verdict (what was asked for and not found, the question's words the
corpus never uses) and the guide's section titles: never an invented fact.
"""

from __future__ import annotations

from advisor.answer.scope import ScopeVerdict
from advisor.corpus import english_section_name
from advisor.types import Passage

# (English, Japanese) names of what the guide does not hold.
FIGURES = {
    "money": ("amounts of money (pay, fees or prices)", "金額（給与・費用・料金など）"),
    "people": ("headcounts", "人数"),
    "duration": ("durations or timelines", "期間や所要年数"),
    "rate": ("scores, rates or percentages", "点数や割合"),
    "date": ("dates", "日付"),
    "count": ("counts", "回数や件数"),
}
PROCEDURE = ("step-by-step procedures or code", "具体的な手順やコード")
# A task rather than a question gets its own sentence.
TASKS = {
    "creative": ("The advisor answers questions about the TPM career from the guide; it does not write poems, "
                 "stories or jokes.", "このアドバイザーはガイドに基づいてTPMのキャリアについての質問に答えるもので、"
                 "詩や物語などの創作はしません。"),
    "chitchat": ("The advisor answers questions about the TPM career from the guide; it is not made for small talk.",
                 "このアドバイザーはガイドに基づいてTPMのキャリアについての質問に答えるもので、雑談には対応していません。"),
}
GENERIC = ("the specific figure or fact asked for", "お尋ねの具体的な数値や事実")
GUIDE_SCOPE = (
    "It covers the TPM role, its work, skills and tools, collaboration, the career ladder, the future of the "
    "role, how to learn it, employers in Japan and interviews.",
    "ガイドが扱うのは、TPMの役割と業務、スキルとツール、協業、キャリアパス、将来展望、学習方法、日本の就職先、面接対策です。",
)
MAX_NAMED = 3


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "ja" else pair[0]


def _quoted(words: tuple[str, ...], language: str) -> str:
    words = words[:MAX_NAMED]
    return "".join(f"「{w}」" for w in words) if language == "ja" else ", ".join(f"“{w}”" for w in words)


def missing_things(verdict: ScopeVerdict, language: str) -> list[str]:
    """Names of what was asked for and is not in the guide, most specific first."""
    things = [_pick(FIGURES[k], language) for k in verdict.missing_figures]
    organisations = verdict.organisations
    others = tuple(n for n in verdict.unsupported_names if n not in organisations)
    if organisations:
        names = _quoted(organisations, language)
        things.append(f"{names}自体の情報（選考や制度など）" if language == "ja"
                      else f"facts about {names} itself (its hiring steps, policies or figures)")
    if others:
        names = _quoted(others, language)
        things.append(f"{names}についての情報" if language == "ja" else f"facts about {names}")
    if verdict.procedure:
        things.append(_pick(PROCEDURE, language))
    return things


def _joined(things: list[str], language: str) -> str:
    return "・".join(things) if language == "ja" else " or ".join(things)


def partial_line(verdict: ScopeVerdict, language: str) -> str:
    """The first line of a partial answer: what the guide does not give, before what it does say."""
    things = missing_things(verdict, language)
    if language == "ja":
        what = _joined(things, language) if things else GENERIC[1]
        return f"ガイドには{what}の記載はありません。関連してガイドに書かれていること:"
    if not things:
        return f"The guide does not give {GENERIC[0]}. What it does say:"
    return f"The guide gives no {_joined(things, language)}. What it does say:"


def decline_text(verdict: ScopeVerdict, nearby: list[Passage], language: str) -> str:
    """A plain statement of what the guide does not cover, and what it covers nearby."""
    if verdict.task:
        return _pick(TASKS[verdict.task], language)
    things = missing_things(verdict, language)
    sections = list(dict.fromkeys(p.section.split(" > ")[0] for p in nearby if p.kind == "guide"))[:3]
    near = sections and not verdict.off_topic
    if language == "ja":
        text = "ガイドはこの質問を扱っていません。"
        if things:
            text += f"{_joined(things, language)}は載っていません。"
        elif verdict.off_terms:  # the user's words are not echoed: a question may carry an injection
            text += "この話題はガイドに出てきません。"
        text += ("近い内容として「" + "」「".join(sections) + "」があります。") if near else GUIDE_SCOPE[1]
        return text
    text = "The guide does not cover this question"
    if things:
        text += f": it gives no {_joined(things, language)}."
    elif verdict.off_terms:  # the user's words are not echoed: a question may carry an injection
        text += ": the topic is not in it."
    else:
        text += "."
    if near:
        text += " Nearby, it covers: " + "; ".join(f"“{english_section_name(s)}”" for s in sections) + "."
    else:
        text += " " + GUIDE_SCOPE[0]
    return text
