"""A runner for the W3C SPARQL 1.1 query-evaluation tests (tests/w3c), in process or over HTTP.

Each test names a query, default-graph data, named-graph data and the expected result. The
data goes into a fresh store (named graphs under their W3C IRIs); the query runs with its own
file's IRI as base, given as a BASE declaration so the HTTP path sees the same text. Results
are compared as multisets of solutions (blank nodes matched by position-independent labels),
strictly (same terms) or by value (numeric and boolean literals equal by value, as
`"01"^^xsd:integer` equals `"1"^^xsd:integer` and `"0"^^xsd:boolean` equals `false`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, Namespace

SUITE = Path(__file__).parent / "w3c"
W3C = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {
    XSD + t
    for t in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}


@dataclass
class EvalTest:
    name: str
    category: str
    query: Path
    data: list[Path] = field(default_factory=list)
    graph_data: list[Path] = field(default_factory=list)
    result: Path | None = None

    @property
    def base(self) -> str:
        return f"{W3C}{self.category}/"

    def query_text(self) -> str:
        text = self.query.read_text(encoding="utf-8")
        if re.search(r"(?im)^\s*BASE\s*<", text):
            return text
        return f"BASE <{self.base}{self.query.name}>\n{text}"

    def dataset(self) -> ox.Store:
        store = ox.Store()
        for path in self.data:
            store.load(path=str(path), format=_rdf_format(path), base_iri=self.base + path.name)
        for path in self.graph_data:
            store.load(
                path=str(path),
                format=_rdf_format(path),
                base_iri=self.base + path.name,
                to_graph=ox.NamedNode(self.base + path.name),
            )
        return store

    def dump(self, target: Path) -> Path:
        """The test's dataset as one N-Quads file (for a store behind the service)."""
        ox.serialize(self.dataset(), output=str(target), format=ox.RdfFormat.N_QUADS)
        return target


def load_tests() -> list[EvalTest]:
    """Every QueryEvaluationTest of the query and the results-format manifests."""
    tests = []
    for top_name in ("manifest-sparql11-query.ttl", "manifest-sparql11-results.ttl"):
        tests += _tests_of(top_name)
    return tests


def _tests_of(top_name: str) -> list[EvalTest]:
    top = Graph().parse(SUITE / top_name, format="turtle", publicID=W3C + top_name)
    tests = []
    for include in Collection(top, next(top.objects(None, MF.include))):
        category = str(include).rsplit("/", 2)[-2]
        folder = SUITE / category
        manifest = Graph().parse(
            folder / "manifest.ttl", format="turtle", publicID=f"{W3C}{category}/manifest.ttl"
        )
        entries = manifest.value(URIRef(f"{W3C}{category}/manifest.ttl"), MF.entries)
        for entry in Collection(manifest, entries):
            if (entry, RDF.type, MF.QueryEvaluationTest) not in manifest:
                continue
            action = manifest.value(entry, MF.action)
            result = manifest.value(entry, MF.result)

            def local(node, folder=folder):
                return folder / str(node).rsplit("/", 1)[-1]

            tests.append(
                EvalTest(
                    name=f"{category}/{str(entry).rsplit('#', 1)[-1]}",
                    category=category,
                    query=local(manifest.value(action, QT.query)),
                    data=[local(d) for d in manifest.objects(action, QT.data)],
                    graph_data=[local(g) for g in manifest.objects(action, QT.graphData)],
                    result=local(result) if result is not None else None,
                )
            )
    return tests


def _rdf_format(path: Path) -> ox.RdfFormat:
    return {
        ".ttl": ox.RdfFormat.TURTLE,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".rdf": ox.RdfFormat.RDF_XML,
        ".nq": ox.RdfFormat.N_QUADS,
        ".trig": ox.RdfFormat.TRIG,
    }[path.suffix]


# ------------------------------------------------------------------ expected and actual answers


def expected_answer(test: EvalTest):
    """('solutions', vars, rows) | ('boolean', value) | ('graph', rdflib Graph)."""
    path = test.result
    suffix = path.suffix
    results_format = {
        ".srx": ox.QueryResultsFormat.XML,
        ".srj": ox.QueryResultsFormat.JSON,
        ".tsv": ox.QueryResultsFormat.TSV,
        ".csv": ox.QueryResultsFormat.CSV,
    }
    if suffix in results_format:
        return answer_from_results(path.read_bytes(), results_format[suffix])
    graph = Graph().parse(
        path, format="turtle" if suffix == ".ttl" else "xml", publicID=test.base + path.name
    )
    result_set = next(graph.subjects(RDF.type, RS.ResultSet), None)
    if result_set is not None:  # a DAWG result set written in RDF
        return _result_set(graph, result_set)
    return ("graph", graph)


def _result_set(graph: Graph, node) -> tuple:
    boolean = graph.value(node, RS.boolean)
    if boolean is not None:
        return ("boolean", boolean.toPython())
    names = [str(v) for v in graph.objects(node, RS.resultVariable)]
    rows = []
    for solution in graph.objects(node, RS.solution):
        values = {}
        for binding in graph.objects(solution, RS.binding):
            values[str(graph.value(binding, RS.variable))] = _ox(graph.value(binding, RS.value))
        rows.append(tuple(values.get(n) for n in names))
    return ("solutions", names, rows)


def _ox(term):
    """An rdflib term as a pyoxigraph term, for comparison with engine output."""
    from rdflib import BNode, Literal

    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = str(term.datatype) if term.datatype else XSD + "string"
        return ox.Literal(str(term), datatype=ox.NamedNode(datatype))
    return ox.NamedNode(str(term))


def answer_from_results(data: bytes, fmt) -> tuple:
    parsed = ox.parse_query_results(data, format=fmt)
    if isinstance(parsed, ox.QueryBoolean):
        return ("boolean", bool(parsed))
    names = [v.value for v in parsed.variables]
    return ("solutions", names, [tuple(row[n] for n in names) for row in parsed])


def answer_from_graph(data: bytes, base: str) -> tuple:
    return ("graph", Graph().parse(data=data, format="nt", publicID=base))


def same(expected, actual, *, by_value: bool) -> bool:
    if expected[0] != actual[0]:
        return False
    if expected[0] == "boolean":
        return expected[1] == actual[1]
    if expected[0] == "graph":
        return isomorphic(expected[1], actual[1])
    _, names, rows = expected
    _, actual_names, actual_rows = actual
    if set(names) != set(actual_names):
        return False
    order = [actual_names.index(n) for n in names]
    actual_rows = [tuple(r[i] for i in order) for r in actual_rows]
    return _bag(rows, by_value) == _bag(actual_rows, by_value)


def _bag(rows, by_value: bool) -> Counter:
    return Counter(tuple(_key(t, by_value) for t in row) for row in rows)


def _key(term, by_value: bool):
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if by_value and datatype == XSD + "boolean":
            return ("boolean", term.value.strip() in ("true", "1"))
        if by_value and datatype in _NUMERIC:
            try:
                return ("number", Decimal(term.value).normalize())
            except InvalidOperation:
                pass
        return ("literal", term.value, datatype, term.language)
    return ("iri", term.value)
