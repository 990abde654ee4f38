"""The SPARQL 1.1 Service Description served at the endpoint when no query is given."""

from __future__ import annotations

from kg import __version__
from kg.namespaces import turtle_prefixes

_TEMPLATE = (
    """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
"""
    + turtle_prefixes("dcterms", "rdfs")
    + """
<{endpoint}#service> a sd:Service ;
    rdfs:label "MSC knee-OA evidence graph SPARQL endpoint (read-only)" ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
{feature}    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML,
        formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV, formats:Turtle,
        formats:N-Triples, formats:JSON-LD, formats:RDF_XML ;
    dcterms:hasVersion "{version}" ;
    sd:defaultDataset [
        a sd:Dataset ;
        rdfs:comment "{default_graph}" ;
        sd:defaultGraph [ a sd:Graph ]
    ] .
"""
)


def service_description(endpoint: str, release: str, union_default_graph: bool) -> str:
    """Turtle describing the endpoint; `release` is the graph build it serves."""
    return _TEMPLATE.format(
        endpoint=endpoint,
        version=f"{release} (kg {__version__})",
        feature="    sd:feature sd:UnionDefaultGraph ;\n" if union_default_graph else "",
        default_graph="The default graph is the union of all named graphs."
        if union_default_graph
        else "The default graph holds the triples loaded without a graph name.",
    )
