"""No request leaves the machine: SERVICE, LOAD and updates are refused from the parse tree in
every spelling the grammar allows, and a served process cannot open a connection at all.

A listener on another local port records every connection; a SERVICE call that got through
would arrive there (Oxigraph has an HTTP client built in and would make it).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import QueryError, QueryRefusedError
from kg.sparql_syntax import parse_query
from tests.serving import listener, served_graph

# Each spelling wraps a real SERVICE call, as Oxigraph reads it, to the URL {u}.
SPELLINGS = {
    "plain": "SELECT * WHERE { SERVICE <{u}> { ?s ?p ?o } }",
    "lower case": "select * where { service <{u}> { ?s ?p ?o } }",
    "mixed case": "SELECT * WHERE { sErViCe <{u}> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{u}> { ?s ?p ?o } }",
    "after a local-name escape #": (
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\# ?o . SERVICE <{u}> { ?a ?b ?c } }"
    ),
    "after a local-name escape '": (
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\' ?o . SERVICE <{u}> { ?a ?b ?c } }"
    ),
    "after a carriage return ending a comment": (
        "SELECT * WHERE { # note\rSERVICE <{u}> { ?s ?p ?o } \n }"
    ),
    "after CRLF lines and tabs": "SELECT *\r\nWHERE {\r\n\tSERVICE\t<{u}>\r\n{ ?s ?p ?o } }",
    "after a string with an escaped quote": (
        'SELECT * WHERE { ?s ?p "a\\"b" . SERVICE <{u}> { ?a ?b ?c } }'
    ),
    "after a long string with quotes": (
        'SELECT * WHERE { ?s ?p """x"y""z""" . SERVICE <{u}> { ?a ?b ?c } }'
    ),
    "codepoint-escaped keyword": "SELECT * WHERE { \\u0053ERVICE <{u}> { ?s ?p ?o } }",
    "codepoint-escaped last letter": "SELECT * WHERE { SERVIC\\U00000045 <{u}> { ?s ?p ?o } }",
    "in a subquery": "SELECT * WHERE { { SELECT * WHERE { SERVICE <{u}> { ?s ?p ?o } } } }",
    "in OPTIONAL": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{u}> { ?s ?p ?o } } }",
    "in UNION": "SELECT * WHERE { { } UNION { SERVICE <{u}> { ?s ?p ?o } } }",
    "in MINUS": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{u}> { ?s ?p ?o } } }",
    "in FILTER EXISTS": "SELECT * WHERE { FILTER EXISTS { SERVICE <{u}> { ?s ?p ?o } } }",
    "in BIND(EXISTS)": "SELECT * WHERE { BIND (EXISTS { SERVICE <{u}> { } } AS ?x) }",
    "in GRAPH": "SELECT * WHERE { GRAPH ?g { SERVICE <{u}> { ?s ?p ?o } } }",
    "variable IRI from VALUES": "SELECT * WHERE { VALUES ?u { <{u}> } SERVICE ?u { ?s ?p ?o } }",
    "variable IRI from BIND": "SELECT * WHERE { BIND (<{u}> AS ?u) SERVICE ?u { ?s ?p ?o } }",
    "prefixed-name IRI": "PREFIX r: <{u}> SELECT * WHERE { SERVICE r: { ?s ?p ?o } }",
    "relative IRI against BASE": "BASE <{u}> SELECT * WHERE { SERVICE <> { ?s ?p ?o } }",
    "in CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{u}> { ?s ?p ?o } }",
    "in ASK": "ASK { SERVICE <{u}> { ?s ?p ?o } }",
    "in DESCRIBE": "DESCRIBE ?s WHERE { SERVICE <{u}> { ?s ?p ?o } }",
}
UPDATES = [
    "LOAD <{u}>",
    "LOAD SILENT <{u}> INTO GRAPH <http://g>",
    "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP SILENT GRAPH <http://g>",
    "SELECT * WHERE { } ; LOAD <{u}>",
    "\\u004COAD <{u}>",
]


served = served_graph()


def _send(url: str, method: str, query: str) -> httpx.Response:
    if method == "GET":
        return httpx.get(url + "/sparql", params={"query": query}, timeout=30)
    if method == "form":
        return httpx.post(url + "/sparql", data={"query": query}, timeout=30)
    return httpx.post(
        url + "/sparql",
        content=query.encode("utf-8"),
        headers={"content-type": "application/sparql-query"},
        timeout=30,
    )


def test_service_in_every_spelling_never_reaches_the_listener(served):
    processes = served.children()
    with listener() as target:
        for name, template in SPELLINGS.items():
            query = template.replace("{u}", target.url)
            for method in ("GET", "form", "direct"):
                response = _send(served.url, method, query)
                assert response.status_code in (400, 403), (name, method, response.text)
                detail = response.json()["detail"]
                assert "SERVICE" in detail or "malformed SPARQL at line" in detail, (name, detail)
        for template in UPDATES:
            response = _send(served.url, "direct", template.replace("{u}", target.url))
            assert response.status_code in (400, 403), (template, response.text)
        assert target.connections == [], "a SERVICE or LOAD call left the server"
    assert served.children() == processes, "no server process died"


def test_served_processes_cannot_open_connections(served):
    assert {served.health()["outbound"] for _ in range(6)} == {"blocked"}


