"""The FastAPI application: one store, loaded once, injected into thin routers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from kg import __version__
from kg.api import health, sparql
from kg.config import Settings
from kg.errors import BuildMissingError, KgError, QueryError, StoreError
from kg.store import EmbeddedStore, Store, open_built_store


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app; tests pass a small store, the CLI passes the built graph's."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="MSC knee-OA evidence graph",
        version=__version__,
        description="SPARQL 1.1 endpoint and REST API over the evidence graph on mesenchymal "
        "stem cell injections for knee osteoarthritis.",
    )
    app.state.settings = settings
    app.state.store = store if store is not None else open_built_store(settings.build_dir)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.add_exception_handler(KgError, _kg_error)
    return app


_STATUS = {QueryError: 400, BuildMissingError: 503, StoreError: 503}


async def _kg_error(request: Request, exc: KgError) -> JSONResponse:
    """One mapping from our exception tree to HTTP statuses; anything else stays a 500."""
    status = next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 400)
    return JSONResponse({"error": type(exc).__name__, "detail": str(exc)}, status_code=status)


__all__ = ["EmbeddedStore", "create_app"]
