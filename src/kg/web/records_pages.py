"""Readable pages for the graph's other records: a claim made in a document (its quote, the
curators' assessment and each piece of evidence with its stance and reason), a publication
(its citation in every format, identifiers and the studies it reports) and a finding (its
sentence, certainty and study)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.cite import CitationFormat
from kg.errors import NotFoundError
from kg.records import get_claim, get_publication
from kg.web.article import COPY_FORMATS

if TYPE_CHECKING:
    from kg.evidence_graph import EvidenceGraph


def claim_page(graph: EvidenceGraph, document: str, claim_id: str) -> dict:
    claim = get_claim(graph, document, claim_id)
    if claim is None:
        raise NotFoundError(f"no claim {document}/{claim_id} in the graph")
    for link in claim["evidence"]:
        link["citation"] = (
            graph.reference(link["publications"][0]["id"]).strip() if link["publications"] else None
        )
    return claim


def publication_page(graph: EvidenceGraph, publication_id: str) -> dict:
    record = get_publication(graph, publication_id)
    citations = [
        (fmt.value, graph.reference(record["id"], fmt).strip())
        for fmt in (CitationFormat.TEXT, *COPY_FORMATS)
    ]
    links = []
    if record.get("doi"):
        links.append((f"DOI {record['doi']}", f"https://doi.org/{record['doi']}"))
    if record.get("pmid"):
        links.append(
            (f"PubMed {record['pmid']}", f"https://pubmed.ncbi.nlm.nih.gov/{record['pmid']}/")
        )
    if record.get("pmcid"):
        links.append((record["pmcid"], f"https://pmc.ncbi.nlm.nih.gov/articles/{record['pmcid']}/"))
    return {"record": record, "citations": citations, "links": links}


def finding_page(graph: EvidenceGraph, iri: str) -> dict:
    row = next((r for r in graph.evidence_rows if r["finding"] == iri), None)
    if row is None:
        raise NotFoundError(f"nothing in the graph is named {iri}")
    label = graph.vocabulary.label_of

    return {
        "kind": row["kind"],
        "statement": row.get("statement"),
        "study": row["studyId"],
        "compared": " vs ".join(
            x for x in (label(row.get("intervention")), label(row.get("comparator"))) if x
        ),
        "outcome": label(row.get("outcome")),
        "direction": label(row.get("direction")),
        "certainty": label(row.get("certainty")),
        "magnitude": row.get("magnitude"),
        "timepoint": row.get("timepoint"),
    }
