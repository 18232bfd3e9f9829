"""The rung of the career ladder a question stands on without naming a level.

"I'm a TPM — what's the next level?" names the user's rung by the role's own name; 「未経験だとどの
レベルから?」 asks about the first rung. The answer's shape (which ladder rows lead) and a follow-up
that steps along the ladder ("and after that one?") both read the rung from here. Words of rank are a
closed class of nouns and verbs, not phrasings.
"""

from __future__ import annotations

import re

OWN_RUNG = "tpm"  # the ladder level the role's own name stands for
# Standing on the ladder and moving between its rungs ("the next level", 「一個上」, "promotion").
# 「サービスレベル」 is no rank, nor a degree ("what level of Python", 「Pythonはどのレベルまで」).
# A rung itself is named by a noun ("the rung after that", 「下のランク」); moving is a verb or its noun.
_RUNG = (r"(?<![\u30a1-\u30fa])(?:レベル|ランク|グレード)(?!まで)|等級|職位|ポジション|(?:一個|ひとつ|一つ|1つ|一段)上|"
         r"キャリアパス|\b(?:levels?(?! of)|rungs?|seniority|ladder|positions?|grades?|bands?|(?<=next )post)\b")
_MOVING = r"昇進|昇格|\b(?:step(?:ping)? up|promot(?:e|ed|ion|ions)|move up|moving up)\b"
_RANK = re.compile(f"{_RUNG}|{_MOVING}", re.IGNORECASE)
_RUNG_NAMED = re.compile(_RUNG, re.IGNORECASE)
# Where a newcomer comes in: with no level named, a question of rank about starting is about the first rung.
_ENTRY = re.compile(r"未経験|始ま|スタート|入る|入った|入社|最初|\b(start(ing)?|entry|begin(ning)?|join(ing)?|"
                    r"switch(ing)?|come in|get in)\b", re.IGNORECASE)
# The user is a TPM ("I'm a TPM", 「今TPMやってます」「TPMとして3年」): the role's own name is their rung.
# "working in Tokyo as TPM in e-commerce": the role after "as", the article left out.
_OWN = re.compile(r"\b(i'?m|i am|im)\s+(a|an)\s+(tpm|technical program manager)\b|"
                  r"\b(?:i'?m|i am|im|i work|working)\b[^.?!。]{0,40}?\bas\s+(?:an?\s+)?"
                  r"(?:tpm|technical program manager)\b|"
                  r"(現役|今|いま|現在)(は)?(tpm|テクニカルプログラムマネージャー)|"
                  r"(tpm|テクニカルプログラムマネージャー)(として|を?やって|で働|です|歴)", re.IGNORECASE)


def asks_rank(question: str) -> bool:
    return bool(_RANK.search(question))


def names_rung(question: str) -> bool:
    """Whether the question names a rung ("what's the rung after that look like"), not only moving
    up ("what should they learn to move up?" asks about the rung the user stands on)."""
    return bool(_RUNG_NAMED.search(question))


def own_rung(question: str) -> bool:
    """A question of rank by a user who says they are a TPM."""
    return asks_rank(question) and bool(_OWN.search(question))


def comes_in(question: str) -> bool:
    """A question of rank about coming in (the first rung)."""
    return asks_rank(question) and bool(_ENTRY.search(question))
