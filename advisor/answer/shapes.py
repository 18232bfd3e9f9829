"""Answer shapes from the guide's own structure: which of its units an answer quotes, in what order.

The guide is built of sections of different kinds — a learning path of numbered steps, a career
ladder table, skill and tool tables, one subsection per collaborating function — and a question
about one of them is answered in that section's own shape: the steps in order, a ladder row and
the next one (or two rows side by side), the matching table rows, the one function's subsection.
The shape is chosen from what retrieval found (the section of the best guide passage) and from the
question's structure (the ladder levels it names, whether it compares two of them, whether it
states a goal such as becoming a TPM); every word of the answer is the guide's own or a heading.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from advisor.answer.modes import asks_about_interviews, asks_edition_or_price, study_entries, wants_resources
from advisor.answer.rungs import OWN_RUNG, asks_rank, comes_in, own_rung
from advisor.answer.story import sentences
from advisor.corpus import Ladder, LadderLevel
from advisor.language import detect_language, split_sentences
from advisor.retrieval.chunks import Chunk
from advisor.retrieval.tokenize_ja import normalize, tokenize
from advisor.types import Passage

# The guide's sections of each kind.
DEFINITION, DUTIES, PATH, LADDER, TABLE, FUNCTION, INTERVIEW = "1", "2", "7", "5", "3", "4", "9"
LEAD_STEPS = 2  # learning-path steps quoted in full; the others by title and goal
MAX_TABLE_ROWS = 3
MAX_BOOKS_PER_STEP = 2
# A goal ("become a TPM", 転職, 目指す) or a start ("what first", 何から): the learning path answers it
# even when another section scores higher. A closed class of verbs and question words, not phrasings.
# Where to start: 「何から勉強すれば?」 with no topic named is a start on the learning path, not a
# request for a reading list.
_START_WORDS = r"何から|どこから(?!どこまで)|\b(first steps?|where (do|should|can) i (start|begin))\b"
_START = re.compile(_START_WORDS, re.IGNORECASE)
_GOAL = re.compile(r"(tpm|マネージャー?|pm)\s*(に|へ)(の)?\s*(なる|なり|なれ|転職|移|キャリア|転身)|目指|転職|"
                   r"キャリアチェンジ|始め|"
                   r"\b(becom(e|ing)\s+(a |an )?|(get(ting)?|break(ing)?|mov(e|ing)|switch(ing)?|transition(ing)?|"
                   r"pivot(ing)?|chang(e|ing) careers?)\b[^.?!。？]{0,40}?\b(into|to)\s+(a |an )?)"
                   rf"(tpm|technical program manag|program manag)|{_START_WORDS}", re.IGNORECASE)
# Comparison markers: with two ladder levels named, the answer sets their rows side by side.
_COMPARE = re.compile(r"違い|比較|比べ|差|どっち|どちら|\b(vs\.?|versus|difference|differ|compare|compared)\b",
                      re.IGNORECASE)
_NUMBER = re.compile(r"^(\d+)\.")
# A step of the learning path named by its number: 「学習ステップの3番目」, 「ステップ6」, "step 4 of the
# learning path", "the 2nd step". The number, and a word that says it is the path's.
_STEP_NUMBER = re.compile(r"(?:ステップ|\bstep)\s*(\d+)|(\d+)\s*(?:番目|つ目|段階目)|\b(\d+)(?:st|nd|rd|th)\b",
                          re.IGNORECASE)
_PATH_WORD = re.compile(r"学習|ステップ|\b(learning|step|path)\b", re.IGNORECASE)
# A table cell as ingest writes it ("header: value", ingest/chunk.py); headers run up to
# "Description (including specific technologies and concepts)".
TABLE_CELL = re.compile(r"^[^:\n]{1,64}: ")
_TITLE = re.compile(r"『([^』]+)』")

# What a TPM does, as such: a verb of doing asked with a question word ("what do they actually do all
# day", 「ぶっちゃけ何してる人?」), or a noun for the work (responsibilities, 業務内容). With no topic of
# its own in the question, the guide's list of main duties answers it. A closed class, not phrasings.
_DUTIES = re.compile(
    r"\bwhat\b[^?？.。]{0,40}\b(?:owns?|involves?|consists?|entails?)\b|\bwhat\b[^?？.。]{0,60}?\b(?:do|does)\b(?=\s*(?:[?？.!,;]|$|\b(?:all|every|each|in|at|on|day|exactly|actually|"
    r"really|there|for|daily|every\w*|then)\b))|\bwhat\b[^?？.。]{0,40}\b(?:doing|working on)\b|"
    r"\bwhat(?:'s|s| is| are)\b[^?？.。]{0,40}\b(?:job|role|work|tasks?)\b"
    r"(?![- ]life|\s+(?:market|hunt\w*|search\w*|boards?|post\w*|offers?|openings?|interviews?))|"
    r"\b(?:responsibilit\w*|duties|accountab\w*|on the hook|in charge of|day[- ]to[- ]day|all day|"
    r"typical (?:day|week)|daily work|job description|main tasks|"
    r"fills? (?:up )?(?:the|their|a) (?:calendar|day|week))\b|"
    r"\b(?:shigoto|gyou?mu|yakuwari|nani (?:wo )?(?:suru|shiteru|yatteru))\b|"
    r"(?:何|なに|なん|どんな|どういう)[^?？。]{0,12}(?:仕事|業務|役割|タスク|責務|して(?:る|い|ん)|す(?:る|ん)(?:の|人|ん|こと|だ)|やって|やる)|"
    r"(?:仕事|業務)(?:って|とは|は)\s*(?:何|なに|なん)|"
    r"仕事内容|業務内容|職務|責務|主な業務|普段|日々|一日|役割|責任範囲|担当(?:領域|範囲|業務)", re.IGNORECASE)

# What the role is: a question word with the role as its subject or complement ("what even is a TPM?",
# "what the position actually is", 「TPMって何?」「TPMとはどのような役割」「どういう職種?」), what it means or
# why it exists ("what's the point of the role", 「存在意義」), an overview of it; not what it does
# ("TPMって何してるの": the duties), nor a topic of its own ("what is FinOps for a TPM": narrower).
_ROLE_NAME = r"(?:tpms?|technical\s*progr?am\s*manag[a-z]*|テクニカル・?プログラム・?マネー?ジャー?)"
_ROLE_NOUN = rf"(?:{_ROLE_NAME}|role|position|job|title|profession|career)"
_FRANKLY = r"(?:exactly|actually|even|really|basically)"
# Where "what is a TPM" ends: the sentence, or a word that adds nothing ("in simple words", "anyway"), not
# a topic of its own ("what is the job market like", "what is the role of a TPM in FinOps").
_ASKED_END = (r"\s*(?:[?？.!,;:)]|$|\b(?:exactly|actually|anyway|really|supposed|like|in|at|and|though|tho|"
              r"about|conceptually|even|lol|lmao|haha|to)\b)")
_WHAT_JA = r"(?:何|なに|なん)(?!し|を|が|か(?![?？])|で(?!す|しょ)|に|と|て)"
_KIND_JA = (r"(?:どう|どん|どの)(?:いう|ゆう|な|よう\s*な)"
            r"(?:職種|職業|役職|ポジション|ロール|役割|人|もの|存在|立場|お?仕事|肩書)")
_DEFINITION = re.compile(
    rf"\bwhat(?:\s+{_FRANKLY})?(?:'s|s|\s+is|\s+are)?\s+(?:{_FRANKLY}\s+)?(?:an?|the|this|that)?\s*"
    rf"{_ROLE_NOUN}(?:\s+(?:role|job|position|title|thing))?{_ASKED_END}|"
    rf"\bwhat\s+(?:an?\s+|the\s+|this\s+|that\s+)?(?:\w+\s+){{0,2}}{_ROLE_NOUN}(?:\s+\w+){{0,2}}\s+"
    rf"(?:is|are|means?|stands?\s+for){_ASKED_END}|"
    r"\b(?:what|which)\s+(?:kind|sort|type)\s+of\s+(?:a\s+)?(?:job|role|position|profession|career|title)\b|"
    rf"\b(?:overview|explain|describe)\b[^?？.。]{{0,40}}(?:{_ROLE_NOUN}|\b(?:it|this|that)\b)|"
    r"\b(?:definition|define|ELI5|meaning)\b|\bpoint\s+of\b|"
    r"\bwhy\b[^?？.。]{0,40}\b(?:have|need|hire|exists?)\b|\b(?:role|job)\s+or\s+(?:an?\s+)?\w+\s+(?:role|job)\b|"
    r"\b(?:tte|to\s*wa)\s+(?:nani|nan)\b|\bdou\s*iu\s+(?:shokushu|shigoto|yakuwari|hito)\b|"
    # Japanese: the role (or 「この職種」) is what 「とは/って/は…何・どういう職種」 asks about; a kind of role
    # is asked as the predicate (「どんな職種なのか」), not as an object (「将来どんなポジションを築ける」).
    rf"(?:{_ROLE_NAME}|(?:この|その)(?:職種|仕事|役職|ポジション|ロール))(?:[（(][^）)]{{0,30}}[）)])?"
    r"(?:という|っていう)?(?:の|職種|仕事|役割|ポジション|肩書き?|人)?\s*(?:とは|って|というのは|ってのは|は|が)\s*"
    rf"(?:一体|いったい|そもそも|結局|要するに)?\s*(?:{_WHAT_JA}|{_KIND_JA})|"
    rf"{_KIND_JA}(?:の(?:人|職種|仕事|もの))?\s*(?:なの|なん|です|でしょ|だろ|か|[?？])|"
    r"存在意義|概要|立ち位置|(?:の|って(?:どういう)?|とは(?:どういう)?)意味(?!ある|が?な)|の定義|定義(?:は|って)",
    re.IGNORECASE)

# Doing work, as opposed to being a kind of role: what makes a question that asks both about the duties.
_DOING = re.compile(r"して(?:る|い|ん)|する(?:の|人|こと|仕事)|をする|やって|やる|担当|担って|担う|受け持|業務|"
                    r"仕事内容|責任|責務|普段|日々|一日|毎日|\b(?:do|does|doing|did|involves?|owns?|responsib\w*|accountab\w*|day|daily|week|"
                    r"calendar|tasks?|duties|work(?:s|ing)? on|nani\s+(?:wo\s+)?(?:suru|shiteru|yatteru)|gyou?mu)\b",
                    re.IGNORECASE)

# The role named, in either script, typos and all ("technical progam manager"); Japanese has no word breaks.
_ROLE = re.compile(rf"(?<![a-z]){_ROLE_NAME}(?![a-z])|technical\s*progr?am|program\s*manag|プログラム・?マネ",
                   re.IGNORECASE)
# Working with someone: the collaboration chapter's subject ("エンジニアチームと働くとき", "work with finance").
_WITH = re.compile(r"と(?:一緒に|いっしょに)?(?:働|仕事(?:を)?する|組む|絡む|協業|連携)|"
                   r"\bwork(?:s|ing)?\s+(?:together\s+)?with\b", re.IGNORECASE)
# A question word that names what it asks about: "what kind of requirements is a TPM accountable for?",
# "what tools does a TPM use day to day?", 「普段使ってるツールって何?」 (the tools, not the duties).
_WORK_NOUN_JA = (r"仕事|業務|役割|タスク|こと|感じ|事|職種|職業|役職|ポジション|人|立場|存在|責務|肩書|"
                 r"テクニカル|プログラム")
_OBJECT = re.compile(r"\bwhat\s+(?:kinds?|sorts?|types?)\s+of\s+(?!work|jobs?|tasks?|things|stuff|duties)\w+|"
                     r"\b(?:what|which)\s+(?!(?:kinds?|sorts?|types?|exactly|actually|really|even|else|then|all|"
                     r"specifically|typically|usually|normally|generally|work|jobs?|tasks?|things|stuff|duties|"
                     r"is|are|do|does|did)\b)[a-z]+\s+(?:do|does|did|are|is|should|would|can|will|must)\s+"
                     r"(?:an?\s+|the\s+)?(?:tpms?|they|you|i|we|people|technical)\b|"
                     rf"(?:どんな|どの|何の|なんの)(?!{_WORK_NOUN_JA})[\u4e00-\u9fff\u30a1-\u30fa\u30fc]{{2,}}|"
                     rf"(?<![\u4e00-\u9fff\u30a1-\u30fa\u30fc])(?!{_WORK_NOUN_JA})[\u4e00-\u9fff\u30a1-\u30fa\u30fc]{{2,}}"
                     r"(?:って|とは)\s*(?:何|なに|なん)", re.IGNORECASE)
_LEANS = re.compile(r"\bthere\b|\b(?:this|that|these|those|such)\s+(?:area|field|stuff|space|side|domain|kind|part|"
                    r"programs?|projects?|teams?|level|stage|position)\b|そこ|その(?:分野|領域|業界|辺|へん|あたり|段階|レベル|ポジション)|"
                    r"そういう|こういう",
                    re.IGNORECASE)

PassageOf = Callable[[Chunk, str], Passage]  # a chunk as the reader of a language sees it
Similarities = Callable[[str, list[str]], dict[str, float]]  # query, chunk ids -> dense similarity
NamesTopic = Callable[[str, tuple[str, ...]], bool]  # whether a text names a topic (of these types) besides the role


@dataclass(frozen=True)
class Block:
    """One quoted unit of a shaped answer: the passage and the lines of it that are quoted."""

    passage: Passage
    lines: list[str]  # none: the units of it that best answer the question, chosen when the answer is composed
    study: bool = False  # a catalogue resource that follows the guide ("to study this")


@dataclass(frozen=True)
class Shaped:
    # path | step | steps | definition | duties | duty | roles | ladder | compare | table | function | interview
    kind: str
    lead: str  # the first line: what the answer is, from the guide's structure
    blocks: list[Block]

    @property
    def complete(self) -> bool:
        """The whole learning path, or the one step a question names by number, is an answer in
        itself; other shapes leave room for the next best passages retrieval found."""
        return self.kind in ("path", "step", "duties", "duty", "definition", "roles")


def section_number(section: str) -> str:
    found = _NUMBER.match(section.split(" > ")[0])
    return found.group(1) if found else ""


# The TPM set beside another role ("TPMとプロマネって何が違うの?", "is a TPM just a glorified PM?"): a
# comparison word and another role by name, a closed class. The guide's "PM" is the product manager;
# a PM of an SIer or a project is the project manager.
_SET_BESIDE = (r"違い|違う|違っ|ちがい|ちがう|異な|相違|区別|見分け|比較|比べ|差|どっち|どちら|同じ|一緒|"
               r"線引き|役割分担|棲み分け|住み分け|\bdivision of (?:labou?r|work|roles)\b|\bwho does what\b|"
               r"\b(?:chigai|chigau|onaji|docchi|dotchi)\b|"
               r"\b(?:vs\.?|versus|difference|differ[a-z]*|different|distinguish[a-z]*|compared?|same|just an?|"
               r"basically an?|glorified|instead of|rather than)\b")
_PROJECT_MANAGER = (r"project\s*manag[a-z]*|プロジェクト・?マネー?ジャー?|プロジェクト管理者|プロマネ|"
                    r"(?<![a-z])pjm(?![a-z])")
_PRODUCT_MANAGER = (r"product\s*(?:manag[a-z]*|owner)|プロダクト・?(?:マネー?ジャー?|オーナー)|(?<![a-z])pdm(?![a-z])|"
                    r"(?<![a-z])pms?(?![a-z])")
_OTHER_ROLE = (r"engineering\s*manag[a-z]*|(?<![a-z])ems?(?![a-z])|エンジニアリング・?マネー?ジャー?|scrum\s*masters?|"
               r"スクラム・?マスター|(?<![a-z])pmo(?![a-z])|tech(?:nical)?\s*leads?|テック・?リード")
_OTHER_ROLES = {"project": re.compile(_PROJECT_MANAGER, re.IGNORECASE),
                "product": re.compile(_PRODUCT_MANAGER, re.IGNORECASE),
                "other": re.compile(_OTHER_ROLE, re.IGNORECASE)}
_SET_BESIDE_WORD = re.compile(_SET_BESIDE, re.IGNORECASE)
_BESIDE_WORDS = re.compile(rf"{_SET_BESIDE}|{_PROJECT_MANAGER}|{_PRODUCT_MANAGER}|{_OTHER_ROLE}", re.IGNORECASE)
_PROJECT_SETTING = re.compile(r"sier|受託|\bsi\b|プロジェクト|\bprojects?\b|waterfall|ウォーターフォール",
                              re.IGNORECASE)


def cells(text: str) -> list[str]:
    """A table row's cells ("header: value" lines), or [] for prose."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines if len(lines) > 1 and all(TABLE_CELL.match(line) for line in lines) else []


