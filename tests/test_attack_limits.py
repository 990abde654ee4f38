"""Every route that does work is bounded: in time, in memory, and in how many run at once,
and the 503 says which limit was hit.

Before: only /sparql and /queries had a time limit (a 500 KB article took 51 s of CPU on
/check/document, and six at once starved the server for minutes), and memory was unbounded
(a sort over a cartesian product grew about 500 MB/s until the time limit)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import GRAPH
from tests.serving import served_graph

ARTICLE = (GRAPH / "documents" / "apex-msc-knee-oa-guide" / "article.txt").read_text()
LONG_ARTICLE = (ARTICLE + "\n\n") * 20  # about 400 KB, under the 500,000-character cap
CARTESIAN_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?c ?f ?d LIMIT 1"
CEILING_MB = 500


def _resident_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# two processes, a 2 s time limit, one request working and one waiting per process
tight = served_graph("--timeout", "2", env={"KG_MAX_CONCURRENT": "1", "KG_MAX_QUEUED": "1"})


small_memory = served_graph(env={"KG_MEMORY_LIMIT_MB": str(CEILING_MB)})


def test_a_long_article_is_stopped_at_the_time_limit_and_health_stays_quick(tight):
    slowest_health = []

    def poll_health(stop: threading.Event):
        while not stop.is_set():
            start = time.monotonic()
            httpx.get(tight.url + "/health", timeout=30)
            slowest_health.append(time.monotonic() - start)
            time.sleep(0.05)

    stop = threading.Event()
    poller = threading.Thread(target=poll_health, args=(stop,))
    poller.start()
    start = time.monotonic()
    response = httpx.post(tight.url + "/check/document", json={"text": LONG_ARTICLE}, timeout=60)
    took = time.monotonic() - start
    stop.set()
    poller.join()
    assert response.status_code == 503, response.text[:300]
    assert "time limit" in response.json()["detail"] and "KG_QUERY_TIMEOUT" in response.text
    assert took < 2 + 10  # answered at the limit, not after the whole article
    assert max(slowest_health) < 1.0, "the server kept answering while it worked"


def test_too_many_heavy_requests_at_once_are_told_the_server_is_busy(tight):
    def post(_):
        return httpx.post(tight.url + "/check/document", json={"text": LONG_ARTICLE}, timeout=60)

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(post, range(10)))
    statuses = [a.status_code for a in answers]
    assert set(statuses) <= {503}, statuses  # each either stopped at the limit or refused
    busy = [a for a in answers if "busy" in a.json()["detail"]]
    assert busy, [a.json()["detail"][:60] for a in answers]
    assert all(a.headers.get("retry-after") for a in busy)
    assert "KG_MAX_CONCURRENT" in busy[0].json()["detail"]
    assert tight.health()["status"] == "ok"
    _until_a_slot_is_free(tight)  # the requests it refused must not fall on the next test


def _until_a_slot_is_free(server, seconds: float = 30.0) -> None:
    """Wait until the server takes work again (requests still inside their time limit hold
    its slot a little after their clients were answered)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if httpx.get(server.url + "/id/study/vega-2015", timeout=30).status_code == 200:
            return
        time.sleep(0.2)
    raise AssertionError(f"no slot free {seconds:g} s after the burst")


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("POST", "/check", {"text": "MSC injections reduce knee pain more than saline."}),
        ("GET", "/ask?q=trials%20of%20bone%20marrow%20MSCs%20against%20hyaluronic%20acid", None),
        ("GET", "/studies?design=rct", None),
        ("GET", "/network", None),
        ("GET", "/id/study/vega-2015", None),
    ],
)
def test_ordinary_work_on_every_route_still_answers_under_the_limits(tight, method, path, payload):
    response = httpx.request(method, tight.url + path, json=payload, timeout=30)
    assert response.status_code == 200, response.text[:300]


def test_a_query_past_the_memory_ceiling_is_a_503_and_its_process_replaced(small_memory):
    before = small_memory.children()
    peak = {pid: 0.0 for pid in before}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for pid in before:
                peak[pid] = max(peak[pid], _resident_mb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    response = httpx.get(small_memory.url + "/sparql", params={"query": CARTESIAN_SORT}, timeout=60)
    stop.set()
    sampler.join()
    assert response.status_code == 503, response.text[:300]
    detail = response.json()["detail"]
    assert "memory ceiling" in detail and "KG_MEMORY_LIMIT_MB" in detail
    assert max(peak.values()) < CEILING_MB * 1.25 + 64, peak  # never far past the ceiling
    grown = max(peak, key=peak.get)
    after = small_memory.wait_for_processes(2, other_than={grown})
    assert grown not in after and len(after) >= 2
    assert small_memory.health()["status"] == "ok"
