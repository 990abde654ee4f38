"""The IRIs the graph is written in: reused standard vocabularies and our own, defined once."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

BASE = "https://w3id.org/msc-knee-oa/"

EV = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
CONCEPT = Namespace(BASE + "concept/")
SCHEME = Namespace(BASE + "scheme/")
SOURCE = Namespace(BASE + "source/")

BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
OA = Namespace("http://www.w3.org/ns/oa#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

PREFIXES: dict[str, str] = {
    "ev": str(EV),
    "id": str(ID),
    "concept": str(CONCEPT),
    "scheme": str(SCHEME),
    "source": str(SOURCE),
    "bibo": str(BIBO),
    "fabio": str(FABIO),
    "cito": str(CITO),
    "oa": str(OA),
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "sh": str(SH),
    "skos": str(SKOS),
    "void": str(VOID),
    "xsd": str(XSD),
}


def sparql_prefixes(*names: str) -> str:
    """PREFIX lines for SPARQL text written in code, from the one table above."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


def turtle_prefixes(*names: str) -> str:
    """@prefix lines for Turtle written in code, from the one table above."""
    return "".join(f"@prefix {name}: <{PREFIXES[name]}> .\n" for name in names)
