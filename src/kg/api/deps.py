"""Dependencies shared by routers: the store loaded at start-up."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kg.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]