class GuideOutline:
    """The guide's sections, units in document order, from the indexed chunks (Japanese original)."""

    def __init__(self, chunks: list[Chunk], passage_of: PassageOf, ladder: Ladder,
                 similarities: Similarities | None = None, frequency: dict[str, int] | None = None,
                 names_topic: NamesTopic | None = None) -> None:
        self._passage_of = passage_of
        self.names_topic = names_topic
        self.frequency = frequency or {}  # search token -> chunks holding it
        self.similarities = similarities
        self.ladder = ladder
        self.sections: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            if chunk.kind == "guide" and chunk.language == "ja":
                self.sections.setdefault(section_number(chunk.section), []).append(chunk)
        for units in self.sections.values():
            units.sort(key=lambda c: c.start)
        catalogue = [c for c in chunks if c.kind == "resource"]
        # The catalogue entries of the books a learning-path step names (『…』 in the step's text).
        self.books: dict[str, list[Chunk]] = {}
        for step in self.sections.get(PATH, []):
            titles = _TITLE.findall(step.text)
            self.books[step.id] = [r for t in titles for r in catalogue if f"『{t}』" in r.text][:MAX_BOOKS_PER_STEP]

    def passage(self, chunk: Chunk, language: str) -> Passage:
        return self._passage_of(chunk, language)

    @functools.cached_property
    def duty_titles(self) -> list[set[str]]:
        """Each main duty's title in both editions, normalised, in order (a question naming one asks
        for it)."""
        return [{normalize(_NUMBER.sub("", self.passage(duty, edition).section.split(" > ")[-1]).strip())
                 for edition in ("ja", "en")} for duty in self.units(DUTIES) if " > " in duty.section]

    @functools.cached_property
    def functions(self) -> dict[str, list[Chunk]]:
        """The collaboration chapter's subsections (one per function), by heading, units in order."""
        titles: dict[str, list[Chunk]] = {}
        for chunk in self.units(FUNCTION):
            if " > " in chunk.section:
                titles.setdefault(chunk.section.split(" > ")[-1], []).append(chunk)
        return titles

    @functools.cached_property
    def function_words(self) -> dict[str, set[str]]:
        """Each function's heading words in both editions (a question may name it in either), less
        the words several headings share (部門, team: they name none)."""
        words = {title: {w for edition in ("ja", "en")
                         for w in tokenize(self.passage(units[0], edition).section.split(" > ")[-1]) if len(w) > 1}
                 for title, units in self.functions.items()}
        shared = {w for ws in words.values() for w in ws if sum(w in other for other in words.values()) > 1}
        return {title: ws - shared for title, ws in words.items()}

    def units(self, number: str) -> list[Chunk]:
        return self.sections.get(number, [])

    @property
    def steps(self) -> list[Chunk]:
        """The learning path's numbered steps, in order (its opening is the section's other unit)."""
        return [c for c in self.units(PATH) if " > " in c.section]


