"""The `kg` command through its entry point: exit codes, messages, output formats."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest

from kg.cli import main
from tests import curated
from tests.conftest import GRAPH, QUERIES, ROOT


def kg(*args, capsys=None):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_console_script_is_installed():
    exe = os.path.join(os.path.dirname(sys.executable), "kg")
    done = subprocess.run([exe, "--version"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.startswith("kg ")


def test_build_and_validate(tmp_path, capsys):
    code, out, _ = kg(
        "build", "--graph", str(GRAPH), "--build", str(tmp_path), "--json", capsys=capsys
    )
    report = json.loads(out)
    assert code == 0 and report["ok"] and (tmp_path / "kg.nq").is_file()
    code, out, _ = kg("validate", "--graph", str(GRAPH), capsys=capsys)
    assert code == 0 and "conforms" in out


def test_nonconforming_graph_exits_1_with_located_messages(graph_copy, capsys):
    study = graph_copy / "studies" / "vega-2015.yaml"
    study.write_text(study.read_text().replace("design: rct", "design: rtc"))
    code, _, err = kg("validate", "--graph", str(graph_copy), capsys=capsys)
    assert code == 1
    assert re.search(r"studies/vega-2015\.yaml:\d+, record 'vega-2015', field 'design'", err)
    assert "Traceback" not in err


def test_query_table_and_formats(settings, capsys):
    common = ["--build", str(settings.build_dir), "--queries", str(QUERIES)]
    code, out, _ = kg("query", "studies-by-design", "design=meta-analysis", *common, capsys=capsys)
    metas = curated.with_design("meta-analysis")
    assert code == 0 and "awad-2019" in out and f"({len(metas)} rows)" in out
    code, out, _ = kg(
        "query", "studies-by-design", "design=meta-analysis", "-f", "json", *common, capsys=capsys
    )
    assert {b["id"]["value"] for b in json.loads(out)["results"]["bindings"]} == metas
    code, out, _ = kg(
        "query", "studies-by-design", "design=meta-analysis", "-f", "csv", *common, capsys=capsys
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"] for r in rows} == metas
    code, out, _ = kg("query", "studies-by-design", "-f", "tsv", *common, capsys=capsys)
    assert out.splitlines()[0].startswith("?design\t?study")


def test_construct_prints_turtle(settings, capsys):
    code, out, _ = kg(
        "query",
        "study-record",
        "study=vega-2015",
        "--build",
        str(settings.build_dir),
        "--queries",
        str(QUERIES),
        capsys=capsys,
    )
    assert code == 0 and "@prefix ev:" in out and "ev:hasArm" in out


def test_query_from_file_and_text(settings, capsys):
    code, out, _ = kg(
        "query",
        str(QUERIES / "studies-by-design.rq"),
        "design=cohort",
        "--build",
        str(settings.build_dir),
        capsys=capsys,
    )
    assert code == 0
    code, out, _ = kg(
        "query",
        "--sparql",
        "ASK { ?s a <https://w3id.org/msc-knee-oa/ontology#Study> }",
        "--build",
        str(settings.build_dir),
        capsys=capsys,
    )
    assert code == 0 and out.strip() == "yes"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no-such-query"], "no named query 'no-such-query'"),
        (["query", "--sparql", "SELEC ?x"], "malformed SPARQL"),
        (["query", "studies-by-design", "design=rtc"], "did you mean 'rct'"),
        (["query", "studies-by-design", "colour=red"], "has no parameter 'colour'"),
        (["query", "studies-by-design", "design"], "not of the form name=value"),
        (["query", "studies-by-design", "-f", "turtle"], "does not fit a SELECT"),
    ],
)
def test_unusable_input_exits_2(settings, capsys, args, message):
    code, _, err = kg(
        *args, "--build", str(settings.build_dir), "--queries", str(QUERIES), capsys=capsys
    )
    assert code == 2 and message in err and "Traceback" not in err


def test_missing_build_says_run_kg_build(tmp_path, capsys):
    code, _, err = kg(
        "query",
        "studies-by-design",
        "--build",
        str(tmp_path),
        "--queries",
        str(QUERIES),
        capsys=capsys,
    )
    assert code == 2 and "run `kg build` first" in err


def test_queries_lists_parameters(capsys):
    code, out, _ = kg("queries", "--queries", str(QUERIES), "--json", capsys=capsys)
    listed = {q["name"]: q for q in json.loads(out)}
    assert code == 0 and "rcts-comparing" in listed
    params = {p["name"]: p for p in listed["rcts-comparing"]["parameters"]}
    assert params["intervention_a"]["required"] and params["kl_grade"]["scheme"] == "kl-grade"


def test_query_runs_under_the_services_limits(settings, capsys):
    """`kg query` and /sparql share one place that decides what a query may cost
    (kg.query_run): the result limit, the refusal of updates and SERVICE, the format check."""
    common = ["--build", str(settings.build_dir), "--queries", str(QUERIES)]
    every = "SELECT ?s WHERE { ?s a ?type }"
    code, _, err = kg("query", "--sparql", every, "--result-limit", "5", *common, capsys=capsys)
    assert code == 2 and "more than 5 rows" in err and "KG_RESULT_LIMIT" in err
    code, out, _ = kg("query", "--sparql", every + " LIMIT 5", "--result-limit", "5", *common,
                      capsys=capsys)  # fmt: skip
    assert code == 0 and "(5 rows)" in out
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    code, _, err = kg("query", "--sparql", service, *common, capsys=capsys)
    assert code == 2 and "SERVICE" in err
    construct = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3"
    code, out, _ = kg("query", "--sparql", construct, "-f", "turtle", *common, capsys=capsys)
    assert code == 0 and "@prefix ev:" in out
    code, _, err = kg("query", "--sparql", construct, "-f", "csv", *common, capsys=capsys)
    assert code == 2 and "does not fit a CONSTRUCT" in err
