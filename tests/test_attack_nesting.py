"""No query kills a worker: deep nesting and long sequences are refused with a 400 before the
engine's recursive parser and evaluator see them, and what is admitted runs safely.

Before the bound, 10 KB of nested brackets (or a few thousand BINDs in a row) made Oxigraph
overflow its thread's stack: the process died with a segfault and every request on it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import httpx
import pytest

from kg.errors import QueryError
from kg.sparql_syntax import parse_query
from tests.serving import served_graph

# Query shapes the engine recurses over, by size n (each crashed a worker at some n).
SHAPES = {
    "nested braces": lambda n: "SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n,
    "nested brackets": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "nested calls": lambda n: (
        "SELECT * WHERE { BIND(" + "CONCAT(" * n + "'a'" + ")" * n + " AS ?x) }"
    ),
    "nested EXISTS": lambda n: "SELECT * WHERE { " + "FILTER EXISTS {" * n + "}" * n + " }",
    "nested subqueries": lambda n: (
        "SELECT * WHERE { " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + "}" * n + " }"
    ),
    "BIND sequence": lambda n: (
        "SELECT * WHERE { " + " ".join(f"BIND (1 AS ?v{i})" for i in range(n)) + " }"
    ),
    "MINUS sequence": lambda n: "SELECT * WHERE {" + "MINUS{}" * n + "}",
    "UNION chain": lambda n: "SELECT * WHERE {" + "UNION".join(["{}"] * n) + "}",
    "projected expressions": lambda n: (
        "SELECT " + " ".join(f"(1 AS ?v{i})" for i in range(n)) + " WHERE {}"
    ),
    "operator chain": lambda n: "SELECT * WHERE { FILTER(" + "+".join(["1"] * n) + ") }",
}


served = served_graph()


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_query_that_crashed_a_worker_is_a_400_and_no_process_dies(served, shape):
    processes = served.children()
    query = SHAPES[shape](5000)
    response = httpx.post(
        served.url + "/sparql",
        content=query,
        headers={"content-type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 400, response.text
    assert "levels deep" in response.json()["detail"]
    assert served.health()["status"] == "ok"
    assert served.children() == processes


def test_an_oversized_query_is_a_400_naming_the_limit(served):
    query = "SELECT * WHERE { VALUES ?x { " + "1 " * 150_000 + "} }"  # 300 KB, under the body cap
    response = httpx.post(
        served.url + "/sparql", content=query,
        headers={"content-type": "application/sparql-query"}, timeout=30,
    )  # fmt: skip
    assert response.status_code == 400
    assert "KG_MAX_QUERY_BYTES" in response.json()["detail"]


def _largest_admitted(shape) -> int:
    low, high = 1, 1
    while _admitted(shape(high)) and high < 1 << 20:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _admitted(shape(middle)) else (low, middle)
    return low


def _admitted(query: str) -> bool:
    try:
        parse_query(query)
        return True
    except QueryError:
        return False


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_deepest_query_admitted_runs_on_a_server_thread(shape):
    """At the bound, each shape runs in the engine on a thread of the server's stack size
    (in a child process, so that a crash fails this test instead of ending the run)."""
    n = _largest_admitted(SHAPES[shape])
    query = parse_query(SHAPES[shape](n)).text
    script = textwrap.dedent("""
        import sys, threading
        import pyoxigraph as ox
        from kg.api.app import THREAD_STACK_BYTES
        threading.stack_size(THREAD_STACK_BYTES)
        query = sys.stdin.read()
        def run():
            try:
                result = ox.Store().query(query)
                if not isinstance(result, ox.QueryBoolean):
                    list(result)
            except SyntaxError:
                pass  # refused by the engine: fine, it did not crash
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        print("survived")
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], input=query, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "survived" in done.stdout, (shape, n, done.returncode)
