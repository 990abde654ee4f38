"""`kg serve` as a user starts it, in a subprocess on 127.0.0.1, for tests that attack it.

Also a listening socket on another local port that records every connection made to it: a
SERVICE call the server should never make would arrive there.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import QUERIES
from tests.live import free_port, stop, wait_until_healthy

KG = Path(sys.executable).with_name("kg")


@dataclass
class Served:
    url: str
    process: subprocess.Popen

    def children(self) -> set[int]:
        """The live server processes under the supervisor (Linux /proc); not the helper
        process multiprocessing starts beside them (its resource tracker)."""
        return server_processes(self.process.pid)

    def wait_for_processes(self, count: int, other_than: set[int] = frozenset(), timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = self.children()
            if len(now) >= count and not (now & other_than):
                return now
            time.sleep(0.1)
        raise AssertionError(f"{count} fresh server processes did not appear")

    def health(self) -> dict:
        return httpx.get(self.url + "/health", timeout=10).json()


def server_processes(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in command:
                found.add(int(child))
    return found


def connections_per_process(pid: int, port: int) -> list[int]:
    """Established TCP connections each server process holds on the service's port."""
    counts = []
    for child in sorted(server_processes(pid)):
        inodes = set()
        for fd in Path(f"/proc/{child}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        established = 0
        for table in ("tcp", "tcp6"):
            for line in Path(f"/proc/{child}/net/{table}").read_text().splitlines()[1:]:
                fields = line.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if fields[3] == "01" and fields[9] in inodes and local_port == port:
                    established += 1
        counts.append(established)
    return counts


def served_graph(*args: str, env: dict | None = None):
    """A module-scoped fixture: `kg serve` on the real graph, two processes, with `args`."""

    @pytest.fixture(scope="module")
    def fixture(built, tmp_path_factory):
        with kg_serve(
            "--build", str(built), "--queries", str(QUERIES), "--processes", "2", *args,
            cwd=tmp_path_factory.mktemp("serve"), env=env,
        ) as server:  # fmt: skip
            yield server

    return fixture


@contextmanager
def kg_serve(*args: str, cwd: Path, env: dict | None = None) -> Iterator[Served]:
    """Start `kg serve ARGS` on a free port, wait until healthy, stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [str(KG), "serve", "--port", str(port), *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    served = Served(f"http://127.0.0.1:{port}", process)
    try:
        wait_until_healthy(served.url)
        yield served
    finally:
        stop(process)


@dataclass
class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it."""

    sock: socket.socket
    connections: list[float] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(time.monotonic())
            conn.close()


@contextmanager
def listener() -> Iterator[Listener]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    found = Listener(sock)
    thread = threading.Thread(target=found._accept, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        sock.close()