def shape(question: str, passages: list[Passage], outline: GuideOutline, levels: list[str],
          language: str) -> Shaped | None:
    """The shaped answer to ``question`` from ``passages``, or None when no shape fits (then the
    best passages are quoted as they are). ``levels``: the ladder level ids the question names."""
    guide = [p for p in passages if p.kind == "guide"]
    resources = wants_resources(question)
    studying = resources and not _starting_out(question, outline)
    # A step named (「学習ステップの3番目」), or what to study where the guide's best passage is a step
    # ("which books for the cloud and architecture foundation step?"): the step, with the books it
    # names, then the catalogue's entries on the question. Not an edition or a price of one entry
    # ("is the SRE book free to read?"): its own entry answers that.
    inferred = studying and guide and not asks_edition_or_price(question)
    step = _step_named(question, len(outline.steps)) or (_step_of(guide[0], outline) if inferred else 0)
    if step:
        listed = study_entries(passages) if resources else []
        return _path(question, guide, outline, language, whole=False, number=step, listed=listed)
    if studying:
        return None  # study material: a list of the catalogue's entries on it answers it
    # Found or not (retrieval ranks the role's other sections), and before the ladder: the role's own
    # name, "Technical Program Manager", is also the name of its middle rung.
    duty = _duty_named(question, outline)
    if duty:  # "What is item 2 of "Main responsibilities" (Cross-Functional …)?": that duty in full
        return _duties(outline, language, number=duty)
    other, name = role_set_beside(question, outline)
    if other:  # 「TPMとプロマネって何が違うの?」: the guide's own account of where the TPM stands
        return _beside(other, name, outline, language)
    definition = asks_definition(question, outline)
    if asks_duties(question, outline) and (not definition or _asks_the_work(question)):
        return _duties(outline, language)
    if definition:
        return _definition(outline, language)
    numbers = [section_number(p.section) for p in guide]
    first = numbers[0] if numbers else ""
    levels = levels or _rung_told(question, guide, outline)
    if levels and asks_rank(question) and (LADDER in numbers or own_rung(question)):
        return _ladder(levels, guide, outline, language)  # "I'm a TPM — what's the next level?"
    if levels and ((len(set(levels)) >= 2 and _COMPARE.search(question)) or first == LADDER):
        return _ladder(levels, guide, outline, language)  # only for a level the question names
    # A level named, its row next after another section: the row, unless the question is about a
    # skill, a learning step or interviews (「シニアTPMを目指してるけどPythonはどのレベルまで?」).
    if levels and numbers[1:2] == [LADDER] and first not in (TABLE, PATH) and not asks_about_interviews(question):
        return _ladder(levels, guide, outline, language)  # 「シニアTPMってどこまでの範囲を見るの?」
    if _GOAL.search(question):  # a goal is answered by the learning path, found or not
        return _path(question, guide, outline, language, whole=True)
    if first == TABLE:  # skills and tools: what retrieval ranked first is the table's answer
        shaped = _table(guide, language)
        if shaped is not None:
            return shaped
    # A question about interviews is not one about working with a function ("FinOps・予算・調達について、
    # 面接だとどう聞かれる?" names the finance subsection's words).
    interviews = asks_about_interviews(question)
    named = "" if interviews else _named_function(question, outline)  # before other sections retrieval
    if named:  # ranked first: a step may mention finance, the question asks about it
        return _function_section(named, outline, language)
    if first == PATH:
        return _path(question, guide, outline, language, whole=False)
    if passages and _is_question_item(passages[0]):
        return _interview(passages[0], language)
    if first == FUNCTION and not interviews:
        return _function(guide, outline, language)
    return None


