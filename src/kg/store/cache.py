"""What is read from a store once and kept while the store lives.

A store is read-only once loaded, so what ask and check derive from the whole graph (the
vocabulary, the names of studies, the evidence rows) need not be queried again for every
question or for every sentence of an article.
"""

from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def per_store(read: Callable[..., T]) -> Callable[..., T]:
    """`read(store, catalog)` computed once per store object (a store that cannot be weakly
    referenced is read every time)."""
    cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @functools.wraps(read)
    def cached(store, catalog) -> T:
        try:
            return cache[store]
        except (KeyError, TypeError):
            pass
        value = read(store, catalog)
        with contextlib.suppress(TypeError):
            cache[store] = value
        return value

    return cached
