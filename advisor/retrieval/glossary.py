"""JA↔EN query expansion from the bilingual glossary, so English questions find Japanese passages.

"load balancing" in a question adds ロードバランシング and 負荷分散 to the keyword query; a
Japanese term adds its English forms (the resource catalogue and user documents are partly English).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.corpus import Corpus, GlossaryTerm
from advisor.retrieval.tokenize_ja import normalize


@dataclass(frozen=True)
class _Entry:
    forms_en: tuple[str, ...]
    forms_ja: tuple[str, ...]


def _english_pattern(form: str) -> re.Pattern[str]:
    # Whole words only: "sla" must not fire inside "translate"; a trailing plural "s" is allowed.
    return re.compile(rf"(?<![a-z0-9]){re.escape(form)}s?(?![a-z0-9])")


# The subject of the whole corpus: expanding it adds the same words to every query and
# drowns the terms that matter ("technical program manager" for every "TPM").
BACKGROUND_FORMS = frozenset({"tpm", "tpms", "technical program manager"})


class Glossary:
    """Bilingual term pairs with matching in both directions."""

    def __init__(self, terms: list[GlossaryTerm]) -> None:
        terms = [t for t in terms if not BACKGROUND_FORMS & {normalize(f) for f in (t.ja, *t.en, *t.ja_variants)}]
        self._entries = [
            _Entry(
                tuple(normalize(e) for e in term.en),
                tuple(normalize(j) for j in (term.ja, *term.ja_variants)),
            )
            for term in terms
        ]
        self._patterns = {
            form: _english_pattern(form) for entry in self._entries for form in entry.forms_en
        }

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> Glossary:
        # Skill names count as glossary pairs too: "stakeholder management" ↔ ステークホルダー管理.
        extra = [GlossaryTerm(ja=s.name_ja, en=[s.name_en]) for s in corpus.skills]
        return cls([*corpus.glossary, *extra])

    def matches(self, text: str) -> list[_Entry]:
        normalized = normalize(text)
        found = []
        for entry in self._entries:
            if any(form in normalized for form in entry.forms_ja) or any(
                self._patterns[form].search(normalized) for form in entry.forms_en
            ):
                found.append(entry)
        return found

    def expand(self, text: str) -> str:
        """The other language's forms of every glossary term in ``text`` (space separated)."""
        return " ".join(self.expansions(text))

    def expansions(self, text: str) -> list[str]:
        """The other language's forms of every glossary term in ``text``, in glossary order."""
        normalized = normalize(text)
        additions: list[str] = []
        for entry in self.matches(text):
            if any(self._patterns[form].search(normalized) for form in entry.forms_en):
                additions += [f for f in entry.forms_ja if f not in normalized]
            if any(form in normalized for form in entry.forms_ja):
                additions += [f for f in entry.forms_en if f not in normalized]
        return list(dict.fromkeys(additions))

    def japanese_terms(self, text: str) -> list[str]:
        """The Japanese forms of the glossary terms an English text mentions (for lead-ins)."""
        normalized = normalize(text)
        return [
            entry.forms_ja[0]
            for entry in self._entries
            if any(self._patterns[form].search(normalized) for form in entry.forms_en)
        ]
