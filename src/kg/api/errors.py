"""How failures become HTTP answers: one table from the exception tree to statuses, one error
body for every 4xx and 5xx, and server faults kept apart from client errors.

A client error (4xx) says what was wrong with the request and how to fix it. A server fault
(anything unexpected, or a KgError that is not about the request) is a 500 whose body carries
only an error id: the message and traceback go to the log under that id, so nothing of the
server (file paths, internals) reaches the client, and an operator can find the fault.
"""

from __future__ import annotations

import logging
import uuid
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from kg.errors import (
    BuildMissingError,
    KgError,
    LimitError,
    NotAcceptableError,
    NotFoundError,
    ParameterError,
    ProtocolError,
    QueryError,
    QueryRefusedError,
    QueryTimeoutError,
    RequestTooLargeError,
    ServiceBusyError,
    StoreError,
    UnsupportedMediaTypeError,
)

log = logging.getLogger("kg.serve")

# Most specific first: the first matching class decides the status. A KgError matching none
# is not about the request: it is a server fault (500).
STATUS: list[tuple[type[KgError], int]] = [
    (QueryRefusedError, 403),
    (QueryTimeoutError, 503),
    (LimitError, 503),
    (QueryError, 400),
    (RequestTooLargeError, 413),
    (NotAcceptableError, 406),
    (UnsupportedMediaTypeError, 415),
    (ProtocolError, 400),
    (NotFoundError, 404),
    (ParameterError, 422),
    (BuildMissingError, 503),
    (StoreError, 503),
]


class Problem(BaseModel):
    where: str
    problem: str


class ErrorBody(BaseModel):
    """Every error answer: the kind of error, what to do about it, and for a server fault the
    id under which the server logged it."""

    error: str
    detail: str
    id: str | None = None
    problems: list[Problem] | None = None


# A route's documented answers, as FastAPI takes them: status -> an OpenAPI response object.
Responses = dict[int | str, dict[str, Any]]


def documented(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


# The error answers any route may give, for the OpenAPI description.
COMMON_ERRORS: Responses = {
    400: documented("The request is malformed: a body that cannot be parsed, or a bad query"),
    413: documented("The request body is over the size limit (KG_MAX_REQUEST_BYTES)"),
    422: documented("A parameter or body field is missing, unknown or invalid; each is named"),
    500: documented("A server fault; the body carries the id it was logged under"),
    503: documented(
        "A limit was reached (time, memory or concurrent heavy requests; the detail names it) "
        "or the store is unavailable"
    ),
}
NOT_FOUND: Responses = {404: documented("Nothing has this id; the nearest known ids are named")}
NOT_ACCEPTABLE: Responses = {
    406: documented("No offered format matches Accept; the offered are listed")
}


def install(app: FastAPI) -> None:
    # Starlette types a handler as taking any Exception; it calls each one only with the
    # class it is registered for, so these narrower handlers are sound.
    app.add_exception_handler(KgError, _kg_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _server_fault)


def status_of(exc: KgError) -> int:
    return next((code for kind, code in STATUS if isinstance(exc, kind)), 500)


async def _kg_error(request: Request, exc: KgError) -> JSONResponse:
    status = status_of(exc)
    if status == 500:
        return _fault(request, exc)
    headers = {"Retry-After": "1"} if isinstance(exc, ServiceBusyError) else None
    return JSONResponse(
        {"error": type(exc).__name__, "detail": str(exc)}, status_code=status, headers=headers
    )


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """The router's own answers (no such route, method not allowed) in the same body."""
    detail = {404: f"no such resource: {request.url.path}; see /docs for the API"}.get(
        exc.status_code, str(exc.detail)
    )
    return JSONResponse(
        {"error": HTTPStatus(exc.status_code).phrase.replace(" ", ""), "detail": detail},
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's own validation errors in our error body. The input is never echoed: it may be
    what cannot be written back (NaN, an unpaired surrogate) or simply large."""
    problems = [
        {"where": " ".join(str(part) for part in error["loc"]), "problem": error["msg"]}
        for error in exc.errors()
    ]
    detail = "; ".join(f"{p['where']}: {p['problem']}" for p in problems)
    return JSONResponse(
        {"error": "ValidationError", "detail": detail, "problems": problems}, status_code=422
    )


async def _server_fault(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, ClientDisconnect):  # the client went away (or BodyLimit answered it)
        log.info("the client of %s %s went away", request.method, request.url.path)
        return JSONResponse({"error": "ClientDisconnect", "detail": "gone"}, status_code=400)
    return _fault(request, exc)


def _fault(request: Request, exc: BaseException) -> JSONResponse:
    error_id = uuid.uuid4().hex[:12]
    log.error("error %s answering %s %s", error_id, request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        {
            "error": "ServerError",
            "detail": "the server failed to answer this request; the operator's log holds "
            f"the details under error id {error_id}",
            "id": error_id,
        },
        status_code=500,
    )


# The answers of /sparql and /queries/{name}: results or a graph by Accept, and the refusals.
SPARQL_RESPONSES: Responses = {
    200: {
        "description": "Results (SELECT/ASK) or a graph (CONSTRUCT/DESCRIBE), by Accept",
        "content": {
            "application/sparql-results+json": {},
            "application/sparql-results+xml": {},
            "text/csv": {},
            "text/tab-separated-values": {},
            "text/turtle": {},
            "application/n-triples": {},
            "application/ld+json": {},
            "application/rdf+xml": {},
        },
    },
    400: documented(
        "Malformed query (with line and column), over the size or depth bound, "
        "or a malformed protocol request"
    ),
    403: documented("Update, LOAD or SERVICE: the endpoint is read-only and local"),
    406: documented("No offered format matches Accept; the offered ones are listed"),
    415: documented("POST body of a media type the protocol does not allow"),
    **COMMON_ERRORS,
}
