"""Every heading and label of the gap report, in Japanese and English: one source for the
screen, the Markdown and the PDF, so no internal id ever reaches the reader."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {  # key: (Japanese, English)
    "title": ("TPM スキルギャップ分析", "TPM skill gap report"),
    "level_estimate": ("推定レベル", "Estimated level"),
    "target": ("目標レベル", "Target level"),
    "level_reasons": ("推定の根拠", "Why this level"),
    "areas": ("スキル領域", "Skill areas"),
    "skills": ("スキルと根拠", "Skills and evidence"),
    "expected_at_target": ("目標レベルで期待されること", "Expected at the target level"),
    "why_it_matters": ("ガイドの根拠", "What the guide says"),
    "listed_only": ("記載のみ(職務経歴での裏付けなし)", "Listed only (not shown in the work history)"),
    "no_evidence": ("履歴書に根拠が見つかりません", "No evidence in the résumé"),
    "learning_plan": ("学習計画", "Learning plan"),
    "practice_questions": ("練習すべき面接質問", "Interview questions to practise"),
    "job_match": ("求人との照合", "Match with the job posting"),
    "job_level": ("求人が想定するレベル", "Level the posting implies"),
    "required": ("必須", "Required"),
    "preferred": ("歓迎", "Preferred"),
    "to_learn": ("学ぶには", "To learn it"),
    "posting": ("求人票(任意): 貼り付けるかファイルをアップロード",
                "Job posting (optional): paste it or upload a file"),
    "posting_upload": ("求人票ファイル(PDF / DOCX / TXT / HTML)", "Posting file (PDF / DOCX / TXT / HTML)"),
    "no_pdf_font": ("PDFに必要な日本語フォントが見つかりません(pip install japanize-matplotlib で入ります)",
                    "no Japanese font for the PDF was found (pip install japanize-matplotlib provides one)"),
}
STATUS_ORDER = ("strong", "some", "none")  # how skills are listed: the strongest evidence first
STATUS: dict[str, tuple[str, str]] = {
    "strong": ("強い根拠あり", "strong evidence"),
    "some": ("一部根拠あり", "some evidence"),
    "none": ("根拠なし", "no evidence"),
    "met": ("満たしている", "met"),
    "partial": ("一部満たしている", "partly met"),
    "missing": ("不足", "missing"),
}


def label(key: str, language: str) -> str:
    ja, en = LABELS[key]
    return ja if language == "ja" else en


def status_name(status: str, language: str) -> str:
    ja, en = STATUS[status]
    return ja if language == "ja" else en


def percent(score: float) -> str:
    return f"{round(100 * score)}%"
