"""Ending a server process whose query ran past its time limit.

Oxigraph cannot cancel a query from Python, so a thread that runs one past its time limit
would go on using a core. `kg serve` therefore runs several processes under uvicorn's
supervisor, each answering HTTP and running its queries on threads (no copying of answers
between processes). The process that holds an overrunning query answers its client at once
(503), stops taking connections, finishes the requests it has, and exits without waiting for
the query; the supervisor starts a fresh process while the others go on answering.

A process without a supervisor (KG_QUERY_WORKERS 0 or 1, or an app built in a test) cannot
be replaced, so there the query is abandoned: the client still gets its 503 at once, and the
query runs on to its end.
"""

from __future__ import annotations

import logging
import os
import signal
import threading

log = logging.getLogger("kg.serve")


class OverrunGuard:
    """Called by kg.api.execute when a query overruns; ends this process when allowed to."""

    def __init__(self, restart: bool):
        self.restart = restart
        self.overran = False
        self._lock = threading.Lock()

    def __call__(self, reason: str = "a query overran its time limit") -> None:
        with self._lock:
            first, self.overran = not self.overran, True
        if not self.restart:
            log.warning("%s; it runs on in the background", reason)
        elif first:
            log.warning("%s; this process restarts", reason)
            os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's graceful shutdown

    def exit_if_overran(self) -> None:
        """At the end of the graceful shutdown: leave without waiting for the query's thread
        (the interpreter would otherwise join it at exit)."""
        if self.restart and self.overran:
            logging.shutdown()
            os._exit(0)
