"""Scope as people write it: "要員60名", "協力会社3社", "４チーム", "two teams", "a team of twelve",
"年間予算3,500万円", "USD 2.5M" — and which of those numbers are the employer's, not the person's.

A number is read whole (thousands separators, full-width digits, 万/億, "2.5M", number words), with
the counter that follows it. A count that belongs to the company or its customers (従業員数, 資本金,
users, revenue, 会員数300万人) describes the employer and is never the person's scope.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Units of scope, by the counter that follows the number.
UNITS: dict[str, str] = {
    "people": r"名|人(?!月|日|時間)|people|persons?|engineers?|developers?|members?|staff|ftes?|"
              r"contractors?|consultants?|reports|testers?|designers?|leads?|tpms?|managers?|pms?|"
              r"program managers?|analysts?|scientists?",
    "teams": r"チーム|班|スクラムチーム|teams?|squads?|pods?|scrum teams?|groups?",
    "vendors": r"社(?!員|内|外|長|会|目)|ベンダー|vendors?|partner (?:companies|firms|vendors)|suppliers?|"
               r"contractors? companies|companies|firms",
    "sites": r"拠点|か国|カ国|ヶ国|ケ国|国|sites?|offices?|locations?|countries|regions|time ?zones",
    "departments": r"部署|部門|事業部|本部|departments?|divisions?|business units?|functions|organi[sz]ations|orgs",
    "programs": r"プログラム|プロジェクト|案件|programs?|programmes?|projects?|initiatives?|workstreams?",
}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
    "a hundred": 100, "several": 3, "multiple": 2, "a couple of": 2, "both": 2,
}
_NUMBER_WORDS |= {f"{tens}{joiner}{unit}": _NUMBER_WORDS[tens] + _NUMBER_WORDS[unit]  # "twenty-five"
                  for tens in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
                  for unit in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
                  for joiner in ("-", " ")}
_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
                 "複数": 2, "数": 3}
_NUMBER = (r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<mult>万|億|千|k|m|million|thousand)?"
           r"|(?P<word>" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")"
           r"|(?P<kanji>複数|数|[一二三四五六七八九十])(?:つの)?")
_MULTIPLIER = {"万": 1e4, "億": 1e8, "千": 1e3, "k": 1e3, "m": 1e6, "million": 1e6, "thousand": 1e3}
# Words that may stand between a number and its counter ("3 engineering teams") — not time or
# prepositions, or "5 years leading teams" would read as five teams.
_FILLER = r"(?!(?:years?|months?|weeks?|days?|hours?|of|in|at|to|with|for|and|or|the|from|across)\b)"
# "a team of twelve engineers", "8-person team": the number then the counter, with at most two
# words between ("3 engineering teams", "two scrum teams", "要員60名" has the counter right after).
_ANY_UNIT = "|".join(f"(?:{u})" for u in UNITS.values())
_COUNT = re.compile(
    rf"(?<![0-9.,])(?:{_NUMBER})(?:-| |\s*)(?:{_FILLER}[a-z][a-z-]*\s+){{0,2}}?(?P<unit>{_ANY_UNIT})"
    r"(?![a-z])",
    re.IGNORECASE,
)
_TEAM_OF = re.compile(
    rf"(?:\b(?:team|group|org(?:ani[sz]ation)?) of|\bteam size(?: of)?:?|\bheadcount(?: of)?:?|チーム規模|メンバー数|"
    rf"体制)\s*[:：]?\s*(?:about |around |~|約)?(?:{_NUMBER})(?:\s*(?:名|人))?",
    re.IGNORECASE,
)
_PERSON_TEAM = re.compile(rf"(?:{_NUMBER})[- ](?:person|people|member|engineer)\b", re.IGNORECASE)
_MONEY = re.compile(
    r"(?P<yen>(?P<oku>\d+(?:\.\d+)?)\s*億(?:\s*(?P<okuman>\d{1,4})\s*万)?\s*円?|(?P<man>\d{1,3}(?:,\d{3})+|\d+)\s*万\s*円"
    r"|(?P<plainyen>\d{1,3}(?:,\d{3})+)\s*円)"
    r"|(?P<usd>(?:usd|us\$|\$)\s*(?P<amount>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<scale>k|m|mm|million|b|billion)?\b)",
    re.IGNORECASE,
)
_USD_SCALE = {"k": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9}
JPY_PER_USD = 150.0  # budgets compare on one scale; the exact rate does not move a level
# What the employer or its market is, not what the person led: a number in the same clause as one
# of these words, or counting one of them, is a company fact.
EMPLOYER_FACT = re.compile(
    r"従業員|社員数|社員約|職員数|資本金|売上|年商|設立|創業|上場|会員|ユーザ|利用者|顧客|取引先|加盟店|店舗数|拠点数:|"
    r"所在地|事業内容|mau|dau|employ(?:s|ees|ing)|staff of|revenue|sales of|turnover|arr\b|"
    r"valuation|raised|funding|capital|users?\b|customers?\b|subscribers?|visitors|downloads|installs|"
    r"shoppers|merchants|patients|students|members worldwide|a company of|founded|listed on",
    re.IGNORECASE,
)
BUDGET = re.compile(r"予算|費用|コスト|投資|規模|総額|受注|契約額|budget|spend|cost|p&l|capex|opex|portfolio worth|"
                    r"worth|valued at|contract", re.IGNORECASE)
_CLAUSE = re.compile(r"[、,;；。()()]|\band\b|\bwhile\b|\bwhich\b")


@dataclass(frozen=True)
class Quantity:
    unit: str  # people | teams | vendors | sites | departments | programs | budget_jpy
    value: float
    words: str  # the words it was read from, verbatim after NFKC
    position: int = 0  # where in the (NFKC) sentence those words start


def _value(match: re.Match[str]) -> float | None:
    if match.group("num"):
        value = float(match.group("num").replace(",", ""))
        return value * _MULTIPLIER.get((match.group("mult") or "").lower(), 1.0)
    if match.group("word"):
        return float(_NUMBER_WORDS[match.group("word").lower()])
    if match.group("kanji"):
        return float(_KANJI_DIGITS[match.group("kanji")])
    return None


def _unit(word: str) -> str:
    return next(unit for unit, pattern in UNITS.items() if re.fullmatch(pattern, word, re.IGNORECASE))


def _clause_start(text: str, start: int) -> int:
    """Where the clause holding ``text[start]`` begins: after the nearest 、,;。 or bracket."""
    return max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)


def _clause_end(text: str, end: int) -> int:
    return next((m.start() for m in _CLAUSE.finditer(text, end)), len(text))


def _is_company_fact(text: str, start: int, end: int, whole_clause: bool) -> bool:
    """A count is the company's when its clause says so before it ("従業員数:約2,400名", "employs
    12,000 people"); an amount also when it is named after ("$300M revenue")."""
    clause = text[_clause_start(text, start): _clause_end(text, end) if whole_clause else end]
    return bool(EMPLOYER_FACT.search(clause))


