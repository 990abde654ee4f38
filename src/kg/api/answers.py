"""Ask and check over HTTP: GET /ask, POST /check, POST /check/document.

Thin handlers: parse input, call kg.ask / kg.check / kg.check_document, render. The JSON
keys are the contract other tools rely on (the same objects `kg ask --json` and
`kg check --json` print).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from kg.api.deps import KnownParameters, work_on
from kg.api.errors import COMMON_ERRORS
from kg.api.models import (
    MAX_CLAIM_CHARS,
    AskAnswer,
    CheckAnswer,
    CiteFormat,
    ClaimIn,
    DocumentIn,
    DocumentReport,
)
from kg.ask import ask
from kg.check import check
from kg.check_document import as_html, as_text, check_document

router = APIRouter(tags=["answers"], dependencies=[KnownParameters], responses={**COMMON_ERRORS})
CiteQuery = Annotated[
    CiteFormat | None, Query(description="also return the citations in this format")
]


@router.get("/ask", response_model=AskAnswer, response_model_exclude_none=False)
async def ask_question(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_CLAIM_CHARS, description="the question")],
    cite: CiteQuery = None,
) -> dict:
    """Studies answering a question in words, with what was understood and the SPARQL run."""
    return await work_on(request, ask, q, cite=cite, what="answering the question")


@router.post("/check", response_model=CheckAnswer)
async def check_claim(body: ClaimIn, request: Request) -> dict:
    """A verdict on one claim, with every piece of evidence, its stance, reason and citation."""
    return await work_on(request, check, body.text, cite=body.cite, what="checking the claim")


@router.post(
    "/check/document",
    response_model=DocumentReport,
    responses={200: {"content": {"text/plain": {}, "text/html": {}}}},
)
async def check_article(
    body: DocumentIn,
    request: Request,
    format: Annotated[
        Literal["json", "text", "html"], Query(description="report format (default json)")
    ] = "json",
):
    """Every sentence of an article that makes a checkable claim, checked; the rest counted."""
    report = await work_on(
        request, check_document, body.text, cite=body.cite, what="checking the article"
    )
    if format == "text":
        return PlainTextResponse(as_text(report))
    if format == "html":
        return HTMLResponse(as_html(report))
    return report
