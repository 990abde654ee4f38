"""Load and faults: `kg serve` as shipped (two processes, every limit on) under 1, 8 and 32
concurrent clients, and with one of its processes killed in the middle of a run.

The mix is what the service's users send: SPARQL (each named query with its example
parameters, as text to /sparql), REST records (/studies/{id}, /citations/{id}), ask and check
of one sentence, and /health. Each client keeps its connection alive, as browsers and
SPARQL clients do. For each run the script prints throughput, median and 99th-percentile
latency, the answers that were not 200 (by status) and the transport errors, and how the
connections spread over the server's processes. The fault run kills one process (SIGKILL)
halfway and reports what the clients saw, and how long until two processes serve again.

    python benchmarks/load_fault.py                      # 1, 8, 32 clients; 10 s each
    python benchmarks/load_fault.py --seconds 5 --clients 8
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from service import named_queries  # noqa: E402

from kg.build import build  # noqa: E402
from kg.store import open_built_store  # noqa: E402
from tests.live import free_port, wait_until_healthy  # noqa: E402
from tests.serving import connections_per_process, server_processes  # noqa: E402

REST = [
    ("GET", "/studies/vega-2015", None),
    ("GET", "/studies?design=rct&limit=20", None),
    ("GET", "/citations/bennell-2021-jama?format=apa", None),
    ("GET", "/ask?q=randomised+trials+of+bone+marrow+MSCs+against+hyaluronic+acid", None),
    ("POST", "/check", {"text": "MSC injections reduce knee pain more than saline at 12 months."}),
    ("GET", "/health", None),
]


@dataclass
class Run:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    transport_errors: Counter = field(default_factory=Counter)

    def row(self) -> str:
        done = len(self.latencies)
        p50 = statistics.median(self.latencies) * 1000 if done else float("nan")
        p99 = _percentile(self.latencies, 0.99) * 1000 if done else float("nan")
        others = {s: n for s, n in self.statuses.items() if s != 200}
        return (
            f"| {self.clients} | {done / self.seconds:.0f} | {p50:.1f} | {p99:.1f} | "
            f"{_counts(others)} | {_counts(self.transport_errors)} |"
        )


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _counts(counter) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(counter.items())) or "none"


def mix(store) -> list[tuple[str, str, dict | None, dict | None]]:
    """(method, path, params, json) of every request of the mix."""
    requests = [
        ("GET", "/sparql", {"query": text}, None) for text, _ in named_queries(store).values()
    ]
    for method, path, body in REST:
        requests.append((method, path, None, body))
    return requests


async def _client(url: str, requests, run: Run, until: float, seed: int) -> None:
    rng = random.Random(seed)
    headers = {"accept": "application/sparql-results+json, application/json;q=0.9, */*;q=0.1"}
    async with httpx.AsyncClient(base_url=url, timeout=60, headers=headers) as client:
        while time.monotonic() < until:
            method, path, params, body = rng.choice(requests)
            start = time.perf_counter()
            try:
                response = await client.request(method, path, params=params, json=body)
                run.statuses[response.status_code] += 1
                if response.status_code == 200:
                    run.latencies.append(time.perf_counter() - start)
            except httpx.TransportError as exc:
                run.transport_errors[type(exc).__name__] += 1


async def load(url: str, requests, clients: int, seconds: float) -> Run:
    run = Run(clients, seconds)
    until = time.monotonic() + seconds
    await asyncio.gather(*(_client(url, requests, run, until, i) for i in range(clients)))
    return run


def children(pid: int) -> list[int]:
    """The server processes (not multiprocessing's resource tracker)."""
    return sorted(server_processes(pid))


async def _load_and_count(url, requests, clients, seconds, pid, port) -> tuple[Run, list[int]]:
    task = asyncio.create_task(load(url, requests, clients, seconds))
    await asyncio.sleep(seconds / 2)
    spread = connections_per_process(pid, port)
    return await task, spread


async def _load_with_fault(url, requests, clients, seconds, pid) -> tuple[Run, float | None]:
    task = asyncio.create_task(load(url, requests, clients, seconds))
    await asyncio.sleep(seconds / 2)
    victim = children(pid)[0]
    os.kill(victim, signal.SIGKILL)
    killed = time.monotonic()
    back = None
    while not task.done():
        now = children(pid)
        if back is None and len(now) >= 2 and victim not in now:
            back = time.monotonic() - killed
        await asyncio.sleep(0.05)
    return await task, back


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        folder = Path(tmp)
        build(ROOT / "graph", folder / "build")
        requests = mix(open_built_store(folder / "build"))
        port = free_port()
        log = (folder / "serve.log").open("w+")
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("kg")), "serve", "--build", str(folder / "build"),
             "--port", str(port), "--processes", "2"],
            cwd=ROOT, stdout=log, stderr=log,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(url)
            while len(children(server.pid)) < 2:
                time.sleep(0.1)
            print(f"kg serve, 2 processes, real graph; {len(requests)} kinds of request; "
                  f"{args.seconds:g} s per run\n")  # fmt: skip
            print("| clients | requests/s | p50 ms | p99 ms | not 200 | transport errors |"
                  " connections per process |")  # fmt: skip
            print("|---|---|---|---|---|---|---|")
            for clients in args.clients:
                run, spread = asyncio.run(
                    _load_and_count(url, requests, clients, args.seconds, server.pid, port)
                )
                print(f"{run.row()} {' / '.join(map(str, spread))} |")
            clients = 8
            run, back = asyncio.run(
                _load_with_fault(url, requests, clients, args.seconds, server.pid)
            )
            print(f"\nOne process killed (SIGKILL) halfway through a run with {clients} clients:\n")
            print("| clients | requests/s | p50 ms | p99 ms | not 200 | transport errors |")
            print("|---|---|---|---|---|---|")
            print(run.row())
            replaced = f"{back:.1f} s" if back is not None else "not within the run"
            print(f"\nTwo processes serving again after {replaced}; /health: "
                  f"{httpx.get(url + '/health', timeout=10).json()['status']}")  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
