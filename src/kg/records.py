"""Records for the REST API and other callers: studies, publications and claims as plain
dicts, read through the named queries (no SPARQL here; the queries live in queries/)."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pyoxigraph as ox

from kg.errors import NotFoundError, ParameterError
from kg.integrity import flags_json
from kg.named_queries import bind, python_value
from kg.namespaces import BASE, ID
from kg.store.base import solutions, triples
from kg.study_facts import StudyFacts
from kg.suggest import did_you_mean

if TYPE_CHECKING:
    from kg.evidence_graph import EvidenceGraph

_CONCEPT = BASE + "concept/"


def list_studies(
    graph: EvidenceGraph,
    *,
    design=None,
    intervention=None,
    kl_grade=None,
    year=None,
    limit: int = 50,
    offset: int = 0,
) -> dict:
    rows = graph.rows(
        "studies",
        design=design,
        intervention=intervention,
        kl_grade=kl_grade,
        year=year,
    )
    studies: dict[str, dict] = {}
    for row in rows:
        study = studies.setdefault(
            row["id"],
            {
                "id": row["id"],
                "iri": row["study"],
                "label": row["label"],
                "design": row["designLabel"],
                "sample_size": row["sampleSize"],
                "publications": [],
            },
        )
        if row["publication"] and row["publication"] not in [
            p["iri"] for p in study["publications"]
        ]:
            study["publications"].append(publication_summary(row))
    items = list(studies.values())
    for study in items:
        # oldest first, in Python: stores disagree on ORDER BY between long identifiers that
        # share a prefix (Virtuoso put the 2015 paper of TissueGene-C's trial before the 2020 one)
        study["publications"].sort(key=_publication_order)
    return {
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "items": items[offset : offset + limit],
    }


def _publication_order(publication: dict) -> tuple:
    return (publication.get("year") or 0, publication["id"])


def _study_nodes(graph: EvidenceGraph, study_id: str) -> tuple[str, dict[str, dict]]:
    """The study's IRI, and every node of its record: subject IRI → property → values."""
    query, store = graph.catalog.get("study-record"), graph.store
    statements = list(
        triples(store.query(query.text, _bind_entity(query, "study", study_id, store)))
    )
    nodes: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for t in statements:
        # Blank nodes (the RDF list of a publication's authors) have no name a client could
        # use, and their labels differ per store; authors are at /publications/{id}.
        if not isinstance(t.object, ox.BlankNode):
            assert not isinstance(t.subject, ox.Triple)  # SPARQL 1.1 data: no quoted triples
            nodes[t.subject.value][_local(t.predicate.value)].append(python_value(t.object))
    return str(ID[f"study/{study_id}"]), nodes


def study_facts(graph: EvidenceGraph, study_id: str) -> StudyFacts:
    """What the check reads of a study (kg.study_facts), from the same record."""
    iri, nodes = _study_nodes(graph, study_id)
    publications = sorted(nodes[iri].get("reportedIn", []))
    first = (
        _with_summary(dict(_flatten(nodes[publications[0]]), iri=publications[0]))
        if publications
        else None
    )
    summary = {k: first[k] for k in ("id", "iri", "title", "year", "doi")} if first else None
    return StudyFacts.from_record(study_id, iri, nodes, summary)


def get_study(graph: EvidenceGraph, study_id: str) -> dict:
    """A study with its arms, population, results, findings and publications (the REST
    record: ontology property names, for API clients)."""
    iri, nodes = _study_nodes(graph, study_id)
    study = _flatten(nodes[iri])
    parts = {
        "hasArm": "arms",
        "hasResult": "results",
        "hasFinding": "findings",
        "reportedIn": "publications",
    }
    for prop, key in parts.items():
        study[key] = [
            dict(_flatten(nodes[child]), iri=child) for child in sorted(nodes[iri].get(prop, []))
        ]
        study.pop(prop, None)
    # the same keys for a publication as every other answer gives, beside its full record
    study["publications"] = [_with_summary(p) for p in study["publications"]]
    populations = nodes[iri].get("hasPopulation", [])
    study["population"] = _flatten(nodes[populations[0]]) if populations else None
    study.pop("hasPopulation", None)
    # what public pages state against trusting the report, as every answer gives it
    study.pop("hasIntegrityFlag", None)
    study["integrity"] = flags_json(graph.integrity_flags, study_id)
    study["iri"] = iri
    study["id"] = study_id
    return study


def get_publication(graph: EvidenceGraph, publication_id: str) -> dict:
    """A publication's verified record; the id may be anything `resolve_publication` takes."""
    publication_id = resolve_publication(graph, publication_id)
    query, store = graph.catalog.get("publication-record"), graph.store
    result = solutions(
        store.query(query.text, _bind_entity(query, "publication", publication_id, store))
    )
    rows = [{v.value: python_value(row[v.value]) for v in result.variables} for row in result]
    if not rows:
        raise NotFoundError(f"publication {publication_id!r} has no complete record")
    row = rows[0]
    return {
        "id": row["id"],
        "iri": row["publication"],
        "title": row["title"],
        "authors": row["authors"].split(", ") if row["authors"] else [],
        # False: only the authors a page showed; the references say "et al."
        "authors_complete": row["authorsComplete"] is not False,
        "journal": row["journal"],
        "journal_abbreviation": row["journalAbbreviation"],
        "year": row["year"],
        "date": row["date"],
        "volume": row["volume"],
        "issue": row["issue"],
        "pages": row["pages"],
        "doi": row["doi"],
        "pmid": row["pmid"],
        "pmcid": row["pmcid"],
        "studies": sorted(row["studies"].split()) if row["studies"] else [],
        "verified_at": sorted(row["verifiedAt"].split()) if row["verifiedAt"] else [],
        # fields no page showed: left out, never guessed (citations say they are unknown)
        "unverified": sorted(row["unverified"].split()) if row["unverified"] else [],
    }


