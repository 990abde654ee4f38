"""Answers of every named query, normalised, so two stores can be compared row for row."""

from __future__ import annotations

import shlex

import pyoxigraph as ox

from kg.named_queries import QueryCatalog, bind
from tests.conftest import QUERIES

CATALOG = QueryCatalog(QUERIES)
EXTRA_CALLS = [
    ("studies-by-intervention", {"intervention": "marrow", "kl_grade": "KL III"}),
    ("studies-by-design", {"design": "systematic-review"}),
    ("rcts-comparing", {"intervention_a": "cell-therapy", "intervention_b": "control"}),
    ("studies", {}),
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
        return sorted(tuple(_value(row[n]) for n in names) for row in result)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    return sorted((_value(t.subject), t.predicate.value, _value(t.object)) for t in result)


def _value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal):
        return f"{term.value}|{term.datatype.value if not term.language else term.language}"
    return term.value