def _rung_told(question: str, guide: list[Passage], outline: GuideOutline) -> list[str]:
    """The rung a question of rank stands on without naming a level: the user's own role ("I'm a
    TPM"), or the first rung for one about coming in (「未経験だとどのレベルから?」) when retrieval
    agrees it is about the ladder."""
    if own_rung(question):
        return [OWN_RUNG]
    found = any(section_number(p.section) == LADDER for p in guide)
    first_rung = min(outline.ladder.levels, key=lambda level: level.order, default=None)
    return [first_rung.id] if found and first_rung and comes_in(question) else []


def _step_of(passage: Passage, outline: GuideOutline) -> int:
    """The number of the learning-path step ``passage`` is (in either edition), or 0."""
    return next((n for n, step in enumerate(outline.steps, start=1) if step.unit == passage.unit), 0)


def _step_named(question: str, count: int) -> int:
    """The learning-path step the question names by number (0 for none, or a number past the path)."""
    found = _STEP_NUMBER.search(question)
    if not found or not _PATH_WORD.search(question):
        return 0
    number = int(next(g for g in found.groups() if g))
    return number if 1 <= number <= count else 0


def _path(question: str, guide: list[Passage], outline: GuideOutline, language: str,
          whole: bool, number: int = 0, listed: Sequence[Passage] = ()) -> Shaped | None:
    """The learning path: every step in order when the question states a goal (the leading steps
    in full, the others by their goal), the step it names by number, else only the steps retrieval
    found. ``listed``: catalogue entries to study after the books the steps name (the question asked
    what to study)."""
    steps = outline.steps
    # The question's own context (a background, a goal) ranks the steps: retrieval's order leads,
    # then the steps nearest the question in meaning.
    leading = [steps[number - 1]] if number else [c for p in guide for c in steps if c.unit == p.unit][:LEAD_STEPS]
    if steps and (whole or not leading) and len(leading) < LEAD_STEPS and outline.similarities is not None:
        shown = {outline.passage(c, language).id: c for c in steps if c not in leading}
        near = outline.similarities(question, list(shown))
        wanted = LEAD_STEPS if whole else 1  # only the path's opening was found: its nearest step
        leading += [shown[i] for i in sorted(near, key=lambda i: -near[i])][: wanted - len(leading)]
    if not steps or not (whole or leading):
        return None
    intro = [c for c in outline.units(PATH) if " > " not in c.section]
    blocks, study = [], []
    if whole and intro:  # the path's own opening sentence says what it is for
        opening = outline.passage(intro[0], language)
        blocks.append(Block(opening, split_sentences(opening.text)[:1]))
    for step in steps if whole else leading:
        passage = outline.passage(step, language)
        lines = _lines(passage)
        full = step in leading
        blocks.append(Block(passage, lines if full else lines[:1]))
        if full:
            study += [Block(outline.passage(book, language), _first_line(outline.passage(book, language), language),
                            True)
                      for book in outline.books.get(step.id, [])]
    books = {block.passage.title for block in study}  # 「ステップ4でSQLやるなら無料のコースある?」
    study += [Block(p, [], True) for p in listed if p.title not in books]  # what each is for, too
    named = [steps.index(c) + 1 for c in leading]
    if not whole:
        numbers = "と".join(map(str, named)) if language == "ja" else " and ".join(map(str, named))
        lead = (f"ガイドの学習方法のステップ{numbers}:" if language == "ja"
                else f"Step{'s' if len(named) > 1 else ''} {numbers} of the guide's learning path:")
        return Shaped("step" if number else "steps", lead, blocks + study)
    if language == "ja":
        lead = f"ガイドの学習方法は{len(steps)}つのステップです"
        lead += f"。この質問には特にステップ{'と'.join(map(str, named))}が当てはまります:" if named else ":"
    else:
        lead = f"The guide's learning path has {len(steps)} steps"
        lead += f"; for this question, step{'s' if len(named) > 1 else ''} {' and '.join(map(str, named))} " \
                f"matter{'' if len(named) > 1 else 's'} most:" if named else ":"
    return Shaped("path" if whole else "steps", lead, blocks + study)