# a DOI, bare or as doi:... or https://doi.org/... (one slash too: proxies merge "//")
_DOI = re.compile(r"(?:doi:\s*|https?:/{1,2}(?:dx\.|www\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.I)


def resolve_publication(graph: EvidenceGraph, identifier: str) -> str:
    """The id of the publication `identifier` names: its id (mautner-2023-nat-med), its IRI
    (https://w3id.org/msc-knee-oa/id/publication/mautner-2023-nat-med) or its DOI, bare
    (10.1038/s41591-023-02632-w) or as doi:... or https://doi.org/..., in any letter case.

    Raises NotFoundError naming the nearest known ids (or DOIs, with their ids).
    """
    text = identifier.strip()
    if not text:
        raise NotFoundError("no publication id given")
    if text[:5].lower() in ("http:", "https"):
        text = unquote(text)  # a DOI URL may come percent-encoded
    doi = _DOI.fullmatch(text)
    if doi is None:
        query = graph.catalog.get("publication-record")
        return _local(_bind_entity(query, "publication", text, graph.store)["publication"].value)
    wanted = doi[1]
    found = graph.rows("publication-by-doi", doi=wanted)
    if found:
        return found[0]["id"]
    known = {row["publicationDoi"]: row["id"] for row in graph.rows("publication-by-doi")}
    hint = did_you_mean(wanted.lower(), known, show=lambda d: f"{d!r} ({known[d]})")
    raise NotFoundError(f"no publication with DOI {wanted!r} in the graph{hint}")


def list_claims(graph: EvidenceGraph, *, assessment=None) -> list[dict]:
    return [
        {
            "id": f"{row['documentId']}/{row['id']}",
            "iri": row["claim"],
            "document": row["documentId"],
            "section": row["section"],
            "quote": row["quote"],
            "assessment": _local(row["verdict"]),
            "evidence_count": row["evidence"],
        }
        for row in graph.rows("claims", assessment=assessment)
    ]


def get_claim(graph: EvidenceGraph, document: str, claim_id: str) -> dict | None:
    claim = next((c for c in list_claims(graph) if c["id"] == f"{document}/{claim_id}"), None)
    if claim is None:
        return None
    links: dict[str, dict] = {}
    for row in graph.rows("claim-evidence", claim=claim["iri"]):
        link = links.setdefault(
            row["link"],
            {
                "stance": row["stance"],
                "reason": row["reason"],
                "kind": row["evidenceKind"],
                "evidence": row["evidence"],
                "label": row["evidenceLabel"],
                "level": row["certainty"],
                "study": row["studyId"],
                "publications": [],
            },
        )
        if row["publication"]:
            link["publications"].append(publication_summary(row))
    claim["evidence"] = list(links.values())
    for link in claim["evidence"]:
        link["publications"].sort(key=_publication_order)
    return claim


def _bind_entity(query, name: str, value: str, store) -> dict:
    """Bind an id parameter; an unknown id is 'not found' (404), with the nearest ids."""
    try:
        return bind(query, {name: value}, store)
    except ParameterError as exc:
        raise NotFoundError(str(exc).split(": ", 1)[-1]) from exc


def publication_summary(row: dict) -> dict:
    """The short form of a publication every answer carries (REST, ask, check, the network),
    from a named query's row: id, iri, title, year (a number) and DOI."""
    year = row.get("published", row.get("year"))
    return {
        "id": row["publicationId"],
        "iri": row["publication"],
        "title": row["title"],
        "year": int(str(year)[:4]) if year else None,
        "doi": row["doi"],
    }


def _with_summary(node: dict) -> dict:
    """A publication's record in a study, with the summary keys (publication_summary) first."""
    summary = publication_summary(
        {
            "publicationId": node.get("identifier") or _local(node["iri"]),
            "publication": node["iri"],
            "title": node.get("title"),
            "year": node.get("issued"),
            "doi": node.get("doi"),
        }
    )
    return {**summary, **{k: v for k, v in node.items() if k not in summary}}


def _flatten(properties: dict[str, list]) -> dict:
    """Single values as scalars, repeated ones as sorted lists (a graph has no order, and the
    same record must read the same from every store), concepts as their ids."""
    out = {}
    for key, values in properties.items():
        values = sorted((_concept_id(v) for v in values), key=str)
        out[key] = values[0] if len(values) == 1 else values
    return out


def _concept_id(value):
    if isinstance(value, str) and value.startswith(_CONCEPT):
        return value[len(_CONCEPT) :]
    return value


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
