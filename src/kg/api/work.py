"""Where a request's work runs: on one bounded pool of threads per process, under the time
limit and the memory ceiling, with a 503 that names the limit that was hit.

As in Datasette, every route that does work (SPARQL and named queries, ask, check, the
records, the network, dereferenced IRIs) goes through one executor sized by a setting and one
time limit. At most KG_MAX_CONCURRENT requests work at once in a process and KG_MAX_QUEUED
more wait; beyond that a request is refused at once (busy, with Retry-After) rather than
queued without end. A request that waits the whole time limit for a slot is refused as busy;
one whose work runs past it gets its 503 at once. Python work then stops at its next
`kg.deadline.check()`; an engine query cannot be stopped, so the process is replaced
(kg.api.overrun). When the process passes its memory ceiling (kg.api.memory), every request
still working gets its 503 at once and the process is replaced.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from kg import deadline
from kg.errors import LimitError, ServiceBusyError, TimeLimitError

T = TypeVar("T")
# Python work stops at its next deadline check; work still running this long after its
# deadline is taken to be stuck in the engine, and the process is replaced.
GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class WorkLimits:
    timeout: float  # seconds a request's work may take (KG_QUERY_TIMEOUT)
    concurrent: int  # requests working at once in one process (KG_MAX_CONCURRENT)
    queued: int  # requests waiting for a slot (KG_MAX_QUEUED)

    @classmethod
    def from_settings(cls, settings) -> WorkLimits:
        return cls(settings.query_timeout, settings.max_concurrent, settings.max_queued)


class Work:
    def __init__(self, limits: WorkLimits, on_overrun: Callable[[], None]):
        self.limits = limits
        self._pool = ThreadPoolExecutor(max_workers=limits.concurrent, thread_name_prefix="work")
        self._on_overrun = on_overrun
        self._pending = 0  # accepted and not finished: read and written on the event loop
        self._waiters: set[asyncio.Future] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped: LimitError | None = None

    async def run(
        self,
        fn: Callable[..., T],
        *args,
        what: str = "the request",
        advice: str = "send less, or narrow it",
        interruptible: bool = True,
    ) -> T:
        """`fn(*args)` on a worker thread, under the limits; `what` and `advice` word the
        time-limit error. `interruptible` is False for engine queries (they cannot stop)."""
        if self._stopped is not None:
            raise self._stopped
        limits = self.limits
        if self._pending >= limits.concurrent + limits.queued:
            raise ServiceBusyError(
                f"this server process is busy: {self._pending} requests are working or "
                f"waiting, the most it takes (KG_MAX_CONCURRENT {limits.concurrent}, "
                f"KG_MAX_QUEUED {limits.queued}); retry in a moment"
            )
        loop = self._loop = asyncio.get_running_loop()
        end = time.monotonic() + limits.timeout
        context = contextvars.copy_context()

        def job() -> T:
            with deadline.until(end, limits.timeout):
                return fn(*args)

        waiter = loop.create_future()
        future = self._pool.submit(context.run, job)
        self._pending += 1
        self._waiters.add(waiter)
        future.add_done_callback(lambda done: self._finished(loop, waiter, done))
        try:
            return await asyncio.wait_for(waiter, max(0.0, end - time.monotonic()))
        except TimeoutError:
            if future.cancel():
                raise ServiceBusyError(
                    f"this request waited the whole {limits.timeout:g} s time limit for one "
                    f"of the {limits.concurrent} working slots (KG_MAX_CONCURRENT); retry later"
                ) from None
            if interruptible:
                loop.call_later(GRACE_SECONDS, self._replace_if_stuck, future)
            else:
                self._on_overrun()
            raise TimeLimitError(
                f"{what} ran past the {limits.timeout:g} s time limit (KG_QUERY_TIMEOUT) and "
                f"was stopped; {advice}, or ask the operator to raise the limit"
            ) from None
        finally:
            self._waiters.discard(waiter)

    def stop(self, error: LimitError) -> None:
        """From any thread: every request still working gets `error` now, and so does every
        later one (the process is about to be replaced)."""
        self._stopped = error
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._fail_waiters, error)

    def _fail_waiters(self, error: LimitError) -> None:
        for waiter in list(self._waiters):
            if not waiter.done():
                waiter.set_exception(error)

    def _finished(self, loop, waiter: asyncio.Future, future: Future) -> None:
        """On the worker thread, when a job ends: hand its outcome to the event loop."""
        if not loop.is_closed():
            loop.call_soon_threadsafe(self._settle, waiter, future)

    def _settle(self, waiter: asyncio.Future, future: Future) -> None:
        self._pending -= 1
        if waiter.done():  # answered already: time limit, or memory
            return
        if future.cancelled():
            waiter.cancel()
        elif (error := future.exception()) is not None:
            waiter.set_exception(error)
        else:
            waiter.set_result(future.result())

    def _replace_if_stuck(self, future: Future) -> None:
        if not future.done():
            self._on_overrun()
