"""uvicorn's HTTP protocol as `kg serve` runs it: TCP_NODELAY on every connection, and a time
limit on receiving each request's headers.

TCP_NODELAY: asyncio sets it only on sockets whose protocol number reads as TCP; the listening
socket uvicorn hands to its worker processes is rebuilt there without one, so the option was
not set and each small answer waited out the client's delayed ACK (about 40 ms, measured by
benchmarks/service.py). Setting it on each connection gives every process the latency of a
single one.

Header time limit: uvicorn times out a connection only after a response (keep-alive), and any
byte received resets that timer. A client that connects and sends nothing, or sends its
headers a byte at a time, held a connection (and a slot of the server's attention) forever.
Here a connection must deliver each request's headers within HEADER_TIMEOUT seconds of being
opened or of its previous response, or it is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol

# KG_HEADER_TIMEOUT, read once: the protocol is made per connection (kg serve sets it).
HEADER_TIMEOUT = float(os.environ.get("KG_HEADER_TIMEOUT", "10"))


# uvicorn picks AutoHTTPProtocol at import (httptools' protocol, else h11's): to mypy it is a
# variable of type type[asyncio.Protocol], which cannot be a base class.
class ServerProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    def connection_made(self, transport: asyncio.Transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        self._awaited_cycle = None
        self._header_timer: asyncio.TimerHandle | None = None
        self._await_headers()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._header_timer is not None and self.cycle is not self._awaited_cycle:
            self._header_timer.cancel()  # a new request's headers are in
            self._header_timer = None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _await_headers(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._awaited_cycle = self.cycle
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT, self._headers_too_slow)

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        waiting = self.cycle is None or self.cycle.response_complete  # no request in progress
        if waiting and self.cycle is self._awaited_cycle and not self.transport.is_closing():
            self.transport.close()
