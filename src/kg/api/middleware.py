"""Plain ASGI middleware (cheaper per request than @app.middleware("http"), which costs a task
and a stream: measurable on millisecond queries, benchmarks/service.py)."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import RequestTooLargeError


class BodyLimit:
    """Request bodies over `limit` bytes are refused (413), however they are framed.

    A declared Content-Length over the limit is refused before anything is read. A chunked
    body (or one whose length was understated) is counted as it arrives: at the first byte
    past the limit the client gets its 413 from here, the application is told the client
    went away (so it stops reading), and whatever it would still send is dropped. No handler
    ever holds more than the limit in memory.
    """

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers") or ():
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._refuse(int(value), False)(scope, receive, send)
                return
        received = 0
        started = refused = False

        async def counted() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                received += len(message.get("body", b""))
                if received > self.limit:
                    refused = True
                    if not started:
                        await self._refuse(received, message.get("more_body", False))(
                            scope, receive, send
                        )
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the client has its 413 already
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, guarded)

    def _refuse(self, size: int, more: bool) -> JSONResponse:
        what = f"more than {size}" if more else f"{size}"
        error = RequestTooLargeError(
            f"the request body is {what} bytes, over the {self.limit} byte limit "
            "(KG_MAX_REQUEST_BYTES); send less, or split the work"
        )
        return JSONResponse({"error": type(error).__name__, "detail": str(error)}, 413)


class ReleaseHeader:
    """Every answer names the graph build it came from (X-Graph-Release)."""

    def __init__(self, app: ASGIApp, release: str):
        self.app = app
        self.header = (b"x-graph-release", release.encode("latin-1"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_release(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), self.header]}
            await send(message)

        await self.app(scope, receive, send_with_release)