def _starting_out(question: str, outline: GuideOutline) -> bool:
    """Whether ``question`` asks where to start on the way to the role, naming no skill, term or level
    to study ("SIerのPMからTPMに転職したいです。何から勉強すればいいですか?"; not 「IaC、何から勉強すれば?」)."""
    if not (_START.search(question) and _GOAL.search(question)):
        return False
    return outline.names_topic is None or not outline.names_topic(question, ("skill", "level"))


def asks_duties(question: str, outline: GuideOutline) -> bool:
    """Whether ``question`` asks what a TPM does (it names the role: "what does a vet do all day" does
    not), with no topic narrower than the role (a level, a function, a skill, interviews: those have
    sections of their own)."""
    return _asks_about_role(question, outline, _DUTIES, story_levels=True)


def asks_about_the_role(question: str, outline: GuideOutline) -> bool:
    """Whether ``question`` asks what the role is, what it does or how it differs from another role:
    the guide's own subject."""
    return asks_definition(question, outline) or asks_duties(question, outline) or bool(
        role_set_beside(question, outline)[0])


def asks_definition(question: str, outline: GuideOutline) -> bool:
    """Whether ``question`` asks what the role is ("what even is a TPM?", 「TPMって何?」), with no topic
    narrower than the role."""
    return _asks_about_role(question, outline, _DEFINITION, story_levels=False)


