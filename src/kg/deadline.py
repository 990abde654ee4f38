"""Cooperative time limits for work done in Python (checking an article, reading a question).

Python code on a thread cannot be stopped from outside. So the server sets a deadline for
the work it starts (kg.api.work), and long loops call `check()`: past the deadline it raises
TimeLimitError, the work ends at that point, and its thread is free again. Outside a request
(the CLI) there is no deadline and `check()` does nothing.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from kg.errors import TimeLimitError

_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("kg_deadline", default=None)


@contextmanager
def until(deadline: float, limit: float):
    """Run the body under a deadline (time.monotonic()) that stands for a `limit` in seconds."""
    token = _DEADLINE.set((deadline, limit))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check() -> None:
    """Raise TimeLimitError if the current work is past its deadline."""
    current = _DEADLINE.get()
    if current is not None and time.monotonic() > current[0]:
        raise TimeLimitError(
            f"the work ran past the {current[1]:g} s time limit and was stopped; send less "
            "(a shorter text, a narrower question) or ask the operator to raise KG_QUERY_TIMEOUT"
        )


def current() -> float:
    """The current work's deadline (time.monotonic()), or infinity outside a request."""
    deadline = _DEADLINE.get()
    return float("inf") if deadline is None else deadline[0]
