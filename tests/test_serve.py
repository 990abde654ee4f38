"""`kg serve` as users run it: several processes, and a query past its time limit answered
at once with a 503 while the process that still runs it is replaced (kg.api.overrun)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import QUERIES
from tests.live import free_port, wait_until_healthy
from tests.serving import server_processes

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _children(pid: int) -> set[int]:
    """The live server processes under `pid` (Linux /proc)."""
    return server_processes(pid)


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs Linux /proc to see the server's processes")
    port = free_port()
    kg = Path(sys.executable).with_name("kg")
    process = subprocess.Popen(
        [str(kg), "serve", "--build", str(built), "--queries", str(QUERIES),
         "--port", str(port), "--timeout", "1.5", "--processes", "2"],
        cwd=tmp_path_factory.mktemp("serve"),
        env={**os.environ, "KG_QUERY_WORKERS": "1"},  # the flag wins over the environment
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url)
        deadline = time.monotonic() + 60
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_several_processes_answer(server):
    url, process = server
    assert len(_children(process.pid)) >= 2
    answer = httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=10)
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_an_overrunning_query_is_answered_and_its_process_replaced(server):
    url, process = server
    before = _children(process.pid)
    start = time.monotonic()
    response = httpx.get(url + "/sparql", params={"query": RUNAWAY}, timeout=30)
    assert response.status_code == 503 and "time limit" in response.json()["detail"]
    assert time.monotonic() - start < 10
    quick = httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=10)
    assert quick.status_code == 200  # served at once, by the other process
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = _children(process.pid)
        if len(now) >= 2 and now != before:
            break
        time.sleep(0.2)
    now = _children(process.pid)
    assert len(before - now) == 1, "the process running the query was ended"
    assert len(now) >= 2, "and a fresh one took its place"
    assert httpx.get(url + "/health", timeout=10).status_code == 200