def _asks_the_work(question: str) -> bool:
    """Asked both what the role is and what it does: a verb of doing or a word of duty where it asks
    makes it a question about the work (「何をする仕事なのか」, "what is a TPM responsible for");
    「TPMとはどのような役割なのか」 asks what it is."""
    return any(_DOING.search(s) for s in sentences(question) if _DUTIES.search(s) or _DEFINITION.search(s))


def _asks_about_role(question: str, outline: GuideOutline, asks: re.Pattern[str], story_levels: bool) -> bool:
    """Whether a sentence of ``question`` matches ``asks`` about the role itself: the role named, and no
    narrower topic in that sentence (its asking words aside: "what is this position") or in another
    question of the message; with ``story_levels``, no level anywhere in it either."""
    names = outline.names_topic
    # What a TPM does, with a level anywhere in the message ("I start as an Associate TPM next month"),
    # is that rung's work; what the role is, asked beside a story's 「部長」, is still the role.
    if names is None or not _ROLE.search(question) or (story_levels and names(question, ("level",))):
        return False
    told = sentences(question)
    # The story around the ask is not asked ("I'm a recruiter … the hiring manager … Could you give me
    # a rundown of the key duties?"); another question is ("… Is it just a project manager who knows
    # tech?"), and so is the story for a sentence that leans on it ("… what would they be doing there").
    asked = [s for s in told if s[-1] in "?？"]
    matching = [s for s in told if asks.search(s)]
    return any(not _narrower(asks.sub(" ", question if _LEANS.search(s) else s), names) for s in matching) and not any(
        _narrower(s, names) for s in asked if s not in matching)


def _narrower(sentence: str, names: NamesTopic) -> bool:
    """Whether ``sentence`` asks about something narrower than the role: a topic, a rank, an object
    named by its question word, working with someone."""
    return names(sentence, ()) or asks_rank(sentence) or bool(_OBJECT.search(sentence) or _WITH.search(sentence))


def _duty_named(question: str, outline: GuideOutline) -> int:
    """The main duty whose whole title (in either edition) the question holds, by number, or 0."""
    asked = normalize(question)
    return next((number for number, titles in enumerate(outline.duty_titles, start=1)
                 if any(title and title in asked for title in titles)), 0)


