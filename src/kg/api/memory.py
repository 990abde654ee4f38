"""A memory ceiling for each server process.

Oxigraph cannot be told to stop a query, and some queries grow without bound (a sort over a
cartesian product grew about 500 MB/s until the time limit: 8 GB seen). So a watchdog thread
reads the process's resident size every 50 ms. Past the ceiling (KG_MEMORY_LIMIT_MB), every
request still working gets a 503 naming the memory limit at once, and the process is replaced
as after a time-limit overrun (kg.api.overrun): it stops taking connections and exits, and
the supervisor starts a fresh one. Should it grow on past a quarter more than the ceiling
before that completes, it exits at once: the machine comes before the requests in flight.

The resident size is read from /proc (Linux); elsewhere there is no watchdog.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("kg.serve")
_STATM = Path("/proc/self/statm")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
HARD_FACTOR = 1.25
INTERVAL_SECONDS = 0.05


def resident_bytes() -> int:
    return int(_STATM.read_text().split()[1]) * _PAGE


class MemoryWatch(threading.Thread):
    """Calls `on_exceeded(resident_bytes)` once when the ceiling is passed; exits the process
    past HARD_FACTOR times the ceiling."""

    def __init__(self, ceiling_bytes: int, on_exceeded: Callable[[int], None]):
        super().__init__(name="memory-watch", daemon=True)
        self.ceiling = ceiling_bytes
        self.on_exceeded = on_exceeded
        self._tripped = False
        self._stop = threading.Event()

    @classmethod
    def start_if_possible(cls, ceiling_bytes: int, on_exceeded) -> MemoryWatch | None:
        if ceiling_bytes <= 0 or not _STATM.exists():
            if ceiling_bytes > 0:
                log.warning("no memory ceiling: the resident size cannot be read here")
            return None
        watch = cls(ceiling_bytes, on_exceeded)
        watch.start()
        return watch

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.wait(INTERVAL_SECONDS):
            size = resident_bytes()
            if size > self.ceiling * HARD_FACTOR:
                log.error(
                    "process %d holds %d MiB, past %.0f%% of its %d MiB ceiling; exiting now",
                    os.getpid(), size >> 20, HARD_FACTOR * 100, self.ceiling >> 20,
                )  # fmt: skip
                logging.shutdown()
                os._exit(70)
            if size > self.ceiling and not self._tripped:
                self._tripped = True
                log.warning(
                    "process %d holds %d MiB, over its %d MiB ceiling (KG_MEMORY_LIMIT_MB)",
                    os.getpid(), size >> 20, self.ceiling >> 20,
                )  # fmt: skip
                self.on_exceeded(size)
