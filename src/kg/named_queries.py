"""Named SPARQL queries from queries/*.rq, their headers, and safe parameter binding.

Each file starts with `#+ ` comment lines holding YAML (the grlc convention):

    #+ summary: Studies of a design
    #+ params:
    #+   - name: design
    #+     type: concept
    #+     scheme: design
    #+     default: rct
    #+     description: ...
    #+ example: kg query studies-by-design design=meta-analysis

Values reach SPARQL only as RDF terms bound to variables in a VALUES block that Oxigraph
serialises (kg.sparql_text.with_values; never pasted into the text), and each is checked
against the graph first, so a typo gets "unknown; did you mean" rather than an empty answer.
Parameter variables are projected by the query, so an answer shows what it was asked.

Every declared parameter is always bound: an optional one left out is bound to the empty
string, so a query says "any" as `FILTER (?kl_grade = "" || ...)`; `!BOUND(?x)` cannot be
the test, since every parameter is bound. The portable form, which the embedded store and
Virtuoso answer alike and fast, joins the parameter inside an OPTIONAL that binds a marker:

    OPTIONAL { ?study ev:hasPopulation/ev:klGrade ?kl_grade . BIND (true AS ?gradeMatches) }
    FILTER (?kl_grade = "" || BOUND(?gradeMatches))

(`FILTER ... EXISTS` is 500 times slower in Oxigraph; a FILTER inside the OPTIONAL that
reads the parameter is mis-evaluated by Virtuoso.) Hierarchies are followed with the
materialised `ev:within`, never with `skos:broader*`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import yaml

from kg.errors import KgError, ParameterError, UnknownQueryError
from kg.namespaces import CONCEPT, ID, PREFIXES
from kg.sparql_syntax import QueryForm, parse_query
from kg.store.base import Store, Term, solutions
from kg.suggest import did_you_mean

ANY = ox.Literal("")  # what an optional parameter left out is bound to
TYPES = ("concept", "study", "publication", "document", "string", "integer", "decimal", "iri")
_XSD = PREFIXES["xsd"]
_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")

_CONCEPT_LOOKUP = f"""
PREFIX skos: <{PREFIXES["skos"]}>
PREFIX ev: <{PREFIXES["ev"]}>
PREFIX scheme: <{PREFIXES["scheme"]}>
SELECT ?concept ?id ?scheme ?text WHERE {{
  ?concept skos:inScheme ?scheme ; skos:notation ?id .
  {{ ?concept skos:notation ?label }} UNION {{ ?concept skos:prefLabel ?label }}
  UNION {{ ?concept skos:altLabel ?label }}
  UNION {{ ?concept ev:gradeValue ?grade BIND(STR(?grade) AS ?label) }}
  FILTER(LCASE(STR(?label)) = LCASE(STR(?text)))
}}"""
_SCHEME_IDS = f"""
PREFIX skos: <{PREFIXES["skos"]}>
SELECT ?scheme ?id WHERE {{ ?c skos:inScheme ?scheme ; skos:notation ?id }}"""
_ENTITY_LOOKUP = f"""
PREFIX dcterms: <{PREFIXES["dcterms"]}>
SELECT ?entity ?kind WHERE {{ ?entity a ?kind }}"""
_ENTITY_IDS = f"""
PREFIX dcterms: <{PREFIXES["dcterms"]}>
SELECT ?kind ?id WHERE {{ ?e a ?kind ; dcterms:identifier ?id }}"""
_ENTITY_CLASS = {
    "study": PREFIXES["ev"] + "Study",
    "publication": PREFIXES["ev"] + "Publication",
    "document": PREFIXES["ev"] + "Document",
}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str = ""
    default: str | None = None
    required: bool = False
    scheme: str | None = None

    def describe(self) -> dict:
        out = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
            "required": self.required,
            "default": self.default,
        }
        if self.scheme:
            out["scheme"] = self.scheme
        return out


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    text: str
    path: Path
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    example: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    form: QueryForm = QueryForm.SELECT  # from the parse: decides how answers are rendered

    def describe(self) -> dict:
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "form": self.form.value,
            "parameters": [p.describe() for p in self.parameters],
            "example": self.example,
            "tags": list(self.tags),
        }


def parse_query_file(path: Path) -> NamedQuery:
    """Read one .rq file, its header and its query; a bad header or a query that does not
    parse names the file (and line) and what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot be read: {exc}") from exc
    try:
        parsed = parse_query(text)
    except KgError as exc:
        raise KgError(f"{path}: {exc}") from exc
    header_lines = [line[3:] for line in text.splitlines() if line.startswith("#+ ")]
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        raise KgError(f"{path}: the '#+' header is not valid YAML: {exc}") from exc
    if not isinstance(header, dict) or not header.get("summary"):
        raise KgError(f"{path}: the '#+' header needs at least 'summary: ...'")
    params = []
    variables = set(_VAR.findall(text))
    for raw in header.get("params") or []:
        param = _parameter(path, raw)
        if param.name not in variables:
            raise KgError(f"{path}: parameter {param.name!r} is not a variable of the query")
        params.append(param)
    return NamedQuery(
        name=path.stem,
        summary=str(header["summary"]),
        description=str(header.get("description") or ""),
        parameters=tuple(params),
        example=str(header.get("example") or ""),
        tags=tuple(header.get("tags") or ()),
        text=text,
        path=path,
        form=parsed.form,
    )


