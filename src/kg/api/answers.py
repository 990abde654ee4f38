"""Ask and check over HTTP: GET /ask, POST /check, POST /check/document.

Thin handlers: parse input, call kg.ask / kg.check / kg.check_document, render. The JSON
keys are the contract other tools rely on (the same objects `kg ask --json` and
`kg check --json` print).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from kg.api.deps import KnownParameters, work_on
from kg.api.errors import COMMON_ERRORS
from kg.api.rest import PublicationSummary
from kg.ask import ask
from kg.check import check
from kg.check_document import as_html, as_text, check_document

router = APIRouter(tags=["answers"], dependencies=[KnownParameters], responses={**COMMON_ERRORS})
CiteFormat = Literal["bibtex", "ris", "csl-json", "text", "apa", "vancouver"]
CiteQuery = Annotated[
    CiteFormat | None, Query(description="also return the citations in this format")
]
_MAX_CLAIM = 5_000
_MAX_DOCUMENT = 500_000


class AskResult(BaseModel):
    model_config = ConfigDict(extra="allow")
    iri: str
    id: str
    title: str | None = None
    year: int | None = None
    design: str
    doi: str | None = None
    citation: str | None = None
    publication: PublicationSummary | None = None


class AskAnswer(BaseModel):
    model_config = ConfigDict(extra="allow")
    question: str
    interpretation: dict
    sparql: str | None
    results: list[AskResult]
    citations: str | None = None


class Evidence(BaseModel):
    model_config = ConfigDict(extra="allow")
    stance: Literal["supports", "contradicts", "qualifies"]
    reason: str
    level: str | None = None
    publication: PublicationSummary | None = None
    citation: str | None = None


class CheckAnswer(BaseModel):
    model_config = ConfigDict(extra="allow")
    claim: str
    interpretation: dict
    verdict: Literal["supported", "contradicted", "mixed", "insufficient"]
    evidence: list[Evidence]
    citations: str | None = None


class ClaimIn(BaseModel):
    text: str = Field(min_length=1, max_length=_MAX_CLAIM, description="one claim, in words")
    cite: CiteFormat | None = None


class DocumentIn(BaseModel):
    text: str = Field(min_length=1, max_length=_MAX_DOCUMENT, description="the article's text")
    cite: CiteFormat | None = None


class DocumentUnit(BaseModel):
    """One unit of the article (a sentence, a heading, a line of a list) and its status."""

    offset: int = Field(description="characters into the submitted text")
    length: int
    text: str
    status: Literal["checked", "not-a-claim", "outside-scope", "not-understood"]
    reason: str
    verdict: Literal["supported", "contradicted", "mixed", "insufficient"] | None = None
    why: str | None = None
    evidence: list[Evidence] | None = None


class DocumentReport(BaseModel):
    model_config = ConfigDict(extra="allow")
    sentences: list[DocumentUnit]
    summary: dict[str, int] = Field(description="checked units by verdict")
    statuses: dict[str, int] = Field(description="units by status")
    release: str | None = None
    results: list[CheckAnswer] = Field(
        description="deprecated (the previous contract): the checked units' full answers"
    )
    checked: int = Field(description="deprecated: statuses['checked']")
    skipped: int = Field(description="deprecated: the units not checked")


@router.get("/ask", response_model=AskAnswer, response_model_exclude_none=False)
async def ask_question(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=_MAX_CLAIM, description="the question")],
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
