"""Integrity flags on the real graph: read from the study files, carried to every answer
that cites the study (check, ask, the REST record, the pages, kg stats)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.ask import ask
from kg.check import check
from kg.cli import main
from tests import curated
from tests.conftest import QUERIES

FLAGGED = "kim-2018"  # TissueGene-C: Korea's regulator revoked the licence of the product


def _yaml_flags(study: str) -> list[dict]:
    return curated.studies()[study].get("integrity", [])


def test_the_flags_are_the_study_files_own(graph):
    flags = graph.integrity_flags[FLAGGED]
    assert [(f.kind, f.statement, f.source) for f in flags] == sorted(
        (f["kind"], " ".join(f["statement"].split()), f["source"]) for f in _yaml_flags(FLAGGED)
    )
    assert {f.label for f in flags} >= {"Regulator acted on the product"}
    unflagged = [s for s, data in curated.studies().items() if not data.get("integrity")]
    assert unflagged and not set(unflagged) & set(graph.integrity_flags)


def test_check_carries_the_flags_of_the_studies_behind_it(graph):
    answer = check(graph, "TissueGene-C improves IKDC scores compared with placebo.")
    flagged = [e for e in answer["evidence"] if e["study"] == FLAGGED]
    assert flagged and all(e["integrity"] for e in flagged)
    assert "integrity flags on" in answer["why"]
    others = [e for e in answer["evidence"] if e["study"] not in graph.integrity_flags]
    assert all(e["integrity"] == [] for e in others)


def test_ask_carries_the_flags_of_each_study(graph):
    answer = ask(graph, "TissueGene-C trials")
    rows = {r["id"]: r for r in answer["results"]}
    assert FLAGGED in rows
    assert {f["kind"] for f in rows[FLAGGED]["integrity"]} >= {"regulatory-action"}


def test_the_record_and_the_page_show_the_flags(settings):
    client = TestClient(create_app(settings))
    record = client.get(f"/studies/{FLAGGED}").json()
    assert {f["source"] for f in record["integrity"]} == {f["source"] for f in _yaml_flags(FLAGGED)}
    page = client.get(f"/id/study/{FLAGGED}", headers={"Accept": "text/html"}).text
    assert "Integrity flag: Regulator acted on the product" in page
    plain = client.get("/studies/vega-2015").json()
    assert plain["integrity"] == []


def test_stats_count_the_flags(settings, capsys):
    code = main(["stats", "--build", str(settings.build_dir), "--queries", str(QUERIES)])
    out = capsys.readouterr().out
    flagged = sum(1 for data in curated.studies().values() if data.get("integrity"))
    shown = re.search(r"studies with an integrity flag\s+(\d+)", out)
    assert code == 0 and shown and int(shown.group(1)) == flagged


# ------------------------------------------------------------------ claims about integrity


def test_a_claim_of_a_revoked_licence_is_borne_out_by_the_flag(graph):
    """Korea's regulator revoked TissueGene-C's (Invossa's) licence, and the cells were found
    to be kidney cells: both are flags of kim-2018, quoted as the evidence."""
    answer = check(
        graph,
        "Korea's regulator revoked the licence of Invossa after its cells turned out to be "
        "kidney cells.",
    )
    assert answer["verdict"] == "supported"
    kinds = {f["kind"] for e in answer["evidence"] for f in e["integrity"]}
    assert {"regulatory-action", "product-discrepancy"} <= kinds
    quoted = {e["statement"] for e in answer["evidence"] if e["study"] == FLAGGED}
    assert quoted <= {" ".join(f["statement"].split()) for f in _yaml_flags(FLAGGED)}


def test_an_action_in_another_place_or_a_missing_flag_is_insufficient_never_contradicted(graph):
    us = check(graph, "The FDA suspended the trials of Invossa.")
    assert us["verdict"] == "insufficient" and "in the United States" in us["why"]
    retracted = check(graph, "The RESTORE trial was retracted.")
    assert retracted["verdict"] == "insufficient"
    assert "records no retraction" in retracted["why"]


def test_a_denied_integrity_fact_is_not_read_as_one():
    from kg.integrity_claims import read_integrity_claim

    assert read_integrity_claim("The paper was retracted in 2020.") == {"retraction"}
    assert read_integrity_claim("The paper was never retracted.") == frozenset()
    assert read_integrity_claim("The authors declare no conflicts of interest.") == frozenset()
    # words that look like a flag's and are not: a cell suspension, a funder that is no maker
    assert read_integrity_claim("The cells were suspended in saline.") == frozenset()
    assert read_integrity_claim("The trial was funded by the NIH.") == frozenset()
    assert read_integrity_claim("The trial was industry-funded.") == {"industry-funded"}
