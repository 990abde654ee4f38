"""Which embedded SPARQL engine should serve the graph? Measured, not assumed.

Compares, on the project's own named queries:
  - rdflib's own SPARQL engine (rdflib.Dataset, default graph = union of named graphs)
  - pyoxigraph used directly (the project's choice)
  - oxrdflib: rdflib's API over an Oxigraph store
on the real built graph and on generated evidence graphs (default 10,000 studies) shaped
like the real one. Each engine runs in its own process so load time and peak memory are
its own. Prints a table of load time, peak memory and per-query median latency, with
ratios against pyoxigraph.

    python benchmarks/engines.py                 # real graph + 10,000 generated studies
    python benchmarks/engines.py --studies 1000  # a quicker run
    python benchmarks/engines.py --engines pyoxigraph oxrdflib

Generated data is synthetic (example.org sources, 10.5555 test DOIs) and never written
under graph/; it exists only to measure.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

ENGINES = ("pyoxigraph", "oxrdflib", "rdflib")
BASE = "https://w3id.org/msc-knee-oa/"
EV = BASE + "ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTERVENTIONS = [
    "uc-msc",
    "wj-msc",
    "bm-msc",
    "ad-msc",
    "ucb-msc",
    "prp",
    "hyaluronic-acid",
    "saline",
    "placebo",
    "msc-exosomes",
    "corticosteroid",
]
_DESIGNS = ["rct"] * 5 + ["meta-analysis", "cohort", "single-arm", "follow-up"]
_OUTCOMES = ["vas-pain", "womac-total", "koos", "mri-cartilage", "adverse-events"]


# ------------------------------------------------------------------ data


def generate(n_studies: int, seed: int = 7) -> str:
    """N-Quads for `n_studies` synthetic studies with arms, populations, results, papers."""
    rng = random.Random(seed)
    graph = f"<{BASE}source/generated>"
    out: list[str] = []

    def q(s: str, p: str, o: str) -> None:
        out.append(f"{s} {p} {o} {graph} .\n")

    def iri(path: str) -> str:
        return f"<{BASE}{path}>"

    def lit(text, dtype: str | None = None) -> str:
        text = str(text).replace("\\", "\\\\").replace('"', '\\"')
        return f'"{text}"^^<{XSD}{dtype}>' if dtype else f'"{text}"'

    a = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    dct = "<http://purl.org/dc/terms/"
    for i in range(n_studies):
        sid = f"gen-{i}"
        study = iri(f"id/study/{sid}")
        design = rng.choice(_DESIGNS)
        q(study, a, f"<{EV}Study>")
        q(study, label, lit(f"Generated study {i}"))
        q(study, f"{dct}identifier>", lit(sid))
        q(study, f"<{EV}design>", iri(f"concept/{design}"))
        q(study, f"<{EV}sampleSize>", lit(rng.randint(20, 400), "integer"))
        q(study, f"<{EV}verifiedAt>", f"<https://example.org/gen/{i}>")
        pub = iri(f"id/publication/{sid}-pub")
        q(study, f"<{EV}reportedIn>", pub)
        q(pub, a, f"<{EV}Publication>")
        q(pub, f"{dct}identifier>", lit(f"{sid}-pub"))
        q(pub, f"{dct}title>", lit(f"Generated publication {i}"))
        q(pub, f"{dct}issued>", lit(rng.randint(2005, 2026), "gYear"))
        q(pub, "<http://purl.org/ontology/bibo/doi>", lit(f"10.5555/gen.{i}"))
        q(pub, f"{dct}isPartOf>", iri(f"id/journal/gen-{i % 50}"))
        q(pub, f"<{EV}verifiedAt>", f"<https://example.org/gen/{i}>")
        q(iri(f"id/journal/gen-{i % 50}"), f"{dct}title>", lit(f"Journal {i % 50}"))
        population = iri(f"id/study/{sid}/population")
        q(study, f"<{EV}hasPopulation>", population)
        for grade in sorted(rng.sample(range(5), rng.randint(1, 3))):
            q(population, f"<{EV}klGrade>", iri(f"concept/kl-{grade}"))
        if design == "meta-analysis" and i > 10:
            for j in rng.sample(range(i), 5):
                q(study, f"<{EV}includesStudy>", iri(f"id/study/gen-{j}"))
            continue
        for k, intervention in enumerate(rng.sample(_INTERVENTIONS, 2)):
            arm = iri(f"id/study/{sid}/arm/a{k}")
            q(study, f"<{EV}hasArm>", arm)
            q(arm, a, f"<{EV}Arm>")
            q(arm, label, lit(f"Arm {k} of study {i}"))
            q(arm, f"<{EV}intervention>", iri(f"concept/{intervention}"))
            q(arm, f"<{EV}groupSize>", lit(rng.randint(10, 200), "integer"))
        for k in range(2):
            result = iri(f"id/study/{sid}/result/r{k}")
            q(study, f"<{EV}hasResult>", result)
            q(result, a, f"<{EV}Result>")
            q(result, f"<{EV}outcome>", iri(f"concept/{rng.choice(_OUTCOMES)}"))
            q(result, f"<{EV}value>", lit(round(rng.uniform(-3, 3), 2), "decimal"))
    return "".join(out)


# ------------------------------------------------------------------ one engine, one process


class _QueryTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _QueryTimeout


def worker(
    engine: str, dump: Path, queries_dir: Path, repeat: int, budget: float, timeout: float
) -> dict:
    """Load `dump` into `engine` and time every named query; a query past `timeout` seconds
    is interrupted (rdflib's engine is pure Python, so a signal can stop it)."""
    from kg.named_queries import QueryCatalog, bind
    from kg.store import EmbeddedStore

    signal.signal(signal.SIGALRM, _on_alarm)

    baseline = _rss_mb()
    started = time.perf_counter()
    if engine == "pyoxigraph":
        backend = EmbeddedStore.from_files([dump])
        run = backend.query
    else:
        from rdflib import Dataset

        dataset = (
            Dataset(store="Oxigraph", default_union=True)
            if engine == "oxrdflib"
            else Dataset(default_union=True)
        )
        dataset.parse(str(dump), format="nquads")
        run = _rdflib_runner(dataset)
    load_s = time.perf_counter() - started
    memory_mb = _rss_mb() - baseline

    # Parameters are resolved once with the embedded store, then passed as terms to all.
    resolver = EmbeddedStore.from_files([dump]) if engine != "pyoxigraph" else backend
    timings = {}
    for query in QueryCatalog(queries_dir).all():
        words = shlex.split(query.example)[3:]
        values = dict(w.split("=", 1) for w in words if "=" in w)
        bindings = bind(query, values, resolver)
        samples: list[float] = []
        rows = 0
        try:
            while len(samples) < repeat and sum(samples) < budget:
                t0 = time.perf_counter()
                signal.setitimer(signal.ITIMER_REAL, timeout)
                rows = sum(1 for _ in run(query.text, bindings))
                signal.setitimer(signal.ITIMER_REAL, 0)
                samples.append(time.perf_counter() - t0)
        except _QueryTimeout:
            timings[query.name] = {"ms": None, "rows": None, "runs": 0}
            continue
        timings[query.name] = {
            "ms": statistics.median(samples) * 1000,
            "rows": rows,
            "runs": len(samples),
        }
    return {
        "engine": engine,
        "load_s": load_s,
        "rss_mb": memory_mb,
        "timeout": timeout,
        "queries": timings,
    }


def _rdflib_runner(dataset):
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    def to_rdflib(term):
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value) if term.datatype else None)

    def run(text, bindings):
        init = {k: to_rdflib(v) for k, v in bindings.items()}
        return dataset.query(text, initBindings=init)

    return run


