"""The résumé's jobs and programmes in time: when each started and ended (to the month when the
résumé says), what kind of role it was, and how many whole years that makes.

Dates come as people write them: 「2018年4月〜現在」, 「2018/04 - 2023/03」, "Apr 2019 – Present",
"2019 – 2023", and the 履歴書 table's rows (「2019 4 株式会社サンプル 入社」 … 「退社」). A span
known only to the year gives a range of whole years, never a made-up month.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MONTHS = {m: n for n, names in enumerate(
    ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"], start=1) for m in names.split()}
_MONTH_NAME = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19[6-9]\d|20\d\d)"


def _point_pattern(p: str) -> str:
    """One date: "Apr 2019", "2019年4月", "2019/04", "04/2019" or a bare year; groups prefixed ``p``."""
    return (rf"(?:(?P<{p}mname>{_MONTH_NAME})\s+(?P<{p}y1>{_YEAR})"
            rf"|(?P<{p}y2>{_YEAR})\s*(?:年\s*(?P<{p}m2>\d{{1,2}})\s*月?|[./-]\s*(?P<{p}m3>\d{{1,2}})(?!\d)|年)?"
            rf"|(?P<{p}m4>\d{{1,2}})\s*/\s*(?P<{p}y4>{_YEAR}))")


_NOW = r"現在|現職|在職中|至る|present|current|now|today|ongoing"
RANGE = re.compile(
    _point_pattern("a") + r"\s*(?:[〜~\-–—―ー至]+|\bto\b|から|より)\s*(?:"
    + _point_pattern("b") + rf"|(?P<now>{_NOW}))",
    re.IGNORECASE,
)
# A 履歴書 row: year, month, then what happened ("2019 4 株式会社サンプル 入社").
_HISTORY_ROW = re.compile(rf"^\s*(?P<y>{_YEAR})\s*(?:年\s*)?(?P<m>\d{{1,2}})\s*(?:月)?\s+(?P<what>.+)$")
_JOINED = re.compile(r"入社|入行|入庁|着任|就職|joined", re.IGNORECASE)
_LEFT = re.compile(r"退社|退職|退任|left\b", re.IGNORECASE)
# ASCII titles are matched between letters, not \b: in 「シニアTPM」 there is no word boundary.
_A, _Z = r"(?<![A-Za-z])", r"(?![A-Za-z])"
ROLE_KINDS: dict[str, re.Pattern[str]] = {
    "tpm": re.compile(rf"technical program|{_A}tpm{_Z}|program manag|programme manag|プログラムマネ[ー]?ジャ|"
                      rf"{_A}pgm{_Z}|program lead|head of program|director of program|プログラム責任者", re.IGNORECASE),
    "pm": re.compile(rf"project manag|プロジェクトマネ[ー]?ジャ|{_A}pm{_Z}|{_A}pmo{_Z}|project lead|"
                     r"プロジェクトリーダー|"
                     rf"{_A}pl{_Z}|delivery manag|scrum master|engineering manag|{_A}em{_Z}|開発マネ|マネージャー|"
                     r"manager|部長|課長|リーダー|lead\b|責任者|coordinator|コーディネーター|アシスタント|assistant",
                     re.IGNORECASE),
    "engineering": re.compile(rf"engineer|developer|エンジニア|開発|{_A}sre{_Z}|architect|アーキテクト|テックリード|"
                              rf"programmer|プログラマ|scientist|analyst|{_A}qa{_Z}|テスト|consultant|コンサルタント|"
                              r"技術|インフラ|data", re.IGNORECASE),
}
TECH_ROLES = ("tpm", "pm", "engineering")


@dataclass(frozen=True)
class Span:
    """A period: start and end as (year, month or None)."""

    start: tuple[int, int | None]
    end: tuple[int, int | None]
    quote: str  # the line it was read from, verbatim
    location: str

    def months(self) -> tuple[int, int]:
        """The fewest and most whole months the period can have lasted (both ends' months counted:
        2018年4月〜2023年3月 is 60 months)."""
        (y1, m1), (y2, m2) = self.start, self.end
        low = (y2 - y1) * 12 + ((m2 or 1) - (m1 or 12)) + 1
        high = (y2 - y1) * 12 + ((m2 or 12) - (m1 or 1)) + 1
        return max(low, 0), max(high, 0)


@dataclass(frozen=True)
class Job(Span):
    kind: str = "other"  # tpm | pm | engineering | other


def _point(match: re.Match[str], prefix: str) -> tuple[int, int | None] | None:
    get = lambda name: match.group(prefix + name)  # noqa: E731 - a local shorthand
    if get("y1"):
        return int(get("y1")), MONTHS[get("mname").lower().rstrip(".")]
    if get("y2"):
        month = get("m2") or get("m3")
        return int(get("y2")), int(month) if month and 1 <= int(month) <= 12 else None
    if get("y4"):
        return int(get("y4")), int(get("m4")) if 1 <= int(get("m4")) <= 12 else None
    return None


def read_span(line: str, location: str, today: date) -> Span | None:
    """The period a line names ("2018年4月〜現在", "Apr 2019 – Mar 2023"), if it names one."""
    text = unicodedata.normalize("NFKC", line)
    match = RANGE.search(text)
    if not match:
        return None
    start = _point(match, "a")
    end = (today.year, today.month) if match.group("now") else _point(match, "b")
    if start is None or end is None or start[0] > end[0] or end[0] > today.year + 1:
        return None
    return Span(start, end, line.strip(), location)


def role_kind(text: str) -> str:
    """tpm, pm, engineering or other, from a job's title words (the strongest kind wins)."""
    normalized = unicodedata.normalize("NFKC", text)
    return next((kind for kind, pattern in ROLE_KINDS.items() if pattern.search(normalized)), "other")


