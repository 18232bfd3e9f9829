"""What kind of answer a question asks for, read from its structure, and whether passages hold one.

A question can match the guide's topic and still ask for something the guide never states: a
figure (pay, a headcount, a duration, a score, a date), a named organisation's own facts, a
step-by-step procedure or code, a poem. The detectors here look at the grammar of asking — amount
interrogatives (how much / いくら / 何+counter), the unit a figure would carry (円, 名, 年, %, ...),
imperatives of making (write a / 書いて) — not at topic phrasings, and each has an evidence check:
does a retrieved passage hold a value of that kind (a number with a unit of that type, the
organisation named beside the asked-about terms, numbered steps)?
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.language import split_sentences
from advisor.retrieval.tokenize_ja import normalize

_I = re.IGNORECASE

# Interrogatives that ask for an amount. The unit type comes from the interrogative itself
# ("how long", 何年) or from a unit word in the question ("how much ... cost").
_AMOUNT = re.compile(
    r"\bhow (much|many|long|old|soon|often|high|big|large)\b|\bwhat (is|are|was|'s)? ?(the |a |an )?"
    r"(average|typical|usual|median|starting|base|expected|going|normal|minimum|maximum|exact|ballpark)\b|"
    r"\bwhat percentage\b|\bwhat (score|salary|price|fee|date|year)\b|\bwhich (year|date|month)\b|\bballpark\b|"
    r"いくら|何(人|名|年|ヶ月|か月|カ月|ケ月|日|時間|回|社|点|割|%|パー|チーム|万|円|歳|倍|週|度|か国|名様|件|問|"
    r"ポイント|分|字|文字|ページ)|"
    r"どのくらい|どれくらい|どれぐらい|どのぐらい|どんくらい|どの位|どれ位|平均|相場|目安|ざっくり|具体的な(数字|金額|数)|"
    r"いつ(から|まで|頃|ごろ|開催|締め?切|発表|公開)",
    _I,
)

# Words that name the unit a figure would carry. Japanese compounds carry it as a suffix
# (受験料, 試験代, 手数料, 人件費, 年収), so those match at the end of a noun.
UNIT_WORDS: dict[str, re.Pattern[str]] = {
    "money": re.compile(
        r"\b(salar(y|ies)|pay|paid|payout|wages?|income|earn(s|ing)?|compensation|comp|tc|package|bonus(es)?|"
        r"equity|stock|rsus?|costs?|fees?|prices?|priced|pricing|charges?|afford|cheap|expensive|dollars?|yen|"
        r"usd|jpy|take-home|budget|money|rate card|per hour|hourly|raise)\b|[$¥￥]|"
        # A fee is a noun ending in 料 or 費 (受験料, 人件費), but not 資料 (material), 無料 (free), 料理 (cooking).
        r"円|\d万|億|ドル|年収|月収|手取り|給料|給与|月給|時給|日給|初任給|報酬|賞与|ボーナス|稼|(?<![資無材原飲香])料(?!理)|"
        r"(?<![消浪出会])費|代金|値段|価格|単価|コスト|お金|金額|予算|昇給|(試験|受験|講座|本|書籍|研修)代",
        _I,
    ),
    "people": re.compile(
        r"\b(people|persons|employees|staff|engineers|tpms|members|headcount|team size|reports|hires|"
        r"women|men|population|workers)\b|人数|社員|従業員|メンバー|規模|何人|何名|男女|女性|人口|在籍",
        _I,
    ),
    "duration": re.compile(
        r"\b(years?|months?|weeks?|days?|hours?|time|long|soon|timeline|timeframe|overtime)\b|期間|何年|年数|ヶ月|か月|"
        r"カ月|週間|日数|時間|残業|年目|までに",
        _I,
    ),
    "rate": re.compile(
        # Not 役割 (role) or 効率 (efficiency): a rate is 何割, 割合, 合格率, 比率.
        r"\b(percent(age)?|rate|ratio|score|marks?|points?|odds|chance|share)\b|%|％|何割|割合|(?<![効能])率|比率|"
        r"点数|何点|倍率|スコア",
        _I,
    ),
    "date": re.compile(r"\b(date|deadline|which year|what year|schedule)\b|いつ(から|まで|頃|ごろ)|日程|締め?切|"
                       r"何月|何日|開催日", _I),
    "count": re.compile(r"\b(how many|number of|rounds?|times|count)\b|何回|何社|何チーム|何個|回数|件数", _I),
}
# An amount interrogative that names its own unit.
_SELF_TYPED = {
    "duration": re.compile(r"\bhow (long|soon)\b|何(年|ヶ月|か月|カ月|ケ月|日|時間|週)", _I),
    "money": re.compile(r"いくら|何(万|円)|\bhow much (do|does|did|can|could|would|will|should) .{0,40}\b(make|earn|"
                        r"get paid|take home|charge)\b", _I),
    "people": re.compile(r"何(人|名)|\bhow many (people|employees|engineers|tpms|staff)\b", _I),
    "rate": re.compile(r"何(点|割|%|パー)|\bwhat percentage\b", _I),
    "date": re.compile(r"いつ(から|まで|頃|ごろ|開催|締め?切|発表|公開)|何月|何日|"
                       r"\b(which|what) (year|date|month)\b", _I),
    "count": re.compile(r"何(回|社|チーム|個|件|問|ポイント|字|文字|ページ)|\bhow many\b", _I),
}
# Nouns that name a figure: asking about one asks for the figure, interrogative or not
# ("PSM I passing percentage?", 「TPMの年収は?」).
FIGURE_NOUNS: dict[str, re.Pattern[str]] = {
    "money": re.compile(
        r"\b(salar(y|ies)|wages?|income|compensation|total comp|tc|fees?|prices?|pricing|costs?|hourly rate|"
        r"take-home|stock options?|rsus?|bonus(es)?)\b|年収|月収|手取り|給料|給与|月給|時給|日給|初任給|報酬|賞与|"
        r"ボーナス|料金|費用|価格|値段|受験料|試験料|受講料|単価|代金|(試験|受験)代|ストックオプション",
        _I,
    ),
    "rate": re.compile(r"\b(pass(ing)? (rate|mark|score|percentage|line)|cutoff|cut-off|ratio)\b|合格(率|点|ライン)|"
                       r"倍率|比率|割合|男女比", _I),
    "people": re.compile(r"\b(headcount|team size|number of (people|employees|engineers|tpms))\b|人数|社員数|"
                         r"従業員数|在籍数", _I),
    "duration": re.compile(r"\b(tenure|timeline|lead time|duration)\b|期間|年数|所要時間|勤続", _I),
    "count": re.compile(r"\b(number of (questions|rounds|interviews|openings))\b|件数|回数|問題数|求人数", _I),
}
# A value of each kind, as a passage would state it. Vague amounts are values too: 数ヶ月から数年
# answers "how long", "free" answers "how much".
_VAGUE = r"(\d[\d,.]*|数|十|百|千|several|a few|many|tens of|hundreds of|thousands of|millions of)"
VALUES: dict[str, re.Pattern[str]] = {
    "money": re.compile(rf"{_VAGUE}\s*(十|百|千)?\s*(円|万円|億円|万ドル|ドル|dollars?|usd|jpy|yen)|[$¥￥]\s?\d|"
                        r"無料|\bfree\b|no cost|low-cost|低価格|安価", _I),
    # Staff, not users: 数百万ユーザー is no headcount.
    "people": re.compile(rf"{_VAGUE}\s*(十|百|千|万)?\s*(人|名|people|persons|employees|engineers|members|staff)", _I),
    "duration": re.compile(rf"{_VAGUE}\s*(年間|年|ヶ月|か月|カ月|週間|日間|時間|四半期|years?|months?|weeks?|days?|"
                           r"hours?|quarters?)", _I),
    "rate": re.compile(r"\d+(\.\d+)?\s*(%|％|percent|割|点|points?)", _I),
    "date": re.compile(r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\b(19|20)\d{2}\b|"
                       r"(毎週|毎月|週次|月次|四半期ごと|weekly|monthly|quarterly)", _I),
    "count": re.compile(rf"{_VAGUE}\s*(回|社|チーム|teams?|rounds?|times|つ|個|段階|levels?|stages?)", _I),
}

# A step-by-step procedure or code: the asking form, and what a passage holding one looks like.
# Code and configuration artefacts, and imperatives of producing one.
_ARTEFACT = (r"(code|script|snippet|query|queries|function|program|regex|command|config|yaml|yml|json|terraform|sql|"
             r"dockerfile|template|macro|formula|workflow|playbook|manifest|helm chart|chart|module|rule|bot|"
             r"pipeline|cron|schema|proto|api call|lambda|view|dashboard|notebook|migration|test case)")
_PROCEDURE = re.compile(
    r"\bstep[- ]by[- ]step\b|\bwalk me through\b|\b(exact|detailed) steps\b|\bclick by click\b|"
    r"\b(exact |which )?(clicks?|buttons?|menus?|settings? page)\b.{0,30}\b(to|for|do i)\b|"
    r"\bhow (do|can|should|would) (i|we|you) (configure|set ?up|install|deploy|implement|migrate|enable|integrate|"
    r"connect|provision|script|automate|debug|fix|renew|register|file|apply for)\b|"
    rf"\b(write|give|show|generate|paste|draft|make|create|build|code)( me| us)? (a |an |the |some |working |sample )?"
    rf"([\w.+-]+ ){{0,4}}{_ARTEFACT}s?\b|"
    rf"\b{_ARTEFACT}s? (to|for|that|which)\b",
    _I,
)
# The Japanese forms (looked at only in text that holds some Japanese).
_PROCEDURE_JA = re.compile(
    r"手順|やり方|設定方法|実装方法|構築方法|インストール|書き方|操作|(コマンド|コード|クエリ|スクリプト)(は|を|って)|"
    r"ボタン|クリック|画面|順番に教え|"
    r"(コード|スクリプト|コマンド|クエリ|関数|テンプレート|ワークフロー|yaml|json|sql|設定ファイル|サンプル|"
    r"プログラム|ルール|bot|ボット|モジュール|module|workflow|playbook|template|view|dashboard).{0,12}"
    r"(書いて|書ける|ちょうだい|作って|下さい|ください|教えて|欲しい|ほしい|頼む|お願い|出して|生成)",
    _I,
)
_STEPS = re.compile(r"(^|\n)\s*(\d+[.)．、]|ステップ\s*\d|step\s*\d|第\d)|```", _I)

# Making something rather than asking about it: an imperative of making and a creative genre.
_GENRE = (r"(poem|haiku|song|story|stories|joke|limerick|rap|lyrics|riddle|slogan|tagline|sonnet|toast|novel|"
          r"fairy ?tale|verse|pun|tweet|caption|meme|fanfic)")
_CREATIVE = re.compile(
    # Not "tell me a story about a time…": that is a behavioural interview question.
    rf"\b(write|compose|make up|create|draft|come up with|invent)\b.{{0,40}}\b{_GENRE}s?\b|"
    rf"\b{_GENRE}s? (about|on|for)\b|"
    rf"\bin the style of\b|\b(as|into) an? {_GENRE}\b|"
    r"(詩|俳句|川柳|短歌|歌詞|物語|小説|ダジャレ|なぞなぞ|童話|替え歌|大喜利|あいうえお作文|怪談|落語|漫才|4コマ|四コマ)|"
    # A katakana genre as a word of its own: 「ベンダーコントロール」 holds no コント, 「オーバーラップ」 no ラップ.
    r"(?<![\u30a1-\u30fa\u30fc])(ジョーク|キャッチコピー|ラップ|ポエム|コント)(?![\u30a1-\u30fa\u30fc])|"
    # Writing in a style: 「落語っぽく書いて」「昔話風にして」.
    r"(っぽく|風に|調で|みたいに)(書|作|して|言って|まとめ)",
    _I,
)
# Every alternative above holds one of these substrings: a plain `in` test spares the pattern on
# most text (Python's re tries each alternative at every position; long questions cost 0.1 ms).
_CREATIVE_HINTS = (
    "poem", "haiku", "song", "stor", "joke", "limerick", "rap", "lyric", "riddle", "slogan", "tagline", "sonnet",
    "toast", "novel", "fairy", "verse", "pun", "tweet", "caption", "meme", "fanfic", "style of", "詩", "俳句", "川柳",
    "短歌", "歌詞", "物語", "小説", "ジョーク", "ダジャレ", "なぞなぞ", "キャッチコピー", "ラップ", "童話", "ポエム",
    "替え歌", "大喜利", "あいうえお作文", "怪談", "落語", "漫才", "コント", "4コマ", "四コマ", "っぽく", "風に", "調で",
    "みたいに",
)
# A request to produce a text for the user (a poem, a speech, a post, a rewrite), whatever the
# genre: an imperative or a "can you" of making, or a Japanese noun followed by a plea for it
# (「一句お願いします」「短編よろしく」). A signal for the model, not a rule: "write a design doc"
# is a request too, and the guide says how to write one.
_PRODUCE = re.compile(
    r"(^|[.!?]\s*)(please\s+)?(write|draft|compose|generate|craft|rewrite|reword|come up with|make up|give me|"
    r"turn|make (it|this|that|my|our|me|us)|roast)\b|"
    r"\b(can|could|would|will) you (please )?(write|draft|compose|generate|"
    r"craft|rewrite|reword|come up with|make up|give me|turn|make)\b|"
    r"(書いて|作って|つくって|考えて|詠んで|ひねって|生成して|作成して|添削して|書き直して)"
    r"(ください|下さい|くれ|もらえ|ほしい|欲しい|よろしく|お願い|!|！|\?|？|$)|"
    r"(?<=[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9])(お願いします|お願い|よろしく)",
    _I | re.MULTILINE,
)

# Talk with no question about the subject: greetings, thanks, questions about the assistant itself.
_CHITCHAT = re.compile(
    r"\b(who|what) are you\b|\bare you (a |an )?(bot|human|robot|ai|real)\b|\bdo you (like|love|dream|feel)\b|"
    r"\byour favou?rite\b|\bi'?m (bored|tired|sleepy|hungry|sad)\b|"
    r"ありがと|元気(です)?(か|？|\?)|暇(だ|な|です)|眠い|お腹(空|すい)|愚痴|聞いて(よ|ほしい|欲しい)|"
    r"好きな(食べ物|色|映画|音楽|動物|季節)|あなたは(誰|だれ|何|なに)|君は(誰|何)|趣味は",
    _I,
)
# A greeting or thanks is talk only with little after it: "Hello. I am an engineer from Vietnam … What is
# the responsibility of a TPM?" asks a question.
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|yo|thanks|thank you|good (morning|night|evening|afternoon)|how are you|what'?s up|sup)\b|"
    r"^\s*(こんにち[はわ]|こんばん[はわ]|おは(よう?|よー)|やっほー?|ども|どうも|よろしく|おつかれ|お疲れ)",
    _I,
)
_PUNCTUATION = re.compile(r"[,.!?、。!?]")
GREETING_TAIL_WORDS = 6  # English words after a greeting that still make small talk
GREETING_TAIL_CHARS = 15  # Japanese characters likewise


def is_chitchat(text: str) -> bool:
    """Talk with no question about the subject (see ``_CHITCHAT``, ``_GREETING``)."""
    if _CHITCHAT.search(text):
        return True
    greeting = _GREETING.search(text)
    if greeting is None:
        return False
    tail = _PUNCTUATION.sub("", text[greeting.end():]).strip()
    return len(tail.split()) <= GREETING_TAIL_WORDS if tail.isascii() else len(tail) <= GREETING_TAIL_CHARS


# Named things: a capitalised or all-capitals Latin word after a sentence's first word, or
# one MeCab tags as a proper noun. Their own facts (a company's process, a product's price) are
# answered only when a passage names them beside what is asked.
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Z]{2,})(?![A-Za-z0-9])")
# Not named things: acronyms of the subject, and the guide's own setting (Japan, Tokyo).
# The role's own name, capitalised ("a Technical Program Manager"), names no other thing.
_ROLE_NAME = re.compile(r"\b(?:technical\s+)?program\s+manag\w*", re.IGNORECASE)
_NOT_NAMES = frozenset(
    "i tpm tpms pm pms pmo tp ok ai ml it us uk jp ja en vs q a sre sla slo kpi okr api cto ceo vp "
    "japan japanese tokyo 日本 東京 国内".split()
)


# A second ask joined to the first ("…? And what's the pass mark", 「…。あと年収は?」): a question
# that asks two things can be half answered.
_SECOND_ASK = re.compile(
    r"[?？].*[?？]|\b(and|also|plus|or)\b (what|how|which|who|when|is|are|do|does|can|could|will|would|should)\b|"
    r"(あと|それと|ついでに|加えて|また、|あわせて|併せて|ちなみに)",
    _I,
)
# The subject of the whole corpus: a figure asked about the TPM role itself is a topic the guide
# covers (partial); one asked about anything else is not (decline).
_SUBJECT = re.compile(r"\btpms?\b|technical program|program manag|プログラムマネ|プログラム・マネ|\bpgm\b", _I)


# The career a question is about: "become a sommelier", 「薬剤師になるには」, "switch to nursing".
# Whether the guide covers it is a vocabulary question about that phrase alone.
_CAREER_EN = re.compile(
    r"\b(?:become|becoming|work as|working as|job as|career as|careers? in|switch(?:ing)? to|move into|moving into|"
    r"transition(?:ing)? (?:in)?to|get into|getting into|train as|qualify as)\s+(?:an?\s+|the\s+)?"
    r"([a-z][a-z\- ]{1,40}?)(?=\s+(?:in|at|for|without|from|after|with|by|if|when|and|or)\b|[?.!,]|$)|"
    r"\bwhat (?:does|do) (?:an?\s+|the\s+)?([a-z][a-z\- ]{1,40}?)s? (?:actually |really |typically |usually )?do\b",
    _I,
)
_CAREER_JA = re.compile(r"([^\s、。!?！？「」()（）]{1,20}?)(?:(?:に|へ)(?:なる|なり|なれ|転職|転身|キャリアチェンジ)|"
                        r"(?:で|として)(?:独立|働|食べ)|の仕事)")


def career_target(question: str) -> str:
    """The career the question asks about becoming or moving into, or "" when it names none."""
    found = _CAREER_EN.search(question) or _CAREER_JA.search(question)
    if not found:
        return ""
    return next(g for g in found.groups() if g).strip()


# What the guide says about the employers it names: what TPMs do there. A question about a named
# organisation that asks this is covered; one that asks anything else (its hiring, pay, policies) is not.
_ROLE_ASK = re.compile(
    r"\bwhat (would|does|do|will|might|could) (an? |the )?(tpms?|i|we|you|they|someone)\b.{0,30}\b(do|work on|run|own|"
    r"handle|lead)\b|\bwhat (kind|sort|type)s? of (work|programs?|projects?|things)\b|\bday[- ]to[- ]day\b|"
    r"\b(role|responsibilit\w*|work) (of|at|in|there|like)\b|"
    r"仕事|役割|業務|担当|何する|何をする|何やる|どんな(こと|プログラム|案件|役割)|活躍|求められる",
    _I,
)
# Law, contracts, visas, tax and insurance: facts of a legal system the guide does not describe.
_LEGAL = re.compile(
    r"\b(laws?|legal(ly)?|illegal|enforceable|contracts?|contractual|clauses?|visas?|residency|immigration|tax(es)?|"
    r"insurance|pension|dismiss(al|ing)?|fired|severance|non-compete|notice period|probation|parental leave|"
    r"maternity|overtime pay|labou?r standards?)\b|"
    r"法律|法的|違法|合法|労働基準|労基|協定|契約|請負|委任|ビザ|在留|永住|入管|税金|確定申告|年金|社会保険|保険料|解雇|"
    r"退職金|育休|産休|競業避止|試用期間",
    _I,
)


@dataclass(frozen=True)
class Asked:
    """The kinds of answer one question asks for."""

    figures: frozenset[str]  # quantity types asked for: money, people, duration, rate, date, count
    names: tuple[tuple[str, ...], ...]  # named organisations or products, each with its forms (normalised)
    procedure: bool
    creative: bool
    chitchat: bool
    unit_words: frozenset[str]  # quantity types merely mentioned (a pay question without "how much")
    second_ask: bool = False
    about_subject: bool = False
    career: str = ""  # the career asked about ("sommelier", 薬剤師), if any
    role_ask: bool = False  # asks what the work or role is
    legal: bool = False  # asks about law, contracts, visas, tax or insurance
    produce: bool = False  # asks for a text to be produced (see ``_PRODUCE``)


def names_in(question: str, proper_nouns: list[str],
             organisations: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """Named things in a question, each with its forms: the glossary's organisations (both
    languages), capitalised Latin words (not a sentence's first) and proper nouns."""
    known = {form for forms in organisations for form in forms}
    role = [m.span() for m in _ROLE_NAME.finditer(question)]
    found: list[str] = []
    for match in _LATIN_NAME.finditer(question):
        word = match.group(1)
        if any(start <= match.start() < end for start, end in role):
            continue
        before = question[: match.start()].rstrip(" 　\"'「(")
        first_word = not before or before[-1] in ".?!。？！\n"
        if normalize(word) in _NOT_NAMES or (first_word and not word.isupper()):
            continue
        found.append(normalize(word))
    found += [normalize(n) for n in proper_nouns if not n.isascii() and normalize(n) not in _NOT_NAMES]
    others = [(name,) for name in dict.fromkeys(found) if not any(name in form or form in name for form in known)]
    return (*organisations, *others)


def read_asked(question: str, proper_nouns: list[str], organisations: list[tuple[str, ...]]) -> Asked:
    """What ``question`` asks for (see the module docstring); ``proper_nouns`` from the tagger,
    ``organisations`` (each with its forms) from the glossary."""
    text = normalize(question)
    mentioned = frozenset(kind for kind, pattern in UNIT_WORDS.items() if pattern.search(text))
    figures: set[str] = set()
    if _AMOUNT.search(text):
        figures |= {kind for kind, pattern in _SELF_TYPED.items() if pattern.search(text)}
        # "How much does the exam cost": the interrogative asks, the unit word says of what.
        figures |= mentioned - {"count", "date"} if not figures or figures <= {"count"} else set()
    figures |= {kind for kind, pattern in FIGURE_NOUNS.items() if pattern.search(text)}
    if len(figures) > 1:  # "how many people": a headcount, not a count besides
        figures.discard("count")
    return Asked(
        figures=frozenset(figures),
        names=names_in(question, proper_nouns, organisations),
        procedure=bool(_PROCEDURE.search(text) or (not text.isascii() and _PROCEDURE_JA.search(text))),
        creative=any(h in text for h in _CREATIVE_HINTS) and bool(_CREATIVE.search(text)),
        chitchat=is_chitchat(text),
        unit_words=mentioned,
        second_ask=bool(_SECOND_ASK.search(text)),
        about_subject=bool(_SUBJECT.search(text)),
        career=career_target(question),
        role_ask=bool(_ROLE_ASK.search(text)),
        legal=bool(_LEGAL.search(text)),
        produce=bool(_PRODUCE.search(text)),
    )


def stated_values(text: str) -> list[tuple[str, str]]:
    """(quantity type, the normalised sentence stating it) for every value ``text`` states."""
    return [(kind, sentence) for sentence in split_sentences(normalize(text))
            for kind, pattern in VALUES.items() if pattern.search(sentence)]


def steps_held(texts: list[str]) -> bool:
    """Whether ``texts`` hold numbered steps or code."""
    return any(_STEPS.search(t) for t in texts)