def _parameter(path: Path, raw) -> Parameter:
    if not isinstance(raw, dict) or "name" not in raw or "type" not in raw:
        raise KgError(f"{path}: each entry of 'params' needs 'name' and 'type'")
    if raw["type"] not in TYPES:
        raise KgError(
            f"{path}: parameter {raw['name']!r} has unknown type {raw['type']!r}; "
            f"expected one of {', '.join(TYPES)}"
        )
    if raw["type"] == "concept" and not raw.get("scheme"):
        raise KgError(f"{path}: concept parameter {raw['name']!r} needs a 'scheme'")
    default = raw.get("default")
    return Parameter(
        name=str(raw["name"]),
        type=raw["type"],
        description=str(raw.get("description") or ""),
        default=None if default is None else str(default),
        required=bool(raw.get("required", False)),
        scheme=raw.get("scheme"),
    )


# The named queries the services run themselves (records, ask, check, cite, network, the
# dereferenceable IRIs); a server does not start without them.
SERVICE_QUERIES = (
    "claim-evidence",
    "claims",
    "describe-node",
    "findings",
    "intervention-hierarchy",
    "modifiers",
    "publication-by-doi",
    "publication-identifiers",
    "publication-record",
    "results",
    "review-inclusions",
    "stats",
    "studies",
    "study-names",
    "study-record",
    "study-statements",
    "integrity-flags",
    "trial-arm-pairs",
    "vocabulary",
)


class QueryCatalog:
    """All named queries of a folder, by name, each read and parsed once."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise KgError(
                f"{self.folder}: no folder of named queries (set --queries or KG_QUERIES)"
            )
        self._queries = {q.name: q for q in map(parse_query_file, sorted(self.folder.glob("*.rq")))}

    def require(self, names) -> None:
        """Fail now, naming the folder, if a query the caller will need is not there."""
        missing = [n for n in names if n not in self._queries]
        if missing:
            raise KgError(
                f"{self.folder}: the named queries {', '.join(missing)} are missing; "
                "restore them from the project's queries/ folder"
            )

    def names(self) -> list[str]:
        return sorted(self._queries)

    def all(self) -> list[NamedQuery]:
        return [self._queries[n] for n in self.names()]

    def get(self, name: str) -> NamedQuery:
        try:
            return self._queries[name]
        except KeyError:
            hint = did_you_mean(name, self.names(), n=1)
            raise UnknownQueryError(
                f"no named query {name!r}{hint}; known: {', '.join(self.names())}"
            ) from None


def select_rows(store: Store, query: NamedQuery, **values) -> list[dict]:
    """Rows of a named SELECT query as dicts of Python values (None when unbound); `values`
    are its parameters as text (None: not given)."""
    given = {k: str(v) for k, v in values.items() if v is not None}
    result = solutions(store.query(query.text, bind(query, given, store)))
    names = [v.value for v in result.variables]
    return [{n: python_value(row[n]) for n in names} for row in result]


def python_value(term):
    """An RDF term as the Python value a JSON client wants."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if datatype in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long"):
            return int(term.value)
        if datatype in ("decimal", "double", "float"):
            return float(term.value)
        if datatype == "boolean":
            return term.value == "true"
        return term.value
    return term.value


