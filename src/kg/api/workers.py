"""Query workers: processes that each hold a copy of the store, so that a query past its time
limit is stopped for real (its process is ended and replaced) while the server goes on
answering. Oxigraph cannot cancel a query from Python, so a thread could only walk away from
a runaway query and leave it burning a core.

A job is a plain dict (picklable); terms travel as tuples; answers come back as bytes.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from kg import errors
from kg.errors import KgError, QueryTimeoutError, StoreError

_CTX = mp.get_context("spawn")


def pack_term(term) -> tuple:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    return ("literal", term.value, term.datatype.value, term.language)


def unpack_term(packed: tuple):
    kind = packed[0]
    if kind == "iri":
        return ox.NamedNode(packed[1])
    if kind == "bnode":
        return ox.BlankNode(packed[1])
    _, value, datatype, language = packed
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


def _serve(conn, paths: list[str], union: bool) -> None:
    """Worker process: load the store once, then answer jobs until the pipe closes."""
    from kg.api.execute import evaluate
    from kg.store.embedded import EmbeddedStore

    store = EmbeddedStore.from_files([Path(p) for p in paths], union_default_graph=union)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        job["bindings"] = {k: unpack_term(v) for k, v in job["bindings"].items()}
        try:
            conn.send(("ok", evaluate(store, **job)))
        except KgError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:  # a bug: report it rather than kill the worker silently
            conn.send(("bug", type(exc).__name__, str(exc)))


class _Worker:
    def __init__(self, paths: list[str], union: bool):
        self.conn, child = _CTX.Pipe()
        self.process = _CTX.Process(target=_serve, args=(child, paths, union), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """A fixed number of query workers; a worker that overruns is ended and replaced."""

    def __init__(self, paths: list[Path], size: int, *, union_default_graph: bool = True):
        self._paths = [str(p) for p in paths]
        self._union = union_default_graph
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self._paths, self._union)
        with self._lock:
            self._all.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop()
        with self._lock:
            self._all.remove(worker)
        return self._start()

    def run(self, job: dict, deadline: float, timeout: float) -> bytes:
        """Send `job` to an idle worker and wait for its answer until `deadline`."""
        try:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise QueryTimeoutError(
                f"no query worker became free within the {timeout:g} s time limit; "
                "try again shortly"
            ) from None
        job = {**job, "bindings": {k: pack_term(v) for k, v in job["bindings"].items()}}
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                worker = self._replace(worker)
                raise QueryTimeoutError(
                    f"the query ran past the {timeout:g} s time limit and was stopped; "
                    "narrow it (LIMIT, more specific patterns) or ask the operator to raise "
                    "KG_QUERY_TIMEOUT"
                )
            reply = worker.conn.recv()
        except (EOFError, OSError) as exc:
            worker = self._replace(worker)
            raise StoreError(f"a query worker stopped unexpectedly ({exc}); try again") from exc
        finally:
            self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        _, name, message = reply
        if reply[0] == "bug":
            raise RuntimeError(f"query worker failed: {name}: {message}")
        raise getattr(errors, name, errors.QueryError)(message)

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
