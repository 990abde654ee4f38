"""How fast is the service over HTTP, next to the floor and to the alternatives? Measured.

On the real graph and on the real graph plus generated studies (default 1,000 and 10,000),
in one run:
  - in-process latency of each named query on the embedded store (no HTTP);
  - HTTP latency of each named query (median, one client) and throughput (requests per
    second, a mix of every named query, 1 and 4 concurrent client processes), for
      kg            `kg serve --build DIR`, the product as shipped: the dump in DIR with
                    the union of its graphs as default graph, two server processes (one
                    whose query overruns is replaced), limits, negotiation, release header
      kg-single     the same in one process (KG_QUERY_WORKERS=1)
      floor         benchmarks/floor_server.py: FastAPI + pyoxigraph in a few lines
      rdflib-endpoint  the rdflib-endpoint package serving the same file (up to 1,000
                    generated studies; it cannot serve 10,000 in useful time)
      kg-remote     `kg serve --store` over Virtuoso loaded with the same file (when
                    Virtuoso is installed: scripts/install-virtuoso)
with every figure also given as a ratio to the floor. Every server runs on 127.0.0.1 and is
stopped afterwards. The named queries are sent as SPARQL text to /sparql with their example
parameters in a VALUES block, so every server answers the very same text.

    python benchmarks/service.py                        # real, +1,000, +10,000 studies
    python benchmarks/service.py --sizes 0 1000 --seconds 3
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from engines import generate  # noqa: E402

from kg.build import build, dump_text  # noqa: E402
from kg.named_queries import QueryCatalog, bind  # noqa: E402
from kg.release import DUMP_NAME, RELEASE_GRAPH  # noqa: E402
from kg.sparql_text import with_values  # noqa: E402
from kg.store import EmbeddedStore  # noqa: E402
from tests import virtuoso  # noqa: E402
from tests.live import free_port, stop  # noqa: E402

SERVERS = ("kg", "kg-single", "floor", "rdflib-endpoint", "kg-remote")
RDFLIB_MAX_STUDIES = 1_000
ACCEPT = {"accept": "application/sparql-results+json, application/n-triples;q=0.9"}


# ------------------------------------------------------------------ data and queries


def datasets(sizes: list[int], folder: Path) -> list[tuple[str, Path]]:
    """The built real graph, alone and with `n` generated studies, as N-Quads files."""
    build(ROOT / "graph", folder / "build")
    real = folder / "build" / DUMP_NAME
    out = []
    for n in sizes:
        if n == 0:
            out.append(("real graph", real))
            continue
        (folder / f"plus-{n}").mkdir()
        path = folder / f"plus-{n}" / DUMP_NAME  # a build folder `kg serve --build` takes
        path.write_text(with_generated(real, n), encoding="utf-8")
        out.append((f"real + {n:,} generated studies", path))
    return out


def with_generated(real: Path, n: int) -> str:
    """The real dump plus `n` generated studies, as a valid build (its checksum recomputed,
    so that `kg serve` loads it)."""
    source = [
        line
        for line in real.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.endswith(f" <{RELEASE_GRAPH}> .\n")
    ]
    lines = sorted(set(source) | set(generate(n).splitlines(keepends=True)))
    return dump_text(lines, files=0)[0]


def named_queries(store: EmbeddedStore) -> dict[str, tuple[str, dict]]:
    """name → (SPARQL text with its example parameters as VALUES, the bindings)."""
    catalog = QueryCatalog(ROOT / "queries")
    out = {}
    for query in catalog.all():
        words = shlex.split(query.example)[3:]
        values = dict(w.split("=", 1) for w in words if "=" in w)
        bindings = bind(query, values, store)
        out[query.name] = (with_values(query.text, bindings), bindings)
    return out


def in_process(store: EmbeddedStore, catalog_text: dict, repeat: int) -> dict[str, float]:
    catalog = QueryCatalog(ROOT / "queries")
    out = {}
    for name, (_, bindings) in catalog_text.items():
        text = catalog.get(name).text
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = store.query(text, bindings)
            for _row in result:
                pass
            times.append(time.perf_counter() - start)
        out[name] = statistics.median(times)
    return out


# ------------------------------------------------------------------ servers


def _wait(url: str, process: subprocess.Popen, log, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server for {url} exited: {log.read()[-2000:]}")
        try:
            response = httpx.get(url, params={"query": "ASK {}"}, headers=ACCEPT, timeout=5)
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextmanager
def serve(kind: str, data: Path, folder: Path):
    """Start one server on 127.0.0.1 holding `data`; yield its /sparql URL."""
    port = free_port()
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "KG_QUERY_TIMEOUT": "120", "KG_RESULT_LIMIT": "1000000"}
    with ExitStack() as stack:
        if kind in ("kg", "kg-single"):
            env["KG_QUERY_WORKERS"] = "1" if kind == "kg-single" else "2"
            cmd = [str(bin_dir / "kg"), "serve", "--build", str(data.parent), "--port", str(port)]
        elif kind == "floor":
            floor = str(ROOT / "benchmarks" / "floor_server.py")
            cmd = [sys.executable, floor, str(port), str(data)]
        elif kind == "rdflib-endpoint":
            cmd = [str(bin_dir / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port",
                   str(port), str(data)]  # fmt: skip
        elif kind == "kg-remote":
            endpoint = stack.enter_context(virtuoso.virtuoso(folder / f"virtuoso-{port}", data))
            cmd = [str(bin_dir / "kg"), "serve", "--store", endpoint, "--port", str(port)]
        else:
            raise ValueError(kind)
        log = stack.enter_context((folder / f"{kind}-{port}.log").open("w+"))
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
        path = "/" if kind == "rdflib-endpoint" else "/sparql"  # where each one answers
        url = f"http://127.0.0.1:{port}{path}"
        try:
            started = time.monotonic()
            _wait(url, process, log)
            if kind in ("kg", "kg-remote"):  # the second process loads beside the first
                time.sleep(min(30.0, time.monotonic() - started))
            yield url
        finally:
            stop(process)


def available(kind: str, n_studies: int) -> str | None:
    """None when `kind` can run here, else why not."""
    if kind == "rdflib-endpoint":
        if shutil.which("rdflib-endpoint", path=str(Path(sys.executable).parent)) is None:
            return "not installed (pip install -e '.[bench]')"
        if n_studies > RDFLIB_MAX_STUDIES:
            return f"not run above {RDFLIB_MAX_STUDIES:,} studies (no useful time)"
    if kind == "kg-remote" and not virtuoso.installed():
        return "Virtuoso not installed (scripts/install-virtuoso)"
    return None


# ------------------------------------------------------------------ measurements


def latencies(
    url: str, queries: dict, repeat: int, timeout: float, sizes: dict[str, int]
) -> dict[str, float | str]:
    """Median seconds per query, one client; why not, when a request failed or timed out.
    The size of each answer goes into `sizes`."""
    out: dict[str, float | str] = {}
    with httpx.Client(timeout=timeout, headers=ACCEPT) as client:
        for name, (text, _) in queries.items():
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                try:
                    response = client.get(url, params={"query": text})
                except httpx.TimeoutException:
                    out[name] = "timeout"
                    break
                if response.status_code != 200:
                    out[name] = f"HTTP {response.status_code}"
                    break
                times.append(time.perf_counter() - start)
            else:
                out[name] = statistics.median(times)
                sizes[name] = answer_size(response)
    return out


def answer_size(response: httpx.Response) -> int:
    """Rows of a results document or triples of a graph: servers must agree on it."""
    if "json" in response.headers.get("content-type", ""):
        doc = response.json()
        return len(doc["results"]["bindings"]) if "results" in doc else int(doc["boolean"])
    return sum(1 for line in response.text.splitlines() if line.strip())


def _client(url: str, texts: list[str], seconds: float, offset: int) -> int:
    """One load-generating process: round-robin over `texts` until time is up."""
    done = 0
    with httpx.Client(timeout=seconds * 10, headers=ACCEPT) as client:
        deadline = time.monotonic() + seconds
        i = offset
        while time.monotonic() < deadline:
            try:
                client.get(url, params={"query": texts[i % len(texts)]}).raise_for_status()
            except httpx.TimeoutException:
                return done  # a server that cannot answer in time scores what it managed
            done += 1
            i += 1
    return done


def throughput(url: str, texts: list[str], clients: int, seconds: float) -> float:
    """Requests per second with `clients` concurrent client processes."""
    ctx = mp.get_context("spawn")
    with ctx.Pool(clients) as pool:
        pool.apply(_client, (url, texts[:1], 0.2, 0))  # warm the pool's interpreters
        start = time.perf_counter()
        counts = pool.starmap(_client, [(url, texts, seconds, k) for k in range(clients)])
        return sum(counts) / (time.perf_counter() - start)


# ------------------------------------------------------------------ report


def _ms(x: float | str | None) -> str:
    if x is None:
        return ""
    return x if isinstance(x, str) else f"{x * 1000:.1f} ms"


def _ratio(x: float | str | None, floor: float | str | None) -> str:
    if not isinstance(x, float) or not isinstance(floor, float) or not floor:
        return ""
    return f" ({x / floor:.2f}x)"


def report(title: str, inproc: dict, lat: dict, tput: dict, skipped: dict) -> None:
    servers = list(lat)
    print(f"\n### {title}\n")
    print("Latency per named query (median, one client; ratio to the floor):\n")
    print("| query | in process | " + " | ".join(servers) + " |")
    print("|---|---|" + "---|" * len(servers))
    for name in inproc:
        floor = lat.get("floor", {}).get(name)
        cells = [_ms(lat[s].get(name)) + _ratio(lat[s].get(name), floor) for s in servers]
        print(f"| {name} | {_ms(inproc[name])} | " + " | ".join(cells) + " |")
    print(
        "\nThroughput (requests per second over the mix of named queries; in brackets the"
        " floor's rate divided by this one, so above 1 is slower):\n"
    )
    print("| clients | " + " | ".join(servers) + " |")
    print("|---|" + "---|" * len(servers))
    for clients in sorted({c for s in tput.values() for c in s}):
        floor = tput.get("floor", {}).get(clients)
        cells = []
        for s in servers:
            rps = tput[s].get(clients)
            if rps is None:
                shown = ""
            elif rps == 0:
                shown = "0 (every request timed out)"
            else:
                shown = (f"{rps:.0f}" if rps >= 10 else f"{rps:.2f}") + _ratio(floor, rps)
            cells.append(shown)
        print(f"| {clients} | " + " | ".join(cells) + " |")
    for kind, why in skipped.items():
        print(f"\n{kind}: {why}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1_000, 10_000])
    parser.add_argument("--servers", nargs="+", default=list(SERVERS), choices=SERVERS)
    parser.add_argument("--repeat", type=int, default=5, help="requests per query (median)")
    parser.add_argument("--seconds", type=float, default=5.0, help="per throughput run")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--timeout", type=float, default=60.0, help="per request")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kg-http-bench-") as tmp:
        folder = Path(tmp)
        for size, (title, data) in zip(args.sizes, datasets(args.sizes, folder), strict=True):
            store = EmbeddedStore.from_files([data])
            queries = named_queries(store)
            inproc = in_process(store, queries, args.repeat)
            del store
            lat: dict[str, dict] = {}
            tput: dict[str, dict] = {}
            skipped: dict[str, str] = {}
            sizes: dict[str, dict[str, int]] = {}
            for kind in args.servers:
                why = available(kind, size)
                if why:
                    skipped[kind] = why
                    continue
                print(f"[{title}] {kind} ...", file=sys.stderr, flush=True)
                with serve(kind, data, folder) as url:
                    sizes[kind] = {}
                    lat[kind] = latencies(url, queries, args.repeat, args.timeout, sizes[kind])
                    answered = [queries[n][0] for n, t in lat[kind].items() if isinstance(t, float)]
                    slow = sorted(n for n, t in lat[kind].items() if not isinstance(t, float))
                    if slow:
                        skipped[f"{kind} throughput"] = "mix without " + ", ".join(slow)
                    tput[kind] = {
                        c: throughput(url, answered, c, args.seconds) for c in args.clients
                    }
            report(title, inproc, lat, tput, skipped)
            reference = sizes.get("floor", {})
            for kind, answered in sizes.items():
                for name, n in answered.items():
                    if name in reference and n != reference[name]:
                        print(f"\nWARNING: {kind} answered {name} with {n} rows/triples, "
                              f"the floor with {reference[name]}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
