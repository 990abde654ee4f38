"""Liveness and the release being served."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from kg.api.deps import GraphDep, KnownParameters
from kg.api.outbound import outbound_blocked

router = APIRouter(tags=["service"], dependencies=[KnownParameters])


class Health(BaseModel):
    status: str
    backend: str
    version: str
    checksum: str
    outbound: str  # "blocked": this process cannot open network connections (kg.api.outbound)


@router.get("/health", response_model=Health, summary="Service status and graph release")
def health(graph: GraphDep) -> Health:
    store = graph.store
    release = store.release()
    outbound = "blocked" if outbound_blocked() else "allowed"
    return Health(status="ok", backend=store.backend, outbound=outbound, **release)
