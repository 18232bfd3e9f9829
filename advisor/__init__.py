"""TPM Career Advisor: grounded, cited answers about the Technical Program Manager career.

Everything a caller needs is here: ``Advisor.open()`` and the result types.
"""

from advisor.errors import AdvisorError, BackendUnavailable, BadInput, IndexMismatch
from advisor.facade import Advisor
from advisor.settings import Settings
from advisor.types import Answer, Citation, Passage, Passages

__all__ = [
    "Advisor", "AdvisorError", "Answer", "BackendUnavailable", "BadInput", "Citation", "IndexMismatch",
    "Passage", "Passages", "Settings",
]
