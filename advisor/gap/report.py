"""The gap report: per-skill status with evidence and cited reasons, the ladder estimate, a
prioritised learning plan, interview questions to practise, and chart-ready area scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advisor.gap.ladder import LevelEstimate
from advisor.types import Record

STATUS_SCORE = {"strong": 1.0, "some": 0.5, "none": 0.0}


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
    level_estimate: LevelEstimate
    target_level: str
    skills: list[SkillReport]
    learning_plan: list[PlanItem]
    interview_questions: list[dict[str, Any]]
    areas: list[dict[str, Any]]  # chart-ready: id, name_en, name_ja, score in [0, 1]
    summary: str
    narrative: str = ""  # the LLM's cited summary, when one is configured

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "level_estimate": self.level_estimate.to_dict(),
            "target_level": self.target_level,
            "skills": [vars(s) for s in self.skills],
            "learning_plan": [vars(p) for p in self.learning_plan],
            "interview_questions": self.interview_questions,
            "areas": self.areas,
            "summary": self.summary,
            "narrative": self.narrative,
        }

    def to_text(self) -> str:
        ja = self.language == "ja"
        lines = [self.summary, ""]
        lines += [("推定レベル: " if ja else "Estimated level: ") + self.level_estimate.level]
        lines += [f"  - {r}" for r in (self.level_estimate.reasons_ja if ja else self.level_estimate.reasons)]
        lines += ["", "スキル領域:" if ja else "Skill areas:"]
        lines += [f"  {a['name_ja' if ja else 'name_en']}: {a['score']:.2f}" for a in self.areas]
        lines += ["", "学習計画:" if ja else "Learning plan:"]
        for item in self.learning_plan:
            titles = "; ".join(r["title"] for r in item.resources)
            lines.append(f"  {item.priority}. {item.name_ja if ja else item.name_en} ({item.status}): {titles}")
        lines += ["", "練習すべき面接質問:" if ja else "Interview questions to practise:"]
        lines += [f"  - {q['question']}" for q in self.interview_questions]
        return "\n".join(lines)

    def to_pdf(self) -> bytes:
        """The same report as a PDF (Japanese text included)."""
        from advisor.gap.pdf import report_pdf

        return report_pdf(self)

    def to_markdown(self) -> str:
        """A Markdown document the user can download and keep."""
        ja = self.language == "ja"
        name = "name_ja" if ja else "name_en"
        out = ["# " + ("TPM スキルギャップ分析" if ja else "TPM skill gap report"), "", self.summary, ""]
        if self.narrative:
            out += [self.narrative, ""]
        out += ["## " + ("推定レベル" if ja else "Estimated level"), "",
                f"**{self.level_estimate.level}** → " + ("目標" if ja else "target") + f": **{self.target_level}**", ""]
        out += [f"- {r}" for r in (self.level_estimate.reasons_ja if ja else self.level_estimate.reasons)]
        out += ["", "## " + ("スキル" if ja else "Skills"), ""]
        for skill in self.skills:
            out.append(f"### {getattr(skill, name)} — {skill.status}")
            out.append("")
            out += [f"> {e['quote']} ({e['location']})" for e in skill.evidence[:3]] or [f"_{skill.why}_"]
            out.append("")
            out.append(("目標レベルでの期待: " if ja else "Expected at the target level: ")
                       + (skill.expected_ja if ja else skill.expected_en))
            for c in skill.citations:
                out.append(f"- [{c['n']}] {c['section']}: {c['text'][:160]}")
            out.append("")
        out += ["## " + ("学習計画" if ja else "Learning plan"), ""]
        for item in self.learning_plan:
            out.append(f"{item.priority}. **{item.name_ja if ja else item.name_en}** ({item.status})")
            out += [f"   - {r['title']} — {r['provider']}" + (f" <{r['url']}>" if r.get("url") else "")
                    for r in item.resources]
        out += ["", "## " + ("練習すべき面接質問" if ja else "Interview questions to practise"), ""]
        out += [f"- {q['question']}" for q in self.interview_questions]
        return "\n".join(out) + "\n"