def read_quantities(sentence: str) -> list[Quantity]:
    """Every scope number in ``sentence`` that is the person's (company facts left out)."""
    text = unicodedata.normalize("NFKC", sentence)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for match in _MONEY.finditer(text):
        if _is_company_fact(text, match.start(), match.end(), whole_clause=True) or not BUDGET.search(text):
            continue
        if match.group("usd"):
            amount = float(match.group("amount").replace(",", ""))
            yen = amount * _USD_SCALE.get((match.group("scale") or "").lower(), 1.0) * JPY_PER_USD
        elif match.group("oku"):
            yen = float(match.group("oku")) * 1e8 + float(match.group("okuman") or 0) * 1e4
        elif match.group("man"):
            yen = float(match.group("man").replace(",", "")) * 1e4
        else:
            yen = float(match.group("plainyen").replace(",", ""))
        found.append(Quantity("budget_jpy", yen, match.group(0).strip(), match.start()))
        taken.append(match.span())
    for pattern in (_COUNT, _TEAM_OF, _PERSON_TEAM):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            value = _value(match)
            if value is None or value <= 0 or _is_company_fact(text, match.start(), match.end(), whole_clause=False):
                continue
            unit = _unit(match.group("unit")) if pattern is _COUNT else (
                "teams" if pattern is _PERSON_TEAM else "people")
            if pattern is _PERSON_TEAM:  # "an 8-person team": eight people in one team
                found.append(Quantity("people", value, match.group(0), match.start()))
                value = 1.0
            if unit == "people" and value >= 5000:
                continue  # an audience ("300万人が使う"), not a team anyone leads
            found.append(Quantity(unit, value, match.group(0).strip(), match.start()))
            taken.append(match.span())
    return found
