"""What the previous answer put in front of the user, for a follow-up that points at it.

"is the first one out in Japanese?", 「その本は日本語版ある?」, "is that workshop in the learning
path too?" or "how can I train those?" name no topic of their own: they point at what the previous
answer listed (catalogue resources, rows of the guide's skill and tool tables). The answer, not the
question before it, says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.answer.modes import EDITION_OR_PRICE
from advisor.corpus import Resource
from advisor.language import detect_language
from advisor.types import Answer

RESOURCES_FILE = "resources.yaml"  # where a cited catalogue entry comes from
ROW = "row"  # the kind of a table row the answer quoted
# A table row as quoted: its first line labels it ("Skill: Communication", 「ツールカテゴリ: CI/CDツール」).
_ROW_HEAD = re.compile(r"^[^:：\n]{1,20}[:：]\s*([^\n]{1,40})\n")


@dataclass(frozen=True)
class ShownItem:
    """A catalogue resource the answer listed (its titles, kind: "book", "course", ..., and provider),
    or a table row (``ROW``: its name as the answer showed it)."""

    title: str
    title_ja: str
    kind: str
    provider: str = ""

    @property
    def words(self) -> str:
        """What a user may call it by ("the Google one", 「オライリーの本」), in lower case."""
        return f"{self.title} {self.title_ja} {self.provider}".lower()

    def name(self, language: str) -> str:
        # In Japanese with its original title too: the edition's katakana name alone matches little
        # of the catalogue entry (「サイトリライアビリティワークブック」 found the other SRE book).
        return f"『{self.title_ja}』({self.title})" if language == "ja" and self.title_ja else self.title


@dataclass(frozen=True)
class Shown:
    """The resources and table rows the previous answer listed, in its order, and the guide section
    whose numbered items it went through ("2": the six duties), if any."""

    items: tuple[ShownItem, ...] = ()
    section: str = ""


def shown_by(answer: Answer, resources: list[Resource]) -> Shown:
    """What ``answer`` showed: the catalogue entries it cites, by the title its section ends with."""
    by_title = {r.title: r for r in resources}
    items: list[ShownItem] = []
    for citation in answer.citations:
        resource = by_title.get(citation.section.rsplit(" > ", 1)[-1]) if citation.source.endswith(
            RESOURCES_FILE) else None
        row = None if resource else _ROW_HEAD.match(citation.quote)
        item = (ShownItem(resource.title, resource.title_ja or "", resource.kind, resource.provider) if resource
                else ShownItem(row.group(1).strip(), "", ROW) if row else None)
        if item and all(i.title != item.title for i in items):
            items.append(item)
    return Shown(tuple(items), _listed_section(answer))


_NUMBERED_ITEM = re.compile(r"^(\d+)\.[^>]*> \d+\.")  # "2. Main responsibilities > 3. Managing Technical Risk…"


def _listed_section(answer: Answer) -> str:
    """The guide section two or more of whose numbered items ``answer`` quoted (the first such), or ""."""
    numbers = [found.group(1) for c in answer.citations if (found := _NUMBERED_ITEM.match(c.section))]
    return next((n for n in numbers if numbers.count(n) > 1), "")


# A pointer at one listed resource: a demonstrative or an ordinal with "one" or a kind of resource
# ("that workshop", "the first one", "the 2nd book"); 「その本」「最初のやつ」「2つ目のコース」.
_KIND_EN = r"one|book|course|class|training|workshop|cert|certification|resource|doc|docs|documentation"
_ORDINAL_EN = r"first|second|third|fourth|fifth|last|next|1st|2nd|3rd|4th|5th"
_POINTER_EN = re.compile(
    rf"\b(?:(?:that|this)\s+(?:(?P<o1>{_ORDINAL_EN})\s+)?(?P<k1>{_KIND_EN})|"
    rf"the\s+(?P<o2>{_ORDINAL_EN})\s+(?P<k2>{_KIND_EN})|the\s+(?P<k3>book|course|workshop|cert|certification)|"
    # Without "the", only with a kind of resource ("second book you listed"): "last one, slack" asks a last question.
    rf"(?P<o3>{_ORDINAL_EN})\s+(?P<k4>book|course|workshop|cert|certification))\b"
    r"(?!\s+(?:after|before|above|below|up|down|next|of)\b)",
    re.IGNORECASE,
)
_KIND_JA = r"本|書籍|一冊|コース|講座|ワークショップ|資格|認定|ドキュメント|資料|やつ|もの|の(?=は|って|も|を)"
_ORDINAL_JA = r"最初|一つ目|1つ目|ひとつ目|二つ目|2つ目|ふたつ目|三つ目|3つ目|最後|次"
_POINTER_JA = re.compile(rf"(?:その|あの|この|さっきの)(?P<k1>{_KIND_JA})|(?P<o1>{_ORDINAL_JA})の?(?P<k2>{_KIND_JA})|"
                         r"(?P<o2>(?:[1-5]|[一二三四五]|ひと|ふた|みっ)つ目)(?=は|って|も|を|[?？]|$)")
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5, "最初": 1, "一つ目": 1, "1つ目": 1, "ひとつ目": 1, "二つ目": 2, "2つ目": 2,
             "ふたつ目": 2, "三つ目": 3, "3つ目": 3, "みっつ目": 3, "四つ目": 4, "4つ目": 4, "五つ目": 5, "5つ目": 5}
# Which catalogue kinds a word names; a word not here ("workshop", 「ワークショップ」) is looked for in titles.
_KINDS = {"book": "book", "本": "book", "書籍": "book", "一冊": "book", "course": "course", "class": "course",
          "training": "course", "コース": "course", "講座": "course", "cert": "certification",
          "certification": "certification", "資格": "certification", "認定": "certification",
          "doc": "documentation", "docs": "documentation", "documentation": "documentation",
          "ドキュメント": "documentation"}
_ANY = {"one", "resource", "やつ", "もの", "の", "資料"}
# A word of one listed resource's title or provider before "one" or a kind: "the Google one", 「AWSのやつ」.
_NAMED_EN = re.compile(
    r"\b(?:the|that)\s+(?P<w>[a-z][a-z0-9'\-]+)\s+(?:one|book|course|cert|certification|workshop|docs?)\b",
    re.IGNORECASE)
_NAMED_JA = re.compile(r"(?P<w>[A-Za-z][A-Za-z0-9]+|[\u30a1-\u30fa\u30fc]{2,})の(?:やつ|本|コース|資格|講座|ほう|方)")
# "after that one", "the level above this one": a place on a list, not a resource.
_PLACED = re.compile(r"\b(?:after|before|above|below|than|from)\s*$", re.IGNORECASE)


# A pointer at everything listed: "how can I train those?", "are them free?", 「それらはどう鍛える?」;
# not a determiner ("those cross-region teams").
_ALL = re.compile(r"\b(?:those|them|these)\b(?=\s*(?:[?？.!,]|$|(?:in|on|for|at|all|both|online|free|"
                  r"available|worth|good|hard|without|with|is|are)\b))|それら|これら", re.IGNORECASE)


def all_items(question: str, shown: Shown) -> tuple[re.Match[str], str] | None:
    """The pointer at everything the answer listed, and their names joined ("A, B and C"; 「A・B・C」)."""
    match = _ALL.search(question)
    if match is None or len(shown.items) < 2:
        return None
    language = detect_language(question)
    names = [i.name(language) for i in shown.items]
    joined = "・".join(names) if language == "ja" else ", ".join(names[:-1]) + f" and {names[-1]}"
    return match, joined


# "it" / 「それ」 asked about what only a resource has: an edition, a price, a format ("is it free?",
# 「それって日本語で読める?」, "is that online?").
# Not a determiner ("that stuff" is a topic).
_RESOURCE_PRONOUN = re.compile(r"\bit\b|\b(?:that|this)\b(?=\s*(?:[?？.,!]|$|is\b|'s\b))|それ|あれ|これ",
                               re.IGNORECASE)
_RESOURCE_ATTRIBUTE = re.compile(
    rf"{EDITION_OR_PRICE}|翻訳|値段|価格|いくら|オンライン|何時間|"
    r"\b(?:paid|price|cost|costs|cheap|expensive|translat\w*|online|edition|how long|hours)\b|"
    r"\bin (?:japanese|english)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]{3,}|[\u30a1-\u30fa\u30fc\u4e00-\u9fff]{2,}")  # a word to match a title by


def pronoun_for_resource(question: str, shown: Shown, previous: str) -> tuple[re.Match[str], ShownItem] | None:
    """The pronoun in a question about a resource's edition, price or format, and the listed resource
    it stands for: the one the previous question named most of ("the google SRE book" → Site
    Reliability Engineering), else the first listed."""
    match = _RESOURCE_PRONOUN.search(question)
    resources = [i for i in shown.items if i.kind != ROW]
    # A pointer by name that fits nothing listed ("the IPA one") is not this one.
    if match is None or not resources or not _RESOURCE_ATTRIBUTE.search(question) or points(question):
        return None
    asked = set(_WORD.findall(previous.lower()))
    overlap = [len(asked & set(_WORD.findall(i.words))) for i in resources]
    return match, resources[overlap.index(max(overlap))]


def points_at_resource(question: str) -> bool:
    """Whether ``question`` points at a listed resource by its kind ("the 2nd book", 「2つ目の本」): a
    place on none of the guide's numbered lists."""
    match = _pointer(question)
    return bool(match) and any(k.startswith("k") and v and v.lower() in _KINDS for k, v in match.groupdict().items())


