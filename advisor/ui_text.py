"""Every string the app shows, in Japanese and English. The app looks strings up; it holds none."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {"ja": "TPM キャリアアドバイザー", "en": "TPM Career Advisor"},
    "tagline": {
        "ja": "テクニカルプログラムマネージャー(TPM)のキャリア、スキル、面接について、"
              "ガイドの該当箇所を示して答えます。",
        "en": "Answers about the Technical Program Manager career, skills and interviews, citing the guide.",
    },
    "language": {"ja": "言語", "en": "Language"},
    "mode": {"ja": "モード", "en": "Mode"},
    "mode_general": {"ja": "一般", "en": "General"},
    "mode_career": {"ja": "キャリアパス", "en": "Career path"},
    "mode_skills": {"ja": "スキルギャップ", "en": "Skill gap"},
    "mode_interview": {"ja": "面接対策", "en": "Interview"},
    "ask_placeholder": {"ja": "質問を入力してください(例: シニアTPMに求められることは?)",
                        "en": "Ask a question (e.g. What does a Senior TPM do?)"},
    "examples": {"ja": "質問の例", "en": "Try asking"},
    "clear": {"ja": "会話をクリア", "en": "Clear conversation"},
    "sources": {"ja": "出典", "en": "Sources"},
    "declined": {"ja": "ガイドの範囲外", "en": "Not covered by the guide"},
    "answerer_extractive": {"ja": "回答モード: 抽出型(LLMなし・引用のみ)",
                            "en": "Answer mode: extractive (no LLM, quotes only)"},
    "answerer_llm": {"ja": "回答モード: LLM", "en": "Answer mode: LLM"},
    "index_status": {"ja": "インデックス", "en": "Index"},
    "chunks": {"ja": "チャンク数", "en": "chunks"},
    "embedder": {"ja": "埋め込みモデル", "en": "embedder"},
    "reingest": {"ja": "再インデックス", "en": "Re-ingest"},
    "reingest_done": {"ja": "再インデックスが完了しました", "en": "Re-ingest finished"},
    "ingesting": {"ja": "初回のため、コーパスをインデックスしています…", "en": "First run: indexing the corpus…"},
    "ready": {"ja": "準備ができました", "en": "Ready"},
    "passage_section": {"ja": "セクション", "en": "Section"},
    "passage_source": {"ja": "ファイル", "en": "File"},
    "internal_error": {"ja": "予期しないエラーが発生しました。もう一度お試しください。",
                       "en": "Something went wrong. Please try again."},
    "thinking": {"ja": "回答を作成しています…", "en": "Writing the answer…"},
}

EXAMPLES: dict[str, list[str]] = {
    "ja": [
        "エンジニアからTPMになるには何から始めればいいですか?",
        "シニアTPMとプリンシパルTPMの違いは?",
        "TPMの面接で技術的な深さをどう示せばいいですか?",
        "クラウドの知識を身につけるおすすめの教材は?",
    ],
    "en": [
        "How do I move from software engineer to TPM?",
        "What is expected of a Senior TPM?",
        "How should I answer a question about a failed project in a TPM interview?",
        "Which certifications help an aspiring TPM?",
    ],
}


def t(key: str, language: str) -> str:
    """The string ``key`` in ``language`` ("ja" or "en"); English when a translation is missing."""
    entry = TEXT[key]
    return entry.get(language) or entry["en"]
