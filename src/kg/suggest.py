"""Did-you-mean: the nearest known names to a word nobody knows, worded one way everywhere
(unknown ids, query names, vocabulary terms, DOIs, curated YAML values)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable


def nearest(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to `n` known names close to `word`, the closest first (difflib's ratio)."""
    return difflib.get_close_matches(str(word), sorted(set(choices)), n=n, cutoff=cutoff)


def did_you_mean(
    word: str,
    choices: Iterable[str],
    n: int = 3,
    *,
    cutoff: float = 0.6,
    show: Callable[[str], str] = repr,
) -> str:
    """ " (did you mean 'a', 'b'?)" naming the nearest choices, or "" when none is near."""
    close = nearest(word, choices, n, cutoff)
    return f" (did you mean {', '.join(show(c) for c in close)}?)" if close else ""
