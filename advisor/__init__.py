"""TPM Career Advisor: grounded, cited answers about the Technical Program Manager career.

Everything a caller needs is here: ``Advisor.open()`` and the result types. The names resolve
on first use (PEP 562), so ``import advisor`` — and the command line built on it — loads no
model, no vector store and no LangChain chat code until something is asked.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.errors import AdvisorError, BackendUnavailable, BadInput, IndexMismatch
    from advisor.facade import Advisor
    from advisor.settings import Settings
    from advisor.types import Answer, Citation, Passage, Passages

_EXPORTS = {
    "Advisor": "advisor.facade",
    "AdvisorError": "advisor.errors", "BackendUnavailable": "advisor.errors", "BadInput": "advisor.errors",
    "IndexMismatch": "advisor.errors",
    "Settings": "advisor.settings",
    "Answer": "advisor.types", "Citation": "advisor.types", "Passage": "advisor.types", "Passages": "advisor.types",
}
__all__ = [
    "Advisor", "AdvisorError", "Answer", "BackendUnavailable", "BadInput", "Citation", "IndexMismatch",
    "Passage", "Passages", "Settings",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'advisor' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # resolved once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
