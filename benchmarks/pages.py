"""What does a page cost next to the JSON answer it shows? Measured side by side, one server.

Starts `kg serve --build DIR` (one process) on 127.0.0.1 over the real graph, then, with one
client, alternates each pair and takes the median latency of
  - POST /check/document (JSON) and POST /check (the page) with the seed article;
  - GET /ask (JSON) and GET /ask as a browser (the page) with one question;
  - GET /studies/{id} (JSON) and GET /id/study/{id} as a browser (the study page);
and prints each page's ratio to its JSON answer. Target (issue "web pages"): the check page
within the JSON endpoint's time plus rendering.

    python benchmarks/pages.py              # 7 rounds of the article, 50 of the rest
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
from tests.live import free_port, stop, wait_until_healthy  # noqa: E402

ARTICLE = ROOT / "graph" / "documents" / "apex-msc-knee-oa-guide" / "article.txt"
QUESTION = "randomised trials of adipose cells against placebo"
STUDY = "bennell-2021"
BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def timed(send) -> float:
    start = time.perf_counter()
    response = send()
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed


def pair(name: str, api, page, rounds: int) -> None:
    a, b = [], []
    for _ in range(rounds):
        a.append(timed(api))
        b.append(timed(page))
    ja, jb = statistics.median(a), statistics.median(b)
    print(f"{name:<34} JSON {ja * 1000:8.1f} ms   page {jb * 1000:8.1f} ms   ratio {jb / ja:5.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of the whole article")
    args = parser.parse_args()
    text = ARTICLE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        build(ROOT / "graph", Path(tmp))
        port = free_port()
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("kg")), "serve", "--build", tmp,
             "--queries", str(ROOT / "queries"), "--port", str(port), "--processes", "1"],
            env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(url)
            with httpx.Client(base_url=url, timeout=120) as client:
                print(f"seed article: {len(text.split())} words; one server process, one client")
                pair(
                    "check the seed article",
                    lambda: client.post("/check/document", json={"text": text}),
                    lambda: client.post("/check", data={"text": text}, headers=BROWSER),
                    args.rounds,
                )
                pair(
                    "ask one question",
                    lambda: client.get("/ask", params={"q": QUESTION}),
                    lambda: client.get("/ask", params={"q": QUESTION}, headers=BROWSER),
                    50,
                )
                pair(
                    f"one study ({STUDY})",
                    lambda: client.get(f"/studies/{STUDY}"),
                    lambda: client.get(f"/id/study/{STUDY}", headers=BROWSER),
                    50,
                )
        finally:
            stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
