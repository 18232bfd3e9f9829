"""The one concrete next step an interview answer gets, in the answer's language.

Built from the judgement only: the answer's form, the parts of the question it left unaddressed,
the first point it missed, and the STAR parts a behavioural story lacks.
"""

from __future__ import annotations

from advisor.feedback.judge import Judgement

STAR_NAMES = {
    "ja": {"situation": "状況(いつ・どこで・何が起きていたか)", "task": "自分の役割や課題",
           "action": "自分が取った行動", "result": "結果(何が変わったか、できれば数字で)"},
    "en": {"situation": "the situation (when, where, what was going on)", "task": "your own task or goal in it",
           "action": "what you yourself did", "result": "the result (what changed, ideally with a number)"},
}

TERM_LIST = {
    "ja": "用語を並べただけでは評価されません。文章で、それぞれが何を意味し、質問にどう答えるかを説明してください。",
    "en": "A list of terms earns no credit: say in sentences what each one means and how it answers the question.",
}


def suggestion(judgement: Judgement, missed_points: list[str], language: str, asks: list[str]) -> str:
    """``missed_points`` in the order to suggest them (those of an unaddressed part first); ``asks`` the
    unaddressed parts' labels in ``language``."""
    ja = language == "ja"
    first = missed_points[0] if missed_points else ""
    if judgement.term_list:
        lead = TERM_LIST[language]
        tip = (f"まずは「{first}」から。" if ja else f" Start with: {first}.") if first else ""
        return lead + tip + _star_tip(judgement, language)
    if not judgement.covered:
        wanted = "」「".join(asks) if ja else "; ".join(asks)
        if judgement.on_topic:
            lead = (f"話題には沿っていますが、質問が求めている「{wanted}」に答えていません。" if ja
                    else f"Your answer stays on the topic but does not answer what the question asks: {wanted}.")
        else:
            lead = (f"回答が質問と別の話題になっています。質問が求めているのは「{wanted}」です。" if ja
                    else f"Your answer is about something else; the question asks for: {wanted}.")
        tip = (f"まずは「{first}」を説明してみましょう。" if ja else f" Start by explaining: {first}.") if first else ""
        return lead + tip + _star_tip(judgement, language)
    if asks:
        wanted = "」「".join(asks) if ja else "; ".join(asks)
        lead = (f"質問のうち「{wanted}」に触れていません。" if ja else f"You did not address: {wanted}.")
        tip = (f"「{first}」を加えましょう。" if ja else f" Add: {first}.") if first else ""
        return lead + tip + _star_tip(judgement, language)
    if missed_points:
        lead = f"次は「{first}」に触れてみましょう。" if ja else f"Next, cover: {first}."
        return lead + _star_tip(judgement, language)
    star = _star_tip(judgement, language)
    if star:
        return (("主要なポイントはすべて押さえています。" if ja else "You covered every key point.") + star)
    return ("主要なポイントはすべて押さえています。数字で示せる成果を一つ加えると、さらに良くなります。" if ja
            else "You covered every key point. Adding one measurable result would make it even stronger.")


def _star_tip(judgement: Judgement, language: str) -> str:
    if judgement.star is None or judgement.term_list:
        return ""
    missing = [STAR_NAMES[language][part] for part in judgement.star.missing]
    if not missing:
        return ""
    if language == "ja":
        return f"経験談(STAR)に「{'」「'.join(missing)}」が欠けています。"
    return f" Your story (STAR) is missing {', '.join(missing)}."
