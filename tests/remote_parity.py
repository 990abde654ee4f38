"""Answers of every named query, normalised, so two stores can be compared row for row.

Two differences are allowed, both left open by SPARQL 1.1 itself: numbers are compared by
value (Oxigraph stores xsd:positiveInteger as xsd:integer, Virtuoso keeps the declared
type), and GROUP_CONCAT's order is unspecified, so its tokens are compared as a set.
"""

from __future__ import annotations

import shlex

import pyoxigraph as ox

from kg.named_queries import QueryCatalog, bind
from tests.conftest import QUERIES

CATALOG = QueryCatalog(QUERIES)
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "positiveInteger",
        "nonNegativeInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
GROUP_CONCATS = {
    "studies",
    "verifiedAt",
    "klGrades",
    "populationKlGrades",
    "supporters",
    "unverified",
}
EXTRA_CALLS = [
    ("studies-by-intervention", {"intervention": "marrow", "kl_grade": "KL III"}),
    ("studies-by-design", {"design": "systematic-review"}),
    ("rcts-comparing", {"intervention_a": "cell-therapy", "intervention_b": "control"}),
    ("rcts-comparing", {"intervention_a": "msc", "intervention_b": "saline", "kl_grade": "3"}),
    ("studies", {}),
    ("studies", {"kl_grade": "KL III", "year": "2021"}),
    ("studies", {"intervention": "umbilical"}),
    ("describe-node", {"node": "https://w3id.org/msc-knee-oa/concept/uc-msc"}),
    ("claims", {}),
]


def calls() -> list[tuple[str, dict]]:
    """Each named query with the parameters of its example, plus a few more."""
    out = []
    for query in CATALOG.all():
        words = shlex.split(query.example)[3:]
        out.append((query.name, dict(w.split("=", 1) for w in words if "=" in w)))
    return out + EXTRA_CALLS


def answer(store, name: str, values: dict):
    query = CATALOG.get(name)
    result = store.query(query.text, bind(query, values, store))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return sorted(tuple(_value(row[n], n in GROUP_CONCATS) for n in names) for row in result)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    return sorted((_value(t.subject), t.predicate.value, _value(t.object)) for t in result)


def _value(term, concatenated: bool = False) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal):
        if term.datatype.value in INTEGER_TYPES:
            return f"{int(term.value)}|integer"
        value = " ".join(sorted(term.value.split())) if concatenated else term.value
        if concatenated and not value:
            return ""  # nothing concatenated: unbound from one engine, "" from another
        return f"{value}|{term.datatype.value if not term.language else term.language}"
    return term.value