def _rss_mb() -> float:
    """Resident memory now (not the peak), so the delta is what the loaded data holds."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------ orchestration


def measure(engine: str, dump: Path, args) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        engine,
        "--dump",
        str(dump),
        "--repeat",
        str(args.repeat),
        "--budget",
        str(args.budget),
        "--timeout",
        str(args.timeout),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"engine": engine, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout)


def print_table(title: str, results: list[dict]) -> None:
    ref = next((r for r in results if r["engine"] == "pyoxigraph" and "error" not in r), None)
    print(f"\n## {title}\n")
    print(
        "| engine | load (s) | memory (MB) | "
        + " | ".join(name for name in (ref or results[0]).get("queries", {}))
        + " |"
    )
    names = list((ref or results[0]).get("queries", {}))
    print("|---" * (3 + len(names)) + "|")
    for r in results:
        if "error" in r:
            print(f"| {r['engine']} | failed: {r['error']} |")
            continue
        cells = [r["engine"], f"{r['load_s']:.2f}", f"{r['rss_mb']:.0f}"]
        for name in names:
            ms = r["queries"][name]["ms"]
            base = ref["queries"][name]["ms"] if ref else None
            if ms is None:
                cells.append(f"> {r.get('timeout', 0):.0f} s (stopped)")
                continue
            cells.append(f"{ms:.1f} ms" + ("" if r is ref or not base else _ratio(ms / base)))
        if r is not ref and ref:
            cells[1] += _ratio(r["load_s"] / ref["load_s"])
            cells[2] += _ratio(r["rss_mb"] / ref["rss_mb"]) if ref["rss_mb"] > 1 else ""
        print("| " + " | ".join(cells) + " |")
    if ref:
        rows = ", ".join(f"{n}: {ref['queries'][n]['rows']}" for n in names)
        print(f"\nrows per query: {rows}")


def _ratio(x: float) -> str:
    return f" ({x:.1f}x)" if x < 10 else f" ({x:.0f}x)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--studies", type=int, default=10_000)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median kept)")
    parser.add_argument(
        "--budget", type=float, default=20.0, help="stop repeating a query after this many seconds"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="give up on one query run after this many seconds",
    )
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(
            json.dumps(
                worker(
                    args.worker, args.dump, ROOT / "queries", args.repeat, args.budget, args.timeout
                )
            )
        )
        return 0

    from kg.build import DUMP_NAME, build

    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        build(ROOT / "graph", tmp_dir)
        real = tmp_dir / DUMP_NAME
        generated = tmp_dir / "generated.nq"
        generated.write_text(
            real.read_text(encoding="utf-8") + generate(args.studies), encoding="utf-8"
        )
        quads = sum(1 for _ in generated.open(encoding="utf-8"))
        print("# Embedded SPARQL engines on the named queries")
        print(f"\nmedian of up to {args.repeat} runs per query; ratios against pyoxigraph")
        for title, dump in (
            (f"real graph ({sum(1 for _ in real.open())} quads)", real),
            (f"real + {args.studies:,} generated studies ({quads:,} quads)", generated),
        ):
            print_table(title, [measure(engine, dump, args) for engine in args.engines])
    return 0


if __name__ == "__main__":
    sys.exit(main())
