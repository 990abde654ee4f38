"""The FastAPI application: one store, loaded once, injected into thin routers."""

from __future__ import annotations

import functools
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from kg import __version__, claim_likeness
from kg.api import answers, errors, health, network, pages, queries, resources, rest, sparql
from kg.api.memory import MemoryWatch
from kg.api.middleware import BodyLimit, ReleaseHeader
from kg.api.outbound import forbid_outbound_connections
from kg.api.overrun import OverrunGuard
from kg.api.work import Work, WorkLimits
from kg.config import Settings
from kg.errors import MemoryLimitError
from kg.evidence_graph import EvidenceGraph
from kg.store import Store

# Oxigraph's parser and evaluator recurse; kg.sparql_syntax bounds a query's depth ten times
# below what overflows a thread of this size (tests/test_attack_nesting.py checks it).
THREAD_STACK_BYTES = 64 << 20


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
    # Loaded once: a broken or missing named query, dump, file or endpoint stops the start,
    # naming it; every route is then handed this one graph (kg.api.deps).
    app.state.graph = EvidenceGraph.open(settings, store)
    app.state.on_overrun = OverrunGuard(settings.restart_on_overrun)
    app.state.work = Work(WorkLimits.from_settings(settings), app.state.on_overrun)
    if settings.serving:
        MemoryWatch.start_if_possible(
            settings.memory_limit_mb << 20, functools.partial(_over_memory, app)
        )
    # the pages first: a browser's request of a shared path (/ask, /studies, a form posted
    # to /check) is theirs; every other request falls through to the API (kg.api.pages)
    app.include_router(pages.router)
    app.include_router(pages.browser)
    app.mount("/static", StaticFiles(packages=[("kg.web", "static")]), name="static")
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(queries.router)
    app.include_router(rest.router)
    app.include_router(answers.router)
    app.include_router(network.router)
    app.include_router(resources.router)
    errors.install(app)
    app.add_middleware(ReleaseHeader, release=app.state.graph.release()["version"])
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
        )
    return app


def app_from_env() -> FastAPI:
    """The app of one `kg serve` process, configured by the environment (kg.config). Its
    listening socket exists already, so outbound connections can be blocked now."""
    settings = Settings.from_env()
    app = create_app(settings)
    if settings.serving and not settings.store_url:
        forbid_outbound_connections()  # the store is loaded; nothing else needs the network
    return app


def _over_memory(app: FastAPI, size: int) -> None:
    """From the memory watchdog: answer every working request with a 503, then let the
    process be replaced (kg.api.overrun)."""
    ceiling = app.state.settings.memory_limit_mb
    app.state.work.stop(
        MemoryLimitError(
            f"the server process grew to {size >> 20} MiB, past its {ceiling} MiB memory "
            "ceiling (KG_MEMORY_LIMIT_MB), while this request was worked on, and is being "
            "replaced; narrow the query (LIMIT, fewer joins or sorts) or ask the operator to "
            "raise the ceiling"
        )
    )
    app.state.on_overrun("the process passed its memory ceiling")


@asynccontextmanager
async def _lifespan(app: FastAPI):
    app.state.graph.warm()
    claim_likeness.warm()  # documents are read with it: its weights, read once per process
    yield
    app.state.on_overrun.exit_if_overran()
