"""The gap report: per-skill status with evidence and cited reasons, the ladder estimate, a
prioritised learning plan, interview questions to practise, and chart-ready area scores.

``blocks()`` lays the report out once — headings, paragraphs, bullets, quotes — in the reader's
language with names, never ids; text, Markdown and PDF all render those blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from advisor.gap.labels import STATUS_ORDER, label, percent, status_name
from advisor.gap.ladder import LevelEstimate
from advisor.types import Record

STATUS_SCORE = {"strong": 1.0, "some": 0.5, "none": 0.0}


class Block(NamedTuple):
    kind: str  # title | heading | subheading | paragraph | bullet | quote | note
    text: str
    level: int = 0  # indent for bullets


@dataclass
class SkillReport(Record):
    id: str
    name_en: str
    name_ja: str
    area: str
    status: str
    evidence: list[dict[str, str]]
    citations: list[dict[str, Any]]
    why: str
    expected_en: str  # what the skill looks like at the target level
    expected_ja: str
    listed_only: list[dict[str, str]] = field(default_factory=list)


@dataclass
class PlanItem(Record):
    priority: int
    skill: str
    name_en: str
    name_ja: str
    status: str
    resources: list[dict[str, Any]]


@dataclass
class GapReport(Record):
    language: str
    level_estimate: LevelEstimate | None  # None: the résumé holds too little (``level_note`` says so)
    target_level: str
    skills: list[SkillReport]
    learning_plan: list[PlanItem]
    interview_questions: list[dict[str, Any]]
    areas: list[dict[str, Any]]  # chart-ready: id, name_en, name_ja, score in [0, 1]
    summary: str
    narrative: str = ""  # the LLM's cited summary, when one is configured
    level_note: str = ""  # why no level is estimated, in the report's language
    level_names: dict[str, str] = field(default_factory=dict)  # level id -> name in the report's language
    job: Any = None  # a JobMatch (advisor.gap.job) when a job posting was given

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "level_estimate": self.level_estimate.to_dict() if self.level_estimate else None,
            "level_note": self.level_note,
            "target_level": self.target_level,
            "skills": [vars(s) for s in self.skills],
            "learning_plan": [vars(p) for p in self.learning_plan],
            "interview_questions": self.interview_questions,
            "areas": self.areas,
            "summary": self.summary,
            "narrative": self.narrative,
            **({"job": self.job.to_dict()} if self.job is not None else {}),
        }

    def level_name(self, level_id: str) -> str:
        return self.level_names.get(level_id, level_id)

    def reasons(self) -> list[str]:
        """The level estimate's reasons in the report's language (none when it is withheld)."""
        if self.level_estimate is None:
            return []
        return self.level_estimate.reasons_ja if self.language == "ja" else self.level_estimate.reasons

    def skill_name(self, item: SkillReport | PlanItem) -> str:
        return item.name_ja if self.language == "ja" else item.name_en

    def blocks(self) -> list[Block]:
        """The whole report, laid out once, in the report's language."""
        lang = self.language
        out = [Block("title", label("title", lang)), Block("paragraph", self.summary)]
        if self.narrative:
            out.append(Block("paragraph", self.narrative))
        out.append(Block("heading", label("level_estimate", lang)))
        estimated = self.level_name(self.level_estimate.level) if self.level_estimate else self.level_note
        out.append(Block("paragraph", f"{label('level_estimate', lang)}: {estimated} → "
                                      f"{label('target', lang)}: {self.level_name(self.target_level)}"))
        out += [Block("bullet", reason) for reason in self.reasons()]
        if self.job is not None:
            out += self._job_blocks()
        out.append(Block("heading", label("areas", lang)))
        out += [Block("bullet", f"{a['name_ja' if lang == 'ja' else 'name_en']}: {percent(a['score'])}")
                for a in self.areas]
        out.append(Block("heading", label("skills", lang)))
        for skill in sorted(self.skills, key=lambda s: STATUS_ORDER.index(s.status)):
            out.append(Block("subheading", f"{self.skill_name(skill)} — {status_name(skill.status, lang)}"))
            out += [Block("quote", f"{e['quote']} ({e['location']})") for e in skill.evidence[:3]]
            if not skill.evidence:
                out.append(Block("note", label("no_evidence", lang)))
            out += [Block("note", f"{label('listed_only', lang)}: {e['quote']}") for e in skill.listed_only[:1]]
            expected = skill.expected_ja if lang == "ja" else skill.expected_en
            out.append(Block("paragraph", f"{label('expected_at_target', lang)}: {expected}"))
            out += [Block("bullet", f"{label('why_it_matters', lang)} [{c['n']}] {c['section']}: {c['text'][:160]}")
                    for c in skill.citations]
        out.append(Block("heading", label("learning_plan", lang)))
        for item in self.learning_plan:
            out.append(Block("paragraph", f"{item.priority}. {self.skill_name(item)} "
                                          f"({status_name(item.status, lang)})"))
            out += [Block("bullet", f"{r['title']} — {r['provider']}" + (f" <{r['url']}>" if r.get("url") else ""), 1)
                    for r in item.resources]
        out.append(Block("heading", label("practice_questions", lang)))
        out += [Block("bullet", q["question"]) for q in self.interview_questions]
        return out

    def _job_blocks(self) -> list[Block]:
        lang, job = self.language, self.job
        counts = job.counts()
        out = [Block("heading", f"{label('job_match', lang)}: {job.title}"),
               Block("paragraph", f"{label('job_level', lang)}: {self.level_name(job.level)}")]
        for kind in ("required", "preferred"):
            tally = " / ".join(f"{status_name(s, lang)} {counts[kind][s]}" for s in ("met", "partial", "missing"))
            out.append(Block("paragraph", f"{label(kind, lang)}: {tally}"))
        for item in sorted(job.requirements, key=lambda r: not r.required):
            kind = label("required" if item.required else "preferred", lang)
            out.append(Block("subheading", f"[{kind}] {item.text} — {status_name(item.status, lang)}"))
            out += [Block("quote", f"{e['quote']} ({e['location']})") for e in item.evidence]
            if not item.evidence:
                out.append(Block("note", label("no_evidence", lang)))
            out += [Block("bullet", f"{label('why_it_matters', lang)} [{c['n']}] {c['section']}: {c['text'][:120]}")
                    for c in item.why]
            out += [Block("bullet", f"{label('to_learn', lang)}: {r['title']} — {r['provider']}") for r in item.learn]
        return out

    def to_text(self) -> str:
        prefix = {"title": "", "heading": "\n", "subheading": "  ", "paragraph": "", "bullet": "  - ",
                  "quote": "    “", "note": "    "}
        lines = []
        for block in self.blocks():
            suffix = "”" if block.kind == "quote" else ""
            lines.append(prefix[block.kind] + "  " * block.level + block.text + suffix)
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown document the user can download and keep."""
        render = {"title": "# {}\n", "heading": "\n## {}\n", "subheading": "\n### {}\n", "paragraph": "{}\n",
                  "bullet": "- {}", "quote": "> {}\n", "note": "_{}_\n"}
        lines = [("   " * block.level) + render[block.kind].format(block.text) for block in self.blocks()]
        return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"

    def to_pdf(self) -> bytes:
        """The same report as a PDF with an embedded Japanese font.

        Raises:
            BadInput: no Japanese font is installed (one line, both languages).
        """
        from advisor.gap.pdf import report_pdf

        return report_pdf(self)
