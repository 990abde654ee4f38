"""Trial phases as numbers, so a phase stated in text can be set against a study's record.

A record prints its phase as the paper did ("II", "I/II", "IIb", "2", "1/2"); text says
"phase 3", "Phase I/II", "phase IIb". Both become sets of numbers ({1, 2} for I/II), and two
phases agree when the sets share one: "phase 3" fits a phase II/III trial.
"""

from __future__ import annotations

import re

_NUMERALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PART = re.compile(r"(?<![a-z0-9])(iv|i{1,3}|[1-4])(?:[ab])?(?![a-z0-9])", re.I)


def phase_numbers(text: str | None) -> frozenset[int]:
    """'I/II' → {1, 2}; 'IIb' → {2}; '3' → {3}; None or unreadable → empty."""
    if not text:
        return frozenset()
    return frozenset(_NUMERALS[m.group(1).lower()] for m in _PART.finditer(str(text)))


def agree(stated: set[int] | frozenset[int], recorded: str | None) -> bool | None:
    """Whether a stated phase fits a recorded one; None when either is unknown."""
    numbers = phase_numbers(recorded)
    if not stated or not numbers:
        return None
    return bool(set(stated) & numbers)
