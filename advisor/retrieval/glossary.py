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
    organisation: bool = False


_WORD = re.compile(r"[a-z0-9]+")


def _english_pattern(form: str) -> re.Pattern[str]:
    # Whole words only: "sla" must not fire inside "translate"; a trailing plural "s" is allowed.
    return re.compile(rf"(?<![a-z0-9]){re.escape(form)}s?(?![a-z0-9])")


# The subject of the whole corpus: expanding it adds the same words to every query and
# drowns the terms that matter ("technical program manager" for every "TPM").
BACKGROUND_FORMS = frozenset({"tpm", "tpms", "technical program manager"})
FOUND_CACHE = 4096  # texts whose glossary forms are remembered


class Glossary:
    """Bilingual term pairs with matching in both directions."""

    def __init__(self, terms: list[GlossaryTerm]) -> None:
        terms = [t for t in terms if not BACKGROUND_FORMS & {normalize(f) for f in (t.ja, *t.en, *t.ja_variants)}]
        self._entries = [
            _Entry(
                tuple(normalize(e) for e in term.en),
                tuple(normalize(j) for j in (term.ja, *term.ja_variants)),
                term.kind == "organisation",
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
        self._found_cache: dict[str, tuple[set[str], set[str]]] = {}
        # Form → positions of the entries holding it: a query visits only the entries it mentions.
        self._entries_en: dict[str, list[int]] = {}
        self._entries_ja: dict[str, list[int]] = {}
        for position, entry in enumerate(self._entries):
            for form in entry.forms_en:
                self._entries_en.setdefault(form, []).append(position)
            for form in entry.forms_ja:
                self._entries_ja.setdefault(form, []).append(position)

    def _found(self, normalized: str) -> tuple[set[str], set[str]]:
        """The English and the Japanese forms that occur in a normalised text."""
        found = self._found_cache.get(normalized)
        if found is None:  # a question is looked up by retrieval, the scope check and the answer
            found = self._found_cache[normalized] = self._search(normalized)
            if len(self._found_cache) > FOUND_CACHE:
                self._found_cache.pop(next(iter(self._found_cache)))
        return found

    def _search(self, normalized: str) -> tuple[set[str], set[str]]:
        words = set(_WORD.findall(normalized))
        words |= {w[:-1] for w in words if w.endswith("s")}  # "tpms" may be the plural of "tpm"
        english = {f for w in words for f in self._by_first_word.get(w, ()) if self._patterns[f].search(normalized)}
        return english, {f for f in self._ja_forms if f in normalized}

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> Glossary:
        # Skill names count as glossary pairs too: "stakeholder management" ↔ ステークホルダー管理.
        extra = [GlossaryTerm(ja=s.name_ja, en=[s.name_en]) for s in corpus.skills]
        return cls([*corpus.glossary, *extra])

    def _hits(self, english: set[str], japanese: set[str]) -> list[tuple[_Entry, bool, bool]]:
        """(entry, an English form found, a Japanese form found) for the entries mentioned, in glossary order."""
        by_en = {p for form in english for p in self._entries_en.get(form, ())}
        by_ja = {p for form in japanese for p in self._entries_ja.get(form, ())}
        return [(self._entries[p], p in by_en, p in by_ja) for p in sorted(by_en | by_ja)]

    def all_forms(self) -> list[str]:
        """Every form of every term, both languages (normalised)."""
        return [form for entry in self._entries for form in (*entry.forms_en, *entry.forms_ja)]

    def forms_in(self, text: str) -> set[str]:
        """The glossary forms (either language) that occur in ``text``."""
        english, japanese = self._found(normalize(text))
        return english | japanese

    def organisations(self, text: str) -> list[tuple[str, ...]]:
        """Every form (both languages) of each named organisation ``text`` mentions."""
        return [(*e.forms_ja, *e.forms_en) for e in self.matches(text) if e.organisation]

    def matches(self, text: str) -> list[_Entry]:
        return [entry for entry, _, _ in self._hits(*self._found(normalize(text)))]

    def expand(self, text: str) -> str:
        """The other language's forms of every glossary term in ``text`` (space separated)."""
        return " ".join(self.expansions(text))

    def expansions(self, text: str) -> list[str]:
        """The other language's forms of every glossary term in ``text``, in glossary order."""
        normalized = normalize(text)
        additions: list[str] = []
        for entry, english, japanese in self._hits(*self._found(normalized)):
            if english:
                additions += [f for f in entry.forms_ja if f not in normalized]
            if japanese:
                additions += [f for f in entry.forms_en if f not in normalized]
        return list(dict.fromkeys(additions))

    def japanese_terms(self, text: str) -> list[str]:
        """The Japanese forms of the glossary terms an English text mentions (for lead-ins)."""
        english, _ = self._found(normalize(text))
        return [entry.forms_ja[0] for entry, found, _ in self._hits(english, set()) if found]
