"""A job posting read into its requirements, as written: each requirement verbatim, the taxonomy
skills it asks for, required or preferred, the years it asks; and the ladder level the posting
implies. Facts about the company (headcount, users, revenue, offices), benefits and pay are not
requirements; instructions written inside a posting are not either. In memory only.

Postings come with headings (必須要件 / 歓迎要件, "Minimum qualifications" / "Nice to have"),
with inline markers (【必須】, 【歓迎】, "Bonus:"), or as prose ("You have 5+ years…"); all three
are read. With no qualifications at all, the responsibilities are what the posting asks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from advisor.corpus import LEVEL_IDS, Ladder
from advisor.documents import extract_text, source_bytes
from advisor.errors import BadInput
from advisor.gap.evidence import SkillMatcher
from advisor.gap.lines import unwrap
from advisor.gap.quantities import EMPLOYER_FACT
from advisor.gap.resume import INSTRUCTION
from advisor.gap.vectors import TextVectors
from advisor.language import detect_language, split_sentences

SECTIONS: dict[str, re.Pattern[str]] = {
    "preferred": re.compile(
        r"歓迎|尚可|望ましい|あれば|preferred|nice[- ]to[- ]haves?|bonus|pluses|desired|desirable|ideally|"
        r"great if you|would be great|it'?s a plus|"
        r"additional qualifications|good to have|extra credit", re.IGNORECASE),
    "required": re.compile(
        r"必須|応募資格|応募条件|必要な(スキル|経験|資格)|求める(スキル|経験|要件)|資格要件|応募要件|"
        r"requirements?|qualifications|must[- ]haves?|what you('ll)? (need|bring)|who you are|you (have|bring)|"
        r"about you|skills (and|&) experience|what we('re)? look(ing)? for|required|experience you|you might be|"
        r"looking for (someone|a person|people|candidates?)|we need (someone|a\b)|ideal candidate|you should have|"
        r"you will need|you'll need|求めています|求める方|こんな経験",
        re.IGNORECASE),
    "duties": re.compile(
        r"仕事内容|業務内容|職務内容|担当業務|具体的な業務|ミッション|役割|what you('ll)? do|responsibilit|the role|"
        r"about the role|your role|job description|in this role|day[- ]to[- ]day|what you will", re.IGNORECASE),
    "company": re.compile(
        r"会社概要|企業概要|企業情報|事業内容|会社情報|私たちについて|about (us|the company|the team)|who we are|"
        r"求める人物像|人物像|こんな方|働きたい|条件|what we offer|we offer|why join|life at|culture|カルチャー|"
        r"our (company|mission|story)|benefits|福利厚生|待遇|給与|年収|報酬|想定年収|勤務地|勤務時間|休日|休暇|選考|"
        r"応募方法|処遇|compensation|salary|perks|location|working hours|how to apply|interview process|"
        r"equal opportunity|雇用形態|試用期間|募集背景|ポジション|募集職種|職種|求人|job title", re.IGNORECASE),
}
_MARKER = re.compile(r"^\s*[【\[(（]\s*(必須|歓迎|尚可|must|required|preferred|nice to have|bonus|plus)\s*[】\])）]\s*"
                     r"|^\s*(must|bonus|nice to have|preferred|required|必須|歓迎)\s*[:：]\s*", re.IGNORECASE)
# The small print after a posting: legal notices, addresses, links — never a requirement.
_ASKED_NOUN = re.compile(r"(経験|知識|スキル|能力|資格|理解|実績|方)(があれば|をお持ちの方|のある方)?$")
_LEAD_IN = re.compile(r"^\s*(?P<lead>[^:：]{1,40})[:：]\s*(?P<rest>\S.*)$")
# Said in a posting but asking for nothing: pay, and what is explicitly not required.
_NOT_ASKED = re.compile(r"問いません|不問|不要です|必須ではありません|not required|no .{0,30}(required|necessary)|"
                        r"don'?t need|年収|月給|給与|salary|compensation|base pay|per year|万円〜|万円~",
                        re.IGNORECASE)
_BOILERPLATE = re.compile(r"equal opportunity|does not discriminate|all rights reserved|©|privacy policy|〒|"
                          r"https?://|careers\.|個人情報の取り?扱い|個人情報保護方針|プライバシー", re.IGNORECASE)
_BULLET = re.compile(r"^[\s・\-•*●◆■□▪︎◎○✓✔►▶︎>]+")
_YEARS = re.compile(r"(\d{1,2})\s*(?:\+|＋)?\s*(?:年以上|年程度|年超|年の|年間|\+?\s*years?|yrs?)", re.IGNORECASE)
# Prose that asks for something ("You have…", "〜の経験", "5+ years") — in a posting with no headings.
_ASKS = re.compile(r"経験|スキル|知識|能力|資格|理解|できる方|ある方|お持ちの方|you have|you've|you bring|experience "
                   r"(with|in|of|leading|running|managing)|proficien|familiar|knowledge of|ability to|"
                   r"track record|background in|\d+\+? years|degree", re.IGNORECASE)
_SOFT = re.compile(r"ideally|a plus|is a plus|bonus|nice to have|preferred|歓迎|尚可|望ましい|あれば", re.IGNORECASE)
TITLE_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("director", re.compile(r"director|head of|vp\b|vice president|部長|ディレクター|責任者|本部長", re.IGNORECASE)),
    ("principal", re.compile(r"principal|staff|distinguished|プリンシパル|スタッフ", re.IGNORECASE)),
    ("senior", re.compile(r"senior|\bsr\.?|lead\b|シニア|リード|マネージャー候補", re.IGNORECASE)),
    ("associate", re.compile(r"associate|junior|\bjr\.?|entry|graduate|new grad|アソシエイト|ジュニア|新卒|"
                             r"未経験|アシスタント|assistant", re.IGNORECASE)),
)


@dataclass(frozen=True)
class Requirement:
    text: str  # verbatim from the posting
    skills: tuple[str, ...]
    required: bool
    years: int | None
    location: str


@dataclass(frozen=True)
class Posting:
    name: str
    language: str
    title: str
    requirements: tuple[Requirement, ...]
    level: str  # the ladder level the posting implies
    level_why: str  # what implies it: the title's word, or the years asked


def _heading_kind(line: str) -> str | None:
    """The kind of section a short heading line opens (required, preferred, duties, company)."""
    if _MARKER.match(line) and _MARKER.sub("", line).strip():
        return None  # 「【歓迎】英語での業務経験」 is a requirement with its marker, not a heading
    plain = unicodedata.normalize("NFKC", line).strip(" #■□●◆◇【】[]<>()（）:：*_-|")
    if not plain or len(plain) > 40 or plain.endswith(("。", ".")):
        return None
    return next((kind for kind, pattern in SECTIONS.items() if pattern.search(plain)), None)


_TITLE_LABEL = re.compile(
    r"^\s*[【\[]?\s*(募集職種|募集ポジション|ポジション|職種|求人タイトル|job title|position|role|title)"
    r"\s*(?:[】\]]\s*[:：]?|[:：])\s*(?P<title>\S.{1,80})$", re.IGNORECASE)
_ROLE = re.compile(r"tpm|program|programme|プログラム|プロジェクト|manager|マネージャ|マネジャー|director|部長|"
                   r"\bpm\b|\bpmo\b|lead", re.IGNORECASE)


def _title(blocks: list) -> str:
    """The job's title: a labelled one (「募集職種:…」, "Position: …"), else the first short line
    naming a role, else the first short line with words in it."""
    for block in blocks[:25]:
        labelled = _TITLE_LABEL.match(unicodedata.normalize("NFKC", block.text))
        if labelled:
            return labelled.group("title").strip()
    plain = [re.sub(r"^\s*【[^】]{1,8}】", "", b.text).strip(" #■【】") for b in blocks[:15]
             if _heading_kind(b.text) is None and len(b.text) < 100 and re.search(r"\w", b.text)]
    return next((line for line in plain if _ROLE.search(line)), plain[0] if plain else "")


def _posting_bytes(source: bytes | str | Path | IO[bytes], name: str | None) -> tuple[bytes, str]:
    """A posting may be pasted text of any length, or a file (a path, bytes or an upload)."""
    if isinstance(source, str) and not (len(source) < 1024 and "\n" not in source and Path(source).is_file()):
        return source.encode("utf-8"), name or "posting.txt"
    return source_bytes(source, name)


def read_posting(source: bytes | str | Path | IO[bytes], matcher: SkillMatcher, ladder: Ladder,
                 name: str | None = None, vectors: TextVectors | None = None) -> Posting:
    """The posting's requirements and implied level.

    Raises:
        BadInput: the file cannot be read, or it holds no requirement at all (one line, both languages).
    """
    data, name = _posting_bytes(source, name)
    extracted = extract_text(data, name)
    blocks = unwrap(extracted.blocks, page_wrapped=extracted.kind == "pdf",
                    fresh=lambda line: _heading_kind(line) is not None or bool(_MARKER.match(line)))
    title = _title(blocks)
    section: str | None = None
    found: dict[str, list[tuple[str, str, bool]]] = {"required": [], "preferred": [], "duties": [], "prose": []}
    for block in blocks:
        kind = _heading_kind(block.text)
        led = _LEAD_IN.match(block.text)
        lead_kind = None if kind or not led else _heading_kind(led.group("lead"))
        rest = led.group("rest") if led else ""
        if kind:
            section = kind
            if not re.search(r"[:：]\s*\S", block.text) or kind == "company":
                continue
        elif lead_kind:  # "Bonus if you: have led…, speak Japanese…" / 「必須経験:AWS移行の推進経験」
            section = lead_kind
        marker = _MARKER.match(block.text)
        body = _BULLET.sub("", _MARKER.sub("", rest if lead_kind else block.text)).strip()
        if not body or INSTRUCTION.search(body) or section == "company" or _BOILERPLATE.search(body):
            continue
        pieces = split_sentences(body) if section in (None, "duties") else [body]
        if lead_kind:
            pieces = [item for piece in pieces for item in _list_items(piece)]
        for sentence in pieces:
            main_clause = re.sub(r"[(（][^)）]*[)）]", "", sentence)  # 「(職種は問いません)」 qualifies, not cancels
            if (EMPLOYER_FACT.search(sentence) and not _ASKS.search(sentence)) or _NOT_ASKED.search(main_clause):
                continue  # 従業員数:約1,500名, "serving 40M users", pay: the company, not the candidate
            if marker:
                preferred = bool(re.search(r"歓迎|尚可|preferred|nice|bonus|plus", marker.group(0), re.IGNORECASE))
                found["preferred" if preferred else "required"].append((sentence, block.location, not preferred))
            elif section in ("required", "preferred"):
                found[section].append((sentence, block.location, section == "required" and not _SOFT.search(sentence)))
            elif section == "duties":
                found["duties"].append((sentence, block.location, True))
            elif _ASKS.search(sentence) and sentence != title:
                found["prose"].append((sentence, block.location, not _SOFT.search(sentence)))
    items = found["required"] + found["preferred"] or found["prose"] or found["duties"]
    if not items:
        raise BadInput(f"{name}: no requirements found in the job posting",
                       f"{name}: 求人票に応募要件が見つかりません")
    skills = matcher.skills_in([text for text, _, _ in items], vectors)
    requirements = tuple(
        Requirement(text, tuple(ids), required, _years(text), location)
        for (text, location, required), ids in zip(items, skills, strict=True)
    )
    level, why = implied_level(title, requirements, ladder)
    return Posting(name, detect_language(extracted.text), title, requirements, level, why)


def _list_items(text: str) -> list[str]:
    """An inline list split into its items ("have led X, speak Japanese, or have introduced Y";
    「A経験、B経験、C知識」) when every item is long enough to be a requirement of its own; a list
    inside one requirement ("AWS, GCP, or Azure") stays whole."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char in "(（[【") - (char in ")）]】")
        if char in ",、;；" and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    items = [re.sub(r"^\s*(?:or|and|または|及び|および)\s+", "", p).strip(" .。") for p in parts]
    items = [item for item in items if item]

    def long_enough(item: str) -> bool:  # a requirement of its own: a few words, or 「…の経験」
        return len(item.split()) >= 3 if item.isascii() else bool(_ASKED_NOUN.search(item))

    return items if len(items) >= 2 and all(long_enough(item) for item in items) else [text]


def _years(text: str) -> int | None:
    asked = [int(n) for n in _YEARS.findall(unicodedata.normalize("NFKC", text)) if 0 < int(n) <= 30]
    return max(asked) if asked else None


def implied_level(title: str, requirements: tuple[Requirement, ...], ladder: Ladder) -> tuple[str, str]:
    """The title's level word when it has one; otherwise the level whose typical years the
    posting's longest required experience reaches (a TPM title is at least ``tpm``)."""
    plain = unicodedata.normalize("NFKC", title)
    for level, pattern in TITLE_LEVELS:
        word = pattern.search(plain)
        if word:
            return level, word.group(0)
    asked = max((r.years for r in requirements if r.years and r.required), default=0)
    by_years = max((lv for lv in ladder.levels if lv.signals.years_min <= asked), key=lambda lv: lv.order)
    index = max(LEVEL_IDS.index(by_years.id), LEVEL_IDS.index("tpm"))
    return LEVEL_IDS[index], f"{asked}+ years" if asked else ""
