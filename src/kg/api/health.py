"""Liveness and the release being served."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from kg.api.deps import StoreDep

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: str
    backend: str
    version: str
    checksum: str


@router.get("/health", response_model=Health, summary="Service status and graph release")
def health(store: StoreDep) -> Health:
    release = store.release()
    return Health(status="ok", backend=store.backend, **release)