def test_the_second_wall_stops_oxigraph_itself():
    """Under the filter, Oxigraph's own SERVICE client cannot connect, even when handed a
    SERVICE query directly (as if the parse had been bypassed); Unix sockets still work."""
    with listener() as target:
        script = textwrap.dedent(f"""
            import errno, socket
            import pyoxigraph as ox
            from kg.api.outbound import forbid_outbound_connections
            assert forbid_outbound_connections()
            try:
                socket.create_connection(("127.0.0.1", {target.sock.getsockname()[1]}))
                raise SystemExit("a TCP connection was opened")
            except PermissionError:
                pass
            a, b = socket.socketpair()
            try:
                list(ox.Store().query("SELECT * WHERE {{ SERVICE <{target.url}> {{ ?s ?p ?o }} }}"))
                raise SystemExit("the SERVICE query answered")
            except OSError as exc:
                print("refused:", exc)
        """)
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr + done.stdout
        assert "refused" in done.stdout
        assert target.connections == []


# ------------------------------------------------------------------ property tests of the parse

_KEYWORD = st.builds(
    lambda cases, escapes: "".join(
        f"\\u{ord(c):04X}" if e else (c if k else c.lower())
        for c, k, e in zip("SERVICE", cases, escapes, strict=True)
    ),
    st.lists(st.booleans(), min_size=7, max_size=7),
    st.lists(st.booleans(), min_size=7, max_size=7),
)
_SPACE = st.sampled_from([" ", "\t", "\n", "\r\n", "  ", " # note\n", " # SERVICE <{u}> {}\r\n"])
_DECOY = st.sampled_from(
    [
        "",
        "?s ?p ?o .",
        'BIND ("SERVICE <{u}> { }" AS ?d)',
        "BIND ('''SERVICE <{u}> { ?s ?p ?o }''' AS ?d)",
        "?s <http://e/SERVICE> ?o .",
        "?s ex:SERVICE ?o .",
        "?s ex:a\\#SERVICE ?o .",
        "?s ex:a\\' ?o .",
        "# SERVICE <{u}> { }\n",
        "FILTER (?o != 'a\\'SERVICE <{u}> {}')",
    ]
)
_TARGET = st.sampled_from(["<{u}>", "r:", "?u"])
_WRAP = st.sampled_from(
    [
        "{}",
        "OPTIONAL {{ {} }}",
        "{{ SELECT * WHERE {{ {} }} }}",
        "{{ }} UNION {{ {} }}",
        "MINUS {{ {} }}",
        "FILTER EXISTS {{ {} }}",
        "FILTER NOT EXISTS {{ {} }}",
        "GRAPH ?g {{ {} }}",
    ]
)
_PROLOGUE = "PREFIX ex: <http://e/> PREFIX r: <{u}>\n"


@st.composite
def _query(draw, with_service: bool) -> str:
    parts = [draw(_DECOY), draw(_SPACE)]
    if with_service:
        silent = draw(st.sampled_from(["", " SILENT"]))
        call = f"{draw(_KEYWORD)}{silent}{draw(_SPACE)}{draw(_TARGET)}{draw(_SPACE)}{{ ?s ?p ?o }}"
        for _ in range(draw(st.integers(0, 3))):
            call = draw(_WRAP).format(call)
        parts.insert(draw(st.integers(0, 2)), "VALUES ?u { <{u}> } " + call)
    parts.append(draw(_DECOY))
    return _PROLOGUE + "SELECT * WHERE {" + "".join(parts) + draw(_SPACE) + "}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_query(with_service=True))
def test_a_hidden_service_call_is_always_refused(query):
    with pytest.raises(QueryError) as refused:
        parse_query(query.replace("{u}", "http://127.0.0.1:9/sparql"))
    assert isinstance(refused.value, QueryRefusedError) or "malformed" in str(refused.value)


@pytest.fixture(scope="module")
def decoy_target():
    with listener() as target:
        yield target


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(_query(with_service=False))
def test_what_the_parse_admits_makes_oxigraph_call_nobody(decoy_target, query):
    """The differential: every query the parse lets through is run by raw Oxigraph (no second
    wall in this process); none may reach the listener."""
    text = query.replace("{u}", decoy_target.url)
    try:
        admitted = parse_query(text)
    except QueryError:
        return
    try:
        result = ox.Store().query(admitted.text)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except SyntaxError:  # the engine refuses what the grammar let through (a BIND clash)
        pass
    assert decoy_target.connections == [], text


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(UPDATES), _SPACE, _SPACE)
def test_updates_and_load_are_refused_in_any_layout(update, before, after):
    with pytest.raises(QueryError):
        parse_query(before.replace("{u}", "http://x/") + update.replace("{u}", "http://x/") + after)


@pytest.mark.parametrize(
    ("query", "media"),
    [
        (
            "PREFIX select: <http://example.org/> CONSTRUCT { ?s select:p ?o } "
            "WHERE { ?s ?p ?o } LIMIT 1",
            "text/turtle",
        ),
        (
            "PREFIX construct: <http://example.org/> SELECT ?s WHERE { ?s ?p ?o } LIMIT 1",
            "application/sparql-results+json",
        ),
        (
            "SELECT ?construct WHERE { BIND ('DESCRIBE' AS ?construct) }",
            "application/sparql-results+json",
        ),
    ],
)
def test_the_query_form_comes_from_the_parse_not_from_words(served, query, media):
    """A prefix named `select:` in a CONSTRUCT was a 500, `construct:` in a SELECT refused."""
    response = httpx.get(served.url + "/sparql", params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
