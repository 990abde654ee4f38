"""The public models of the HTTP API, in one place: what the routers (kg.api.rest,
kg.api.answers, kg.api.network) take and return, as the OpenAPI document shows them. The
JSON keys are the contract other tools rely on."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kg.cite import CitationFormat


class PublicationSummary(BaseModel):
    id: str
    iri: str
    title: str
    year: str | int | None = None
    doi: str | None = None


class StudySummary(BaseModel):
    id: str
    iri: str
    label: str
    design: str
    sample_size: int | None = None
    publications: list[PublicationSummary]


class StudyPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[StudySummary]


class StudyDetail(BaseModel):
    """A study with its parts; fields beyond these follow the ontology's property names."""

    model_config = ConfigDict(extra="allow")
    id: str
    iri: str
    label: str | None = None
    design: str | None = None
    arms: list[dict]
    results: list[dict]
    findings: list[dict]
    publications: list[dict]
    population: dict | None = None
    integrity: list[dict] = Field(
        default_factory=list,
        description=(
            "integrity flags a public page states (retraction, correction, the maker's "
            "funding, a regulator's action...): kind, label, statement, source"
        ),
    )


class Publication(BaseModel):
    id: str
    iri: str
    title: str
    authors: list[str]
    authors_complete: bool = Field(
        True, description="false: the list holds only the authors a page showed (et al.)"
    )
    journal: str | None = None
    journal_abbreviation: str | None = None
    year: str | int | None = None
    date: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    studies: list[str]
    verified_at: list[str]
    unverified: list[str] = Field(
        default_factory=list,
        description="fields no public page showed (authors, journal, year...): absent, not guessed",
    )


class ClaimSummary(BaseModel):
    id: str
    iri: str
    document: str
    section: str | None = None
    quote: str
    assessment: str
    evidence_count: int


class EvidenceItem(BaseModel):
    stance: str
    reason: str
    kind: str
    evidence: str
    label: str
    level: str | None = None
    study: str
    publications: list[PublicationSummary]


class ClaimDetail(ClaimSummary):
    evidence: list[EvidenceItem]


CiteFormat = CitationFormat  # one list of formats: kg.cite


MAX_CLAIM_CHARS = 5_000


MAX_DOCUMENT_CHARS = 500_000


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
    text: str = Field(min_length=1, max_length=MAX_CLAIM_CHARS, description="one claim, in words")
    cite: CiteFormat | None = None


class DocumentIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_DOCUMENT_CHARS, description="the article's text")
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


class Node(BaseModel):
    id: str
    label: str
    trials: int


class TrialOnEdge(BaseModel):
    id: str
    iri: str
    label: str
    participants: int | None = None
    outcomes: list[str]
    publications: list[PublicationSummary]


class Comparison(BaseModel):
    a: str
    a_label: str
    b: str
    b_label: str
    study_count: int
    participants: int
    participants_unknown: int
    outcomes: list[str]
    studies: list[TrialOnEdge]


class Gap(BaseModel):
    a: str
    a_label: str
    b: str
    b_label: str


class Review(BaseModel):
    id: str
    iri: str
    label: str
    design: str
    publications: list[PublicationSummary]
    studies: list[str]


class ReviewPair(BaseModel):
    a: str
    b: str
    shared: list[str]


class CoveredArea(BaseModel):
    inclusions: int
    primary_studies: int
    reviews: int
    cca: float | None = None
    level: str | None = None


class ReviewOverlap(BaseModel):
    reviews: list[Review]
    pairs: list[ReviewPair]
    cca: CoveredArea


class Network(BaseModel):
    design: str
    nodes: list[Node]
    comparisons: list[Comparison]
    gaps: list[Gap]
    review_overlap: ReviewOverlap


class Path(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str
    via: list[str]
    nodes: list[str]
    length: int
    weakest_step: int
    steps: list[Comparison]


class Paths(BaseModel):
    a: str
    b: str
    direct: list[Comparison]
    indirect: list[Path]
