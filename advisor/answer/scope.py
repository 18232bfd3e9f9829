"""Is the question answerable from the passages found? Similar-looking passages are not an answer.

Two checks. (1) The kind of answer asked for: pay, headcounts, exam fees or pass marks, a named
company's hiring steps or policies, visas, working hours. When the question asks for one, a
passage must hold that kind of content, or the advisor declines. (2) A relevance floor: when
neither the dense nor the keyword retriever found anything close, the question is off-topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.types import Passage

_I = re.IGNORECASE
COMPANIES = (
    r"楽天|メルカリ|LINEヤフー|ヤフー|LINE|DeNA|トヨタ|日立|三菱UFJ|MUFG|ソニー|富士通|NEC|NTT|サイバーエージェント|"
    r"リクルート|ソフトバンク|Amazon|AWS|Google|グーグル|Microsoft|マイクロソフト|Salesforce|Meta|Facebook|Apple|"
    r"Netflix|Uber|Rakuten|Mercari|Toyota|Hitachi|Sony|Fujitsu|SmartNews|PayPay|freee|Sansan"
)


@dataclass(frozen=True)
class AnswerKind:
    """A kind of answer the guide does not hold unless a passage shows it (``evidence``)."""

    id: str
    label_en: str
    label_ja: str
    question: re.Pattern[str]
    evidence: re.Pattern[str]


def _kind(id_: str, en: str, ja: str, question: str, evidence: str) -> AnswerKind:
    return AnswerKind(id_, en, ja, re.compile(question, _I), re.compile(evidence, _I))


ANSWER_KINDS: tuple[AnswerKind, ...] = (
    _kind("pay", "pay or salary figures", "年収・給与の金額",
          r"年収|給与|給料|報酬|月給|賞与|ボーナス|時給|稼げ|稼ぐ|salar|\bpay\b|\bpaid\b|compensation|\bwage|income|"
          r"how much .*(earn|make)|stock option|ストックオプション|\bRSU",
          r"年収|給与|給料|報酬|月給|salar|compensation|\bwage"),
    _kind("headcount", "headcounts or other statistics about people", "人数・人員構成の統計",
          r"何人|人数|社員数|従業員数|採用人数|男女比|女性比率|平均年齢|年齢層|"
          r"how many (people|employees|tpms?|engineers|staff|positions|openings)|number of (tpms|employees|people)|"
          r"gender (ratio|split|balance)|average age|percentage of (women|men)",
          r"\d+\s*(人|名|歳|%)|男女比|平均年齢|headcount|employees|average age"),
    _kind("exam", "exam fees, scores or pass marks", "受験料・点数・合格基準",
          r"(受験|試験|資格|認定|exam|certif|PMP|CSM|PSM|CISSP|CKA|TOEIC|TOEFL|IELTS|英検)"
          r".*(受験料|試験料|料金|費用|いくら|値段|合格点|合格率|合格ライン|点数|"
          r"何点|fee|cost|price|pass(ing)? ?(mark|score|rate)|how much)|"
          r"(受験料|合格点|合格率|exam fee|passing score|pass mark|pass rate)",
          r"受験料|試験料|合格点|合格率|合格ライン|\d+\s*(円|ドル|点)|\$\s?\d|exam fee|passing score|pass mark"),
    _kind("visa", "visas", "ビザ・在留資格", r"ビザ|在留資格|visa|work permit|sponsorship", r"ビザ|在留資格|visa"),
    _kind("hours", "working hours or leave", "勤務時間・休暇",
          r"残業|勤務時間|労働時間|休日|有給|休暇|overtime|working hours|work hours|vacation|days off|paid leave",
          r"残業|勤務時間|労働時間|休日|有給|overtime|working hours"),
    _kind("company_practice", "a named company's hiring steps, policies or facts",
          "特定企業の選考手順・制度・会社情報",
          # Order-free: the company and what is asked about it may come either way round.
          rf"(?=.*({COMPANIES}))(?=.*(面接|選考|採用|応募|何回|倍率|制度|ポリシー|福利厚生|リモート|在宅|社風|本社|"
          rf"所在地|売上|社長|hir|interview|rounds|apply|application|polic|benefit|remote|culture|headquarter|"
          rf"located|revenue|ceo))",
          r"(選考|採用プロセス|面接回数|応募方法|福利厚生|本社|hiring process|interview rounds|benefits|headquarter)"),
    _kind("openings", "current job openings", "現在の求人情報",
          r"求人|募集中|応募できる|今.{0,6}(募集|採用)|job (posting|listing|opening)|openings|vacanc|currently hiring|"
          r"open (roles|positions)",
          r"求人|募集中|job posting|openings"),
    _kind("procedure", "step-by-step configuration or code", "設定手順やコード",
          r"手順を|設定手順|設定方法|コードを書|スクリプトを書|ステップバイステップ|step[- ]by[- ]step|walk me through|"
          r"write (me )?(the |some )?(code|script|terraform|yaml)|how (do|can) i (configure|set up|install)",
          r"手順[:：]|ステップ\s*\d|step \d|```"),
    _kind("employment_terms", "employment terms such as probation or notice periods", "試用期間などの雇用条件",
          r"試用期間|退職予告|雇用契約|probation|notice period|employment contract|non-compete",
          r"試用期間|probation|notice period|雇用契約"),
    _kind("pricing", "prices of products or services", "製品・サービスの料金",
          r"料金|価格|値段|ライセンス費|いくらかかる|(how is|how much is) .* priced|\bpric(e|ing)\b|subscription cost|"
          r"per seat|license cost",
          r"料金|価格|\d+\s*(円|ドル)|\$\s?\d|per seat|pricing"),
)

# Below both floors the passages are noise: nothing in the corpus is about the question. A
# question just under both (loosely phrased, few shared words) still counts as on topic.
DENSE_FLOOR = 0.22
KEYWORD_FLOOR = 3.0
NEAR_BOTH_FLOORS = 1.6  # dense/DENSE_FLOOR + keyword/KEYWORD_FLOOR


@dataclass(frozen=True)
class ScopeVerdict:
    answerable: bool
    missing: AnswerKind | None = None  # the kind of answer asked for and not found
    off_topic: bool = False


def judge(question: str, passages: list[Passage]) -> ScopeVerdict:
    """Whether ``passages`` can answer ``question`` (see the module docstring)."""
    if not passages:
        return ScopeVerdict(False, off_topic=True)
    for kind in ANSWER_KINDS:
        if kind.question.search(question) and not any(kind.evidence.search(p.text) for p in passages[:5]):
            return ScopeVerdict(False, missing=kind)
    best_dense = max(p.signals.get("dense", 0.0) for p in passages)
    best_keyword = max(p.signals.get("keyword", 0.0) for p in passages)
    near = best_dense / DENSE_FLOOR + best_keyword / KEYWORD_FLOOR
    if best_dense < DENSE_FLOOR and best_keyword < KEYWORD_FLOOR and near < NEAR_BOTH_FLOORS:
        return ScopeVerdict(False, off_topic=True)
    return ScopeVerdict(True)