def _duties(outline: GuideOutline, language: str, number: int = 0) -> Shaped | None:
    """The guide's main duties in order, each by its title and first sentence, after the sentence
    that says what they are for; or the one duty ``number``, in full."""
    units = outline.units(DUTIES)
    duties = [c for c in units if " > " in c.section]
    if not duties:
        return None
    if 1 <= number <= len(duties):
        passage = outline.passage(duties[number - 1], language)
        lead = (f"ガイドの主な業務の{number}番目:" if language == "ja"
                else f"Responsibility {number} of the guide's main responsibilities:")
        return Shaped("duty", lead, [Block(passage, _lines(passage))])
    blocks = [Block(p, split_sentences(p.text)[:1]) for c in units if " > " not in c.section
              for p in [outline.passage(c, language)]][:1]
    blocks += [Block(p, split_sentences(p.text.splitlines()[0])[:1]) for p in
               (outline.passage(c, language) for c in duties)]
    lead = (f"ガイドはTPMの主な業務を{len(duties)}つ挙げています:" if language == "ja"
            else f"The guide names {len(duties)} main responsibilities of a TPM:")
    return Shaped("duties", lead, blocks)


def _definition(outline: GuideOutline, language: str) -> Shaped | None:
    """The guide's own account of the role (section 1), whole: it is short, and a cut sentence would
    leave its analogy or a quoted question half told."""
    passages = [outline.passage(c, language) for c in outline.units(DEFINITION)]
    if not passages:
        return None
    blocks = [Block(p, _lines(p)) for p in passages]
    title = passages[0].section.split(" > ")[0]
    lead = (f"ガイドの「{title}」の章は、TPMを次のように説明しています:" if language == "ja"
            else f"The guide's chapter “{title}” describes the role like this:")
    return Shaped("definition", lead, blocks)


def role_set_beside(question: str, outline: GuideOutline) -> tuple[str, str]:
    """The other role a question sets the TPM beside ("project", "product" or "other") and its name as
    written, or ("", "") when it compares nothing with the role, or something narrower (two levels,
    a skill asked of both)."""
    message = _ROLE.sub(" ", question)
    named_in_message = _other_role(message)  # no other role named: nothing more to read (most questions)
    if named_in_message is None or outline.names_topic is None or not _ROLE.search(question):
        return "", ""
    # The sentence that compares must compare nothing narrower: a story's role ("I'm a PM at an SIer.")
    # beside another comparison ("For a TPM, is AWS or GCP cert better?") sets nothing beside the TPM.
    # The other role is that sentence's, or the story's when the sentence leans on it ("…'a TPM is NOT a
    # project manager'… How would you explain the difference to candidates?").
    for sentence in sentences(question):
        besides = _ROLE.sub(" ", sentence)
        if _SET_BESIDE_WORD.search(besides) and not _narrower(_BESIDE_WORDS.sub(" ", besides), outline.names_topic):
            kind, found = _other_role(besides) or named_in_message
            bare_pm = kind == "product" and found.group().lower().startswith("pm")
            return ("project" if bare_pm and _PROJECT_SETTING.search(question) else kind), found.group()
    return "", ""


def _other_role(text: str) -> tuple[str, re.Match[str]] | None:
    """The first kind of other role ``text`` names, and where."""
    return next(((kind, found) for kind, pattern in _OTHER_ROLES.items() if (found := pattern.search(text))), None)


def _beside(other: str, name: str, outline: GuideOutline, language: str) -> Shaped | None:
    """The TPM beside another role, in the guide's words: beside the product manager, the first
    chapter's analogy and the collaboration chapter's division of the work (What; How and When); beside a
    project manager, the first chapter, which sets the TPM beyond project administration; beside any
    other role, which the guide never compares, the first chapter, saying so."""
    definition = _definition(outline, language)
    if definition is None:
        return None
    title = definition.blocks[0].passage.section.split(" > ")[0]
    product = next((t for t in outline.functions if "PM" in t), "") if other == "product" else ""
    if product:  # the first chapter's analogy (the PM's blueprint), then the division of the work
        beside = _function_section(product, outline, language)
        heading = beside.blocks[0].passage.section.split(" > ")[-1]
        opening = definition.blocks[0]
        analogy = Block(opening.passage, [line for line in opening.lines if "(PM)" in line] or opening.lines)
        lead = (f"ガイドは、TPMと{heading}の違いを次のように説明しています:" if language == "ja"
                else f"The guide sets the TPM beside {heading[:1].lower() + heading[1:]} like this:")
        return Shaped("roles", lead, [analogy, *beside.blocks])
    if other == "project":
        lead = (f"ガイドの「{title}」の章は、単なるプロジェクト管理者を超えた役割としてTPMを説明しています:"
                if language == "ja" else
                f"The guide's chapter “{title}” describes the TPM as a role beyond a mere project administrator:")
    else:
        lead = (f"ガイドは{name}とTPMを直接は比べていません。「{title}」の章はTPMを次のように説明しています:"
                if language == "ja" else
                f"The guide does not compare the TPM with {_with_article(name)} directly. Its chapter “{title}” "
                f"describes the role like this:")
    return Shaped("roles", lead, definition.blocks)


def _with_article(name: str) -> str:
    """"an engineering manager", "a scrum master", "a PMO"; a plural ("tech leads") as it is."""
    if name.lower().endswith("s") and not name.isupper():
        return name
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _is_question_item(passage: Passage) -> bool:
    """An interview question with its key points: a bank item, or a row of the guide's section 9."""
    return passage.kind == "interview" or (section_number(passage.section) == INTERVIEW and bool(cells(passage.text)))