def points(question: str) -> bool:
    """Whether ``question`` points at a listed resource ("the second one", 「その本」)."""
    return _pointer(question) is not None


def _pointer(question: str) -> re.Match[str] | None:
    """The first pointer at a listed resource in ``question`` (not a place on a list: "after that one")."""
    for pattern in (_POINTER_EN, _POINTER_JA, _NAMED_EN, _NAMED_JA):
        match = pattern.search(question)
        if match and not _PLACED.search(question[: match.start()]):
            return match
    return None


def pointed_item(question: str, shown: Shown, previous: str = "") -> tuple[re.Match[str], ShownItem] | None:
    """The pointer in ``question`` and the listed resource it points at, when the answer listed one
    that fits (the first of the kind named, or the one at the ordinal; "the next one": the one after
    the item the ``previous`` question named)."""
    match = _pointer(question)
    if match is None or not shown.items:
        return None
    groups = {k: v for k, v in match.groupdict().items() if v}
    if "w" in groups:  # by a word only one of them has
        named = [i for i in shown.items if groups["w"].lower() in i.words]
        return (match, named[0]) if len(named) == 1 else None
    ordinal = next((v.lower() for k, v in groups.items() if k.startswith("o")), "")
    kind = next((v.lower() for k, v in groups.items() if k.startswith("k")), "one")
    fitting = [i for i in shown.items if kind in _ANY or _KINDS.get(kind) == i.kind
               or (kind not in _KINDS and kind in i.words)]
    if ordinal in ("last", "最後"):
        return (match, fitting[-1]) if fitting else None
    if ordinal in ("next", "次"):
        named = [n for n, item in enumerate(fitting) if item.title in previous or (
            item.title_ja and item.title_ja in previous)]
        return (match, fitting[named[0] + 1]) if named and named[0] + 1 < len(fitting) else None
    number = _ORDINALS.get(ordinal, 1)
    return (match, fitting[number - 1]) if len(fitting) >= number else None
