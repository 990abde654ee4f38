"""Referential integrity of the built graph: every pointer lands on a node of the right kind."""

from __future__ import annotations

import pytest

PREFIX = """
PREFIX ev: <https://w3id.org/msc-knee-oa/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX scheme: <https://w3id.org/msc-knee-oa/scheme/>
"""

DANGLING = {
    "evidence link without a finding, result or study": """
        SELECT ?x WHERE { ?x ev:evidence ?e .
          FILTER NOT EXISTS { ?e a ?k . VALUES ?k { ev:Finding ev:Result ev:Study } } }""",
    "inclusion that is not a study": """
        SELECT ?x WHERE { ?x ev:includesStudy ?s . FILTER NOT EXISTS { ?s a ev:Study } }""",
    "arm whose intervention is not in the intervention vocabulary": """
        SELECT ?x WHERE { ?x a ev:Arm .
          FILTER NOT EXISTS { ?x ev:intervention/skos:inScheme scheme:intervention } }""",
    "result whose outcome is not in the outcome vocabulary": """
        SELECT ?x WHERE { ?x a ev:Result .
          FILTER NOT EXISTS { ?x ev:outcome/skos:inScheme scheme:outcome } }""",
    "reference to a publication that does not exist": """
        SELECT ?x WHERE { ?x ev:refersTo ?p . FILTER NOT EXISTS { ?p a ev:Publication } }""",
    "study without a source URL": """
        SELECT ?x WHERE { ?x a ev:Study . FILTER NOT EXISTS { ?x ev:verifiedAt ?u } }""",
    "claim whose evidence was curated but whose assessment is missing": """
        SELECT ?x WHERE { ?x ev:hasEvidence ?e . FILTER NOT EXISTS { ?x ev:assessment ?a } }""",
}


@pytest.mark.parametrize("rule", DANGLING)
def test_no_dangling_pointers(store, rule):
    offenders = [row["x"].value for row in store.query(PREFIX + DANGLING[rule])]
    assert offenders == [], f"{rule}: {offenders}"


def test_every_evidence_kind_is_reachable(store):
    kinds = {
        row["k"].value.rsplit("#", 1)[1]
        for row in store.query(PREFIX + "SELECT DISTINCT ?k WHERE { ?l ev:evidence ?e . ?e a ?k }")
    }
    assert {"Result", "Study"} <= kinds
