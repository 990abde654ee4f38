"""What does a REST resource cost next to its own query? Measured side by side, one server.

Starts `kg serve --build DIR` (one process, KG_QUERY_WORKERS=1) on 127.0.0.1 over the real
graph, then, with one client, takes the median latency of
  - each REST resource: GET /studies/{id}, /publications/{id}, /citations/{id} (text);
  - the named query that resource runs, sent as SPARQL text with the same parameters (as a
    VALUES block) to /sparql on the same server: the floor the resource stands on;
  - GET /ask and POST /check of one sentence each, and GET /health (the floor of any route).
and prints each resource's ratio to its own query. Targets (issue "one loaded graph"): the
three resources within 1.5x of their query; /ask and /check under 10 ms median.

    python benchmarks/rest.py                 # 200 requests each
    python benchmarks/rest.py --repeat 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.named_queries import QueryCatalog, bind  # noqa: E402
from kg.sparql_text import with_values  # noqa: E402
from kg.store import open_built_store  # noqa: E402
from tests.live import free_port, stop, wait_until_healthy  # noqa: E402

STUDY = "vega-2015"
QUESTION = "Which randomised trials compared bone marrow MSCs with hyaluronic acid?"
CLAIM = "MSC injections reduce knee pain compared with placebo at 12 months."
SPARQL_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def own_queries(build_dir: Path, publication: str) -> dict[str, str]:
    """The SPARQL text each resource runs, with its parameters as VALUES."""
    store = open_built_store(build_dir)
    catalog = QueryCatalog(ROOT / "queries")

    def text(name: str, **values: str) -> str:
        query = catalog.get(name)
        return with_values(query.text, bind(query, values, store))

    return {
        "studies": text("study-record", study=STUDY),
        "publications": text("publication-record", publication=publication),
        "citations": text("publication-record", publication=publication),
    }


def median_ms(send, repeat: int) -> float:
    for _ in range(5):  # warm-up: connection, caches
        send()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = send()
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"{response.request.url}: HTTP {response.status_code}")
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-rest-bench-") as tmp:
        build_dir = Path(tmp) / "build"
        build(ROOT / "graph", build_dir)
        port = free_port()
        env = {**os.environ, "KG_QUERY_WORKERS": "1"}
        kg = str(Path(sys.executable).parent / "kg")
        cmd = [kg, "serve", "--build", str(build_dir), "--port", str(port)]
        with (Path(tmp) / "server.log").open("w+") as log:
            process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
            try:
                url = f"http://127.0.0.1:{port}"
                wait_until_healthy(url)
                with httpx.Client(base_url=url, timeout=30) as client:
                    publication = client.get(f"/studies/{STUDY}").json()["publications"][0]
                    pub_id = publication["iri"].rsplit("/", 1)[-1]
                    queries = own_queries(build_dir, pub_id)
                    routes = {
                        "studies": f"/studies/{STUDY}",
                        "publications": f"/publications/{pub_id}",
                        "citations": f"/citations/{pub_id}?format=text",
                    }
                    print(f"one kg serve process, real graph, median of {args.repeat} requests")
                    print(f"  {'resource':<14}{'REST ms':>9}{'own query ms':>14}{'ratio':>8}")
                    for name, path in routes.items():
                        rest = median_ms(lambda p=path: client.get(p), args.repeat)
                        own = median_ms(
                            lambda q=queries[name]: client.get(
                                "/sparql", params={"query": q}, headers={"accept": SPARQL_ACCEPT}
                            ),
                            args.repeat,
                        )
                        print(f"  {name:<14}{rest:>9.2f}{own:>14.2f}{rest / own:>7.2f}x")
                    answers = {
                        "ask": lambda: client.get("/ask", params={"q": QUESTION}),
                        "check": lambda: client.post("/check", json={"text": CLAIM}),
                        "health": lambda: client.get("/health"),
                    }
                    print(f"  {'answer':<14}{'median ms':>9}")
                    for name, send in answers.items():
                        print(f"  {name:<14}{median_ms(send, args.repeat):>9.2f}")
            finally:
                stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
