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


_WORD = re.compile(r"[a-z0-9]+")


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
        # Only English forms whose first word is in the text are tried: ~700 regexes per query cost 1 ms.
        self._by_first_word: dict[str, list[str]] = {}
        for form in self._patterns:
            first = _WORD.findall(form)[:1]
            if first:
                self._by_first_word.setdefault(first[0], []).append(form)
        self._ja_forms = {form for entry in self._entries for form in entry.forms_ja}

    def _found(self, normalized: str) -> tuple[set[str], set[str]]:
        """The English and the Japanese forms that occur in a normalised text."""
        words = set(_WORD.findall(normalized))
        words |= {w[:-1] for w in words if w.endswith("s")}  # "tpms" may be the plural of "tpm"
        english = {f for w in words for f in self._by_first_word.get(w, ()) if self._patterns[f].search(normalized)}
        return english, {f for f in self._ja_forms if f in normalized}

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> Glossary:
        # Skill names count as glossary pairs too: "stakeholder management" ↔ ステークホルダー管理.
        extra = [GlossaryTerm(ja=s.name_ja, en=[s.name_en]) for s in corpus.skills]
        return cls([*corpus.glossary, *extra])

    def matches(self, text: str) -> list[_Entry]:
        english, japanese = self._found(normalize(text))
        return [e for e in self._entries if english.intersection(e.forms_en) or japanese.intersection(e.forms_ja)]

    def expand(self, text: str) -> str:
        """The other language's forms of every glossary term in ``text`` (space separated)."""
        return " ".join(self.expansions(text))

    def expansions(self, text: str) -> list[str]:
        """The other language's forms of every glossary term in ``text``, in glossary order."""
        normalized = normalize(text)
        english, japanese = self._found(normalized)
        additions: list[str] = []
        for entry in self._entries:
            if english.intersection(entry.forms_en):
                additions += [f for f in entry.forms_ja if f not in normalized]
            if japanese.intersection(entry.forms_ja):
                additions += [f for f in entry.forms_en if f not in normalized]
        return list(dict.fromkeys(additions))

    def japanese_terms(self, text: str) -> list[str]:
        """The Japanese forms of the glossary terms an English text mentions (for lead-ins)."""
        english, _ = self._found(normalize(text))
        return [entry.forms_ja[0] for entry in self._entries if english.intersection(entry.forms_en)]
