"""Documents that make claims: the text, its reference list (with citation discrepancies),
and its claims, each anchored to an exact quote with the W3C Web Annotation vocabulary.

A document lives in graph/documents/<id>/: document.yaml, the text file it names, and
claims.yaml. Quotes are located in the text here, which is also where a quote that is not
verbatim is reported.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.namespaces import CITO, EV, ID, OA
from kg.sources.filegraph import FileGraph, open_source, valid_id
from kg.sources.links import Links
from kg.sources.vocab import Vocabulary
from kg.sources.yamlfile import ProblemLog, Record

DOCUMENT_KEYS = [
    "id",
    "label",
    "title",
    "publisher",
    "author",
    "date",
    "url",
    "origin",
    "text_file",
    "references",
    "notes",
]
REFERENCE_KEYS = ["number", "cited_as", "publication", "match", "discrepancies", "notes"]
DISCREPANCY_KEYS = ["field", "cited", "verified"]
CLAIMS_KEYS = ["document", "claims"]
CLAIM_KEYS = [
    "id",
    "quote",
    "section",
    "claim",
    "intervention",
    "comparator",
    "outcome",
    "kl_grades",
    "direction",
    "magnitude",
    "timepoint_months",
    "references",
    "assessment",
    "evidence",
    "notes",
]
EVIDENCE_KEYS = ["stance", "study", "result", "finding", "reason"]
MATCH = ("exact", "probable", "unresolved")
# The structured form shared by claims and findings: (YAML key, scheme, predicate).
STRUCTURED_FIELDS = [
    ("intervention", "intervention", EV.intervention),
    ("comparator", "intervention", EV.comparator),
    ("outcome", "outcome", EV.outcome),
    ("direction", "direction", EV.direction),
]
ASSESSMENT_FIELD = ("assessment", "assessment", EV.assessment)
_CONTEXT = 32  # characters of prefix/suffix kept with a quote, as Web Annotation advises


class DocumentMapper:
    """Maps a document folder; claims need the document's text and reference numbers."""

    def __init__(self, vocab: Vocabulary, links: Links, log: ProblemLog):
        self.vocab = vocab
        self.links = links
        self.log = log
        self._texts: dict[str, str] = {}
        self._references: dict[str, dict[int, URIRef]] = {}

    def map_document(self, path: Path, rel: str) -> FileGraph:
        fg, rec, did = open_source(path, rel, self.log, DOCUMENT_KEYS)
        if did is None:
            return fg
        if path.parent.name != did:
            rec.problem("id", f"document {did!r} must live in documents/{did}/document.yaml")
        doc = fg.node(ID[f"document/{did}"], EV.Document, rec, rec.get("label"))
        fg.add(doc, DCTERMS.identifier, did)
        fg.add(doc, DCTERMS.title, rec.get("title"))
        fg.add(doc, DCTERMS.publisher, rec.get("publisher"))
        fg.add(doc, DCTERMS.creator, rec.get("author"))
        fg.add(doc, DCTERMS.date, rec.get("date"))
        fg.add(doc, DCTERMS.source, rec.get("origin"))
        fg.add(doc, EV.notes, rec.get("notes"))
        url = rec.get("url")
        if url:
            fg.add(doc, EV.verifiedAt, URIRef(url))
        text_name = rec.get("text_file")
        if text_name:
            text_path = path.parent / text_name
            if not text_path.is_file():
                rec.problem("text_file", f"no file {text_name!r} beside document.yaml")
            else:
                raw = text_path.read_bytes()
                text = raw.decode("utf-8")
                self._texts[did] = text
                fg.add(doc, EV.content, text)
                fg.add(doc, EV.sha256, hashlib.sha256(raw).hexdigest())
                fg.add(doc, DCTERMS.format, "text/plain")
        refs: dict[int, URIRef] = {}
        for ref_rec in rec.children("references"):
            number, node = self._reference(fg, ref_rec, did, doc)
            if number is not None:
                if number in refs:
                    ref_rec.problem("number", f"reference {number} is listed twice")
                refs[number] = node
        self._references[did] = refs
        return fg

    def _reference(self, fg: FileGraph, rec: Record, did: str, doc: URIRef):
        rec.check_keys(REFERENCE_KEYS)
        number = rec.get("number", int)
        if number is None or number < 1:
            rec.problem("number", "expected the reference's number in the list (1, 2, ...)")
            return None, None
        node = fg.node(
            ID[f"document/{did}/reference/{number}"], EV.Reference, rec, f"{did} reference {number}"
        )
        fg.add(doc, EV.hasReference, node)
        fg.add(node, EV.inDocument, doc)
        fg.add(node, EV.referenceNumber, Literal(number, datatype=XSD.positiveInteger))
        fg.add(node, EV.citedAs, rec.get("cited_as"))
        fg.add(node, EV.notes, rec.get("notes"))
        match = rec.get("match")
        if match is not None and match not in MATCH:
            rec.problem("match", f"{match!r} is not allowed; expected one of {', '.join(MATCH)}")
        fg.add(node, EV.matchConfidence, match)
        pub = rec.get("publication")
        if pub:
            target = self.links.point(rec, "publication", "publication", pub)
            fg.add(node, EV.refersTo, target)
            fg.add(doc, CITO.cites, target)
        for i, dis in enumerate(rec.children("discrepancies")):
            dis.check_keys(DISCREPANCY_KEYS)
            dnode = fg.node(
                ID[f"document/{did}/reference/{number}/discrepancy/{i + 1}"],
                EV.CitationDiscrepancy,
                dis,
                f"reference {number}: {dis.get('field') or 'field'} differs",
            )
            fg.add(node, EV.hasDiscrepancy, dnode)
            fg.add(dnode, EV.discrepancyField, dis.get("field"))
            fg.add(dnode, EV.citedValue, dis.get("cited"))
            fg.add(dnode, EV.verifiedValue, dis.get("verified"))
        return number, node

    def map_claims(self, path: Path, rel: str) -> FileGraph:
        fg, top, did = open_source(path, rel, self.log, CLAIMS_KEYS, id_key="document")
        if did is None:
            return fg
        if did not in self._references:
            top.problem(
                "document", f"no document {did!r}; claims.yaml must sit beside its document.yaml"
            )
            return fg
        doc = ID[f"document/{did}"]
        text = self._texts.get(did, "")
        seen: set[str] = set()
        for rec in top.children("claims"):
            cid = valid_id(rec)
            if cid is None:
                continue
            rec.record = cid
            if cid in seen:
                rec.problem("id", f"claim id {cid!r} is used twice")
            seen.add(cid)
            self._claim(fg, rec, did, doc, cid, text)
        return fg

    def _claim(self, fg: FileGraph, rec: Record, did: str, doc: URIRef, cid: str, text: str):
        rec.check_keys(CLAIM_KEYS)
        quote = rec.get("quote")
        node = fg.node(ID[f"claim/{did}/{cid}"], EV.Claim, rec, f"{did} claim {cid}")
        fg.add(node, RDF.type, OA.Annotation)
        fg.add(node, DCTERMS.identifier, cid)
        fg.add(node, EV.inDocument, doc)
        fg.add(node, EV.section, rec.get("section"))
        fg.add(node, EV.claimText, rec.get("claim"))
        fg.add(node, EV.notes, rec.get("notes"))
        target = ID[f"claim/{did}/{cid}/target"]
        fg.add(node, OA.hasTarget, target)
        fg.add(target, OA.hasSource, doc)
        quote_sel = ID[f"claim/{did}/{cid}/quote"]
        fg.add(target, OA.hasSelector, quote_sel)
        fg.add(quote_sel, RDF.type, OA.TextQuoteSelector)
        fg.add(quote_sel, OA.exact, quote)
        start = text.find(quote) if quote else -1
        if quote and text and start < 0:
            rec.problem(
                "quote",
                "the quote is not found verbatim in the document's text; copy it character "
                "for character",
            )
        if start >= 0:
            end = start + len(quote)
            fg.add(quote_sel, OA.prefix, text[max(0, start - _CONTEXT) : start] or None)
            fg.add(quote_sel, OA.suffix, text[end : end + _CONTEXT] or None)
            pos = ID[f"claim/{did}/{cid}/position"]
            fg.add(target, OA.hasSelector, pos)
            fg.add(pos, RDF.type, OA.TextPositionSelector)
            fg.add(pos, OA.start, Literal(start, datatype=XSD.nonNegativeInteger))
            fg.add(pos, OA.end, Literal(end, datatype=XSD.nonNegativeInteger))
        self.vocab.add_concepts(fg, node, rec, [*STRUCTURED_FIELDS, ASSESSMENT_FIELD])
        self.vocab.add_kl_grades(fg, node, rec)
        fg.add(node, EV.magnitude, rec.get("magnitude"))
        fg.add(node, EV.timepointMonths, rec.get("timepoint_months", float))
        refs = self._references.get(did, {})
        for i, number in enumerate(rec.get_list("references", int)):
            if number not in refs:
                rec.problem(f"references[{i}]", f"the document has no reference {number}")
                continue
            fg.add(node, EV.citesReference, refs[number])
        for i, ev in enumerate(rec.children("evidence")):
            self._evidence(fg, ev, node, did, cid, i + 1)

    def _evidence(self, fg: FileGraph, rec: Record, claim: URIRef, did: str, cid: str, n: int):
        rec.check_keys(EVIDENCE_KEYS)
        node = fg.node(
            ID[f"claim/{did}/{cid}/evidence/{n}"],
            EV.EvidenceLink,
            rec,
            f"{did} claim {cid} evidence {n}",
        )
        fg.add(claim, EV.hasEvidence, node)
        self.vocab.add_concepts(fg, node, rec, [("stance", "stance", EV.stance)])
        fg.add(node, EV.reason, rec.get("reason"))
        fg.add(node, EV.evidence, self.links.point_evidence(rec))
