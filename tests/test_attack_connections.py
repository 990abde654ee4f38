"""Connections that never send a request, or send their headers a byte at a time, are closed
after the header time limit; keep-alive clients that do send requests are served."""

from __future__ import annotations

import http.client
import socket
import time
from urllib.parse import urlsplit

from tests.serving import connections_per_process, served_graph

HEADER_TIMEOUT = 2


served = served_graph(env={"KG_HEADER_TIMEOUT": str(HEADER_TIMEOUT)})


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    return sock


def _closed_within(sock: socket.socket, seconds: float, trickle: bytes = b"") -> float | None:
    """Seconds until the server closes `sock` (None if it is still open after `seconds`),
    sending one byte of `trickle` every half second meanwhile."""
    start = time.monotonic()
    sock.settimeout(0.5)
    sent = 0
    while time.monotonic() - start < seconds:
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - start
        except TimeoutError:
            pass
        except ConnectionResetError:
            return time.monotonic() - start
        if sent < len(trickle):
            try:
                sock.send(trickle[sent : sent + 1])
            except OSError:
                return time.monotonic() - start
            sent += 1
    return None


def test_a_connection_that_sends_nothing_is_closed(served):
    with _connect(served.url) as sock:
        took = _closed_within(sock, HEADER_TIMEOUT + 10)
    assert took is not None and took >= HEADER_TIMEOUT - 0.5


def test_headers_sent_a_byte_at_a_time_are_cut_off(served):
    slow = b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 200
    with _connect(served.url) as sock:
        took = _closed_within(sock, HEADER_TIMEOUT + 10, trickle=slow)
    assert took is not None


def test_a_keep_alive_client_is_served_request_after_request(served):
    parts = urlsplit(served.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        for _ in range(3):
            connection.request("GET", "/health")
            response = connection.getresponse()
            assert response.status == 200 and b'"ok"' in response.read()
            time.sleep(HEADER_TIMEOUT / 2)  # idle, but not past the limit
        local = connection.sock.getsockname()
        connection.request("GET", "/health")
        assert connection.getresponse().status == 200
        assert connection.sock.getsockname() == local, "the same connection throughout"
    finally:
        connection.close()


def test_keep_alive_connections_spread_over_the_processes(served):
    """Each process listens on its own socket (SO_REUSEPORT): sixteen kept-alive clients
    land on both processes, not all on the first one that wakes."""
    parts = urlsplit(served.url)
    clients = [
        http.client.HTTPConnection(parts.hostname, parts.port, timeout=30) for _ in range(16)
    ]
    try:
        for client in clients:
            client.request("GET", "/health")
            assert client.getresponse().read()
        spread = connections_per_process(served.process.pid, parts.port)
        assert len(spread) == 2 and min(spread) > 0 and sum(spread) == 16, spread
    finally:
        for client in clients:
            client.close()