def history_jobs(rows: list[tuple[str, str]], today: date) -> list[Job]:
    """Jobs from a 履歴書 table: each 入社 row to the next 退社 row (or to now)."""
    jobs: list[Job] = []
    opened: tuple[tuple[int, int | None], str, str] | None = None
    for line, location in rows:
        match = _HISTORY_ROW.match(unicodedata.normalize("NFKC", line))
        if not match:
            continue
        when = (int(match.group("y")), int(match.group("m")) if 1 <= int(match.group("m")) <= 12 else None)
        if _JOINED.search(match.group("what")):
            if opened:
                jobs.append(Job(opened[0], when, opened[1], opened[2], role_kind(opened[1])))
            opened = (when, line.strip(), location)
        elif _LEFT.search(match.group("what")) and opened:
            jobs.append(Job(opened[0], when, opened[1], opened[2], role_kind(opened[1])))
            opened = None
    if opened:
        jobs.append(Job(opened[0], (today.year, today.month), opened[1], opened[2], role_kind(opened[1])))
    return jobs


def whole_years(spans: list[Span]) -> tuple[int, int]:
    """The fewest and most whole years the spans cover together (overlaps counted once)."""
    if not spans:
        return 0, 0
    ordered = sorted(spans, key=lambda s: (s.start[0], s.start[1] or 0))
    low = high = 0
    reach_low = reach_high = None  # month index the merged interval has covered up to
    for span in ordered:
        lo, hi = span.months()
        start_low = span.start[0] * 12 + (span.start[1] or 12)  # latest start the line allows
        start_high = span.start[0] * 12 + (span.start[1] or 1)  # earliest start
        end_low, end_high = start_low + lo, start_high + hi
        if reach_low is None or start_low >= reach_low:
            low += lo
        else:
            low += max(0, end_low - reach_low)
        if reach_high is None or start_high >= reach_high:
            high += hi
        else:
            high += max(0, end_high - reach_high)
        reach_low = max(reach_low or 0, end_low)
        reach_high = max(reach_high or 0, end_high)
    return low // 12, high // 12
