"""The FastAPI application: one store, loaded once, injected into thin routers."""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from kg import __version__
from kg.api import answers, health, network, queries, resources, rest, sparql
from kg.api.outbound import forbid_outbound_connections
from kg.api.overrun import OverrunGuard
from kg.config import Settings
from kg.errors import (
    BuildMissingError,
    KgError,
    NotAcceptableError,
    NotFoundError,
    ParameterError,
    QueryRefusedError,
    QueryTimeoutError,
    StoreError,
    UnsupportedMediaTypeError,
)
from kg.store import EmbeddedStore, RemoteStore, Store, open_built_store

# Oxigraph's parser and evaluator recurse; kg.sparql_syntax bounds a query's depth ten times
# below what overflows a thread of this size (tests/test_attack_nesting.py checks it).
THREAD_STACK_BYTES = 64 << 20

# Most specific first: the first matching class decides the status.
_STATUS: list[tuple[type[KgError], int]] = [
    (QueryRefusedError, 403),
    (QueryTimeoutError, 503),
    (NotAcceptableError, 406),
    (UnsupportedMediaTypeError, 415),
    (NotFoundError, 404),
    (ParameterError, 422),
    (BuildMissingError, 503),
    (StoreError, 503),
]


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app; tests pass a small store, the CLI passes the built graph's."""
    settings = settings or Settings.from_env()
    threading.stack_size(THREAD_STACK_BYTES)  # for every thread started from now on
    app = FastAPI(
        lifespan=_lifespan,
        title="MSC knee-OA evidence graph",
        version=__version__,
        description="SPARQL 1.1 endpoint and REST API over the evidence graph on mesenchymal "
        "stem cell injections for knee osteoarthritis.",
    )
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings)
    if settings.block_outbound and not settings.store_url:
        forbid_outbound_connections()  # the store is loaded; nothing else needs the network
    app.state.on_overrun = OverrunGuard(settings.restart_on_overrun)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(queries.router)
    app.include_router(rest.router)
    app.include_router(answers.router)
    app.include_router(network.router)
    app.include_router(resources.router)
    app.add_exception_handler(KgError, _kg_error)
    app.add_middleware(_ReleaseHeader, release=app.state.store.release()["version"])
    app.add_middleware(_BodyLimit, limit=settings.max_request_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
        )
    return app


def app_from_env() -> FastAPI:
    """The app of one `kg serve` process, configured by the environment (kg.config)."""
    return create_app(Settings.from_env())


def open_store(settings: Settings) -> Store:
    """What the settings say to serve: a remote endpoint, RDF files, or the built graph."""
    limits = settings.syntax_limits
    if settings.store_url:
        return RemoteStore(settings.store_url, timeout=settings.query_timeout, syntax_limits=limits)
    if settings.data_files:
        store = EmbeddedStore.from_files(list(settings.data_files), union_default_graph=False)
    else:
        store = open_built_store(settings.build_dir)
    store.syntax_limits = limits
    return store


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.on_overrun.exit_if_overran()


async def _kg_error(request: Request, exc: KgError) -> JSONResponse:
    """One mapping from our exception tree to HTTP statuses; anything else stays a 500."""
    status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 400)
    return JSONResponse({"error": type(exc).__name__, "detail": str(exc)}, status_code=status)


class _BodyLimit:
    """Refuse bodies over the limit with 413 before reading them (by Content-Length)."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope.get("headers") or []).get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.limit:
                response = JSONResponse(
                    {
                        "error": "RequestTooLarge",
                        "detail": f"request body of {int(length)} bytes is over the "
                        f"{self.limit} byte limit (KG_MAX_REQUEST_BYTES)",
                    },
                    status_code=413,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _ReleaseHeader:
    """Every answer names the graph build it came from (X-Graph-Release).

    Plain ASGI rather than @app.middleware("http"), which costs a task and a stream per
    request: measurable on millisecond queries (benchmarks/service.py)."""

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