def bind(query: NamedQuery, values: dict[str, str], store: Store) -> dict[str, Term]:
    """Turn text values into checked RDF terms; defaults fill what was not given."""
    known = {p.name: p for p in query.parameters}
    unknown = [k for k in values if k not in known]
    if unknown:
        valid = ", ".join(known) or "none"
        raise ParameterError(
            f"query {query.name!r} has no parameter "
            f"{', '.join(map(repr, unknown))}; its parameters: {valid}"
        )
    bindings: dict[str, Term] = {}
    for param in query.parameters:
        value = values.get(param.name, param.default)
        if value is None or value == "":
            if param.required:
                raise ParameterError(
                    f"query {query.name!r} needs parameter {param.name!r} "
                    f"({param.type}): {param.description}"
                )
            bindings[param.name] = ANY
            continue
        bindings[param.name] = to_term(param, str(value), store)
    return bindings


def to_term(param: Parameter, value: str, store: Store) -> Term:
    """One parameter value → the RDF term it denotes, or ParameterError saying what fits."""
    kind = param.type
    if kind == "string":
        return ox.Literal(value)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise ParameterError(f"parameter {param.name!r} expects a whole number, got {value!r}")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
    if kind == "decimal":
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ParameterError(
                f"parameter {param.name!r} expects a number, got {value!r}"
            ) from None
        return ox.Literal(str(number), datatype=ox.NamedNode(_XSD + "decimal"))
    if kind == "iri":
        node = named_node(value)
        if node is None:
            raise ParameterError(f"parameter {param.name!r} expects an absolute IRI, got {value!r}")
        return node
    if kind == "concept":
        return _concept(param, value, store)
    return _entity(param, value, store)


_IRI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`\x7f]*")


def named_node(text: str) -> ox.NamedNode | None:
    """The IRI `text` names, or None when it cannot be one (a space, a quote, a bracket, a
    control character, no scheme): such text names nothing in the graph, and is never handed
    to the store, where it would fail as a server error."""
    if not _IRI.fullmatch(text):
        return None
    try:
        return ox.NamedNode(text)
    except ValueError:
        return None


def _concept(param: Parameter, value: str, store: Store) -> ox.NamedNode:
    assert param.scheme is not None  # a concept parameter without one is refused on reading
    scheme = ox.NamedNode(PREFIXES["scheme"] + param.scheme)
    rows = list(
        solutions(store.query(_CONCEPT_LOOKUP, {"scheme": scheme, "text": ox.Literal(value)}))
    )
    ids = sorted({row["id"].value for row in rows})
    if len(ids) == 1:
        return ox.NamedNode(str(CONCEPT[ids[0]]))
    choices = sorted(
        {row["id"].value for row in solutions(store.query(_SCHEME_IDS, {"scheme": scheme}))}
    )
    if len(ids) > 1:
        raise ParameterError(
            f"parameter {param.name!r}: {value!r} is ambiguous in the "
            f"{param.scheme!r} vocabulary; use one of {', '.join(ids)}"
        )
    hint = did_you_mean(value.lower(), choices)
    raise ParameterError(
        f"parameter {param.name!r}: {value!r} is not a term of the "
        f"{param.scheme!r} vocabulary{hint} (known: {', '.join(choices)})"
    )


def _entity(param: Parameter, value: str, store: Store) -> ox.NamedNode:
    node = named_node(value if "://" in value else f"{ID}{param.type}/{value}")
    kind = ox.NamedNode(_ENTITY_CLASS[param.type])
    if node is not None and list(
        solutions(store.query(_ENTITY_LOOKUP, {"entity": node, "kind": kind}))
    ):
        return node
    ids = sorted(row["id"].value for row in solutions(store.query(_ENTITY_IDS, {"kind": kind})))
    hint = did_you_mean(value, ids)
    raise ParameterError(f"parameter {param.name!r}: no {param.type} {value!r} in the graph{hint}")