def _interview(item: Passage, language: str) -> Shaped:
    """The question, its key points (and a bank item's model answer), in the reader's language (bank
    items hold both languages)."""
    lines = cells(item.text) or [item.text]
    if item.kind == "interview":
        mine = [line for line in lines if detect_language(line) == language]
        lines = (mine or lines)[:3]  # the question, its key points and the model answer
    lead = ("面接質問と回答のポイント:" if language == "ja"
            else "The interview question and the key points of an answer:")
    return Shaped("interview", lead, [Block(item, lines)])


def _lines(passage: Passage) -> list[str]:
    """A passage's lines without list markers: a step, a duty or a subsection quoted whole."""
    return [line.strip().lstrip("-・*").strip() for line in passage.text.splitlines() if line.strip()]


# A catalogue entry's Japanese title after its own: 「Building Microservices(『マイクロサービスアーキテクチャ』)」.
_JAPANESE_TITLE = re.compile(r"\s*\(『[^』]*』\)$")


def entry_name(line: str, language: str) -> str:
    """A catalogue entry's name line as ``language``'s reader reads it: an English one, without the
    Japanese edition's title."""
    return _JAPANESE_TITLE.sub("", line) if language == "en" else line


def _first_line(passage: Passage, language: str = "ja") -> list[str]:
    """A passage's first line (a catalogue entry's name, as ``entry_name``)."""
    return [entry_name(passage.text.strip().split("\n", 1)[0], language)]


def _level_of(row: Chunk, ladder: Ladder) -> LadderLevel | None:
    head = normalize(row.text.split("\n", 1)[0])
    return next((lv for lv in ladder.levels if normalize(lv.guide_name) in head), None)


def _ladder(levels: list[str], guide: list[Passage], outline: GuideOutline, language: str) -> Shaped | None:
    rows = [c for c in outline.units(LADDER) if cells(c.text)]
    by_level = {lv.id: row for row in rows if (lv := _level_of(row, outline.ladder))}
    named = [by_level[lv] for lv in dict.fromkeys(levels) if lv in by_level]
    retrieved = [row for p in guide for row in rows if row.unit == p.unit]
    first = named[0] if named else retrieved[0] if retrieved else None
    if first is None:
        return None
    compare = len(named) >= 2
    # The next stage up the ladder (the specialist row is a track beside it, not a next stage).
    after = [row for row in rows[rows.index(first) + 1:] if row in by_level.values()][:1]
    chosen = named[:2] if compare else [first, *after]
    shown = [outline.passage(row, language) for row in chosen]
    names = [_row_name(p.text) for p in shown]
    if compare:
        lead = (f"ガイドのキャリアパスの表で{names[0]}と{names[1]}を並べると:" if language == "ja"
                else f"The guide's career ladder, {names[0]} beside {names[1]}:")
    elif len(chosen) == 2:
        # The row asked about first: "What does a Senior TPM do?" is not a question about the next stage.
        lead = (f"ガイドのキャリアパスの表の{names[0]}と、その次の段階の{names[1]}:" if language == "ja"
                else f"On the guide's career ladder, {names[0]} and the stage after it, {names[1]}:")
    else:
        lead = (f"ガイドのキャリアパスの表の{names[0]}:" if language == "ja"
                else f"The guide's career ladder, {names[0]}:")
    blocks = [Block(p, cells(p.text) or [p.text]) for p in shown]
    return Shaped("compare" if compare else "ladder", lead, blocks)


def _row_name(text: str) -> str:
    return re.split(r"[:：]", text.split("\n", 1)[0], maxsplit=1)[-1].strip()


def _table(guide: list[Passage], language: str) -> Shaped | None:
    rows = [p for p in guide if section_number(p.section) == TABLE and cells(p.text)][:MAX_TABLE_ROWS]
    if not rows:
        return None
    lead = ("ガイドの「必要なスキルとツール」の表から:" if language == "ja"
            else "From the guide's tables of skills and tools:")
    return Shaped("table", lead, [Block(p, cells(p.text)) for p in rows])


def _named_function(question: str, outline: GuideOutline) -> str:
    """The one function whose subsection heading (in either edition) the question names, or ""."""
    words = set(tokenize(question))
    # A rarer word names a function more surely ("finance" beats "teams").
    overlap = {title: sum(1.0 / (1 + outline.frequency.get(w, 0)) for w in heading & words)
               for title, heading in outline.function_words.items()}
    best = max(overlap, key=lambda title: overlap[title], default="")
    return best if best and overlap[best] > 0 and list(overlap.values()).count(overlap[best]) == 1 else ""


def _function(guide: list[Passage], outline: GuideOutline, language: str) -> Shaped | None:
    """The subsection of the function retrieval found first."""
    first = next((p for p in guide if section_number(p.section) == FUNCTION and " > " in p.section), None)
    if first is None:
        return None
    title = next((t for t, units in outline.functions.items() if any(u.unit == first.unit for u in units)), "")
    return _function_section(title, outline, language) if title else None


def _function_section(title: str, outline: GuideOutline, language: str) -> Shaped:
    passages = [outline.passage(chunk, language) for chunk in outline.functions[title]]
    name = passages[0].section.split(" > ")[-1]
    lead = (f"ガイドの協業スタイルの章では、{name}との連携を次のように説明しています:" if language == "ja"
            else f"The guide's chapter on collaboration describes working with {name} as follows:")
    blocks = [Block(p, _lines(p)) for p in passages]
    return Shaped("function", lead, blocks)
