"""One loaded graph (kg.evidence_graph): what it keeps, that each graph keeps its own, and that
every command that reads the graph opens it the same way (--build, --data, --store)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.check import check
from kg.cli import main
from kg.config import Settings
from kg.errors import KgError, NotFoundError
from kg.evidence_graph import EvidenceGraph
from kg.named_queries import QueryCatalog
from kg.store import EmbeddedStore
from tests import curated
from tests.conftest import QUERIES

MAUTNER = "mautner-2023-nat-med"


def test_views_are_read_once_per_graph(graph):
    assert graph.vocabulary is graph.vocabulary
    assert graph.evidence_rows is graph.evidence_rows
    assert {"msc", "bm-msc", "prp"} <= set(graph.vocabulary.concepts)
    assert {r["studyId"] for r in graph.evidence_rows} >= {"sadeghirad-2024", "mautner-2023"}


def test_a_second_graph_never_sees_the_first_ones_views(graph):
    """A small store opened beside the real one answers from its own data (the views were
    once module-level caches keyed by store)."""
    small = EvidenceGraph(EmbeddedStore(ox.Store()), QueryCatalog(QUERIES))
    assert small.vocabulary.concepts == {}
    assert small.evidence_rows == []
    assert check(small, "MSC injections reduce knee pain.")["verdict"] == "insufficient"
    assert check(graph, "MSC injections reduce knee pain.")["verdict"] != "insufficient"


def test_a_reference_is_formatted_once_per_paper_whatever_it_is_called(graph):
    doi = curated.studies()["mautner-2023"]["publications"][0]["doi"]
    by_id = graph.reference(MAUTNER)
    assert graph.reference(doi.upper()) is by_id  # the same entry, not a second one
    assert graph.reference(f"https://doi.org/{doi}") is by_id
    assert "Mautner" in by_id and graph.reference(MAUTNER, "bibtex").startswith("@")
    with pytest.raises(NotFoundError):
        graph.reference("no-such-paper")


def test_a_curated_claim_is_read_once_and_handed_out_as_a_copy(graph):
    """The documents' claims are read once per graph; each caller gets its own copy, so an
    answer that adds to its claim (citations, say) leaves the next answer's alone."""
    linked = [
        (listed, *listed["id"].split("/", 1))
        for _, listed in graph.curated_quotes
        if graph.curated_claim(*listed["id"].split("/", 1))["evidence"]
    ]
    listed, document, claim_id = linked[0]
    first = graph.curated_claim(document, claim_id)
    assert first["id"] == listed["id"] and first["evidence"]
    first["evidence"].clear()
    first["assessment"] = "changed by a caller"
    again = graph.curated_claim(document, claim_id)
    assert again["evidence"] and again["assessment"] == listed["assessment"]
    assert again is not first
    assert graph.curated_claim(document, "no-such-claim") is None


def test_opening_fails_naming_a_missing_named_query(tmp_path, built):
    (tmp_path / "studies.rq").write_text((QUERIES / "studies.rq").read_text())
    with pytest.raises(KgError, match=r"named queries .*vocabulary.* are missing"):
        EvidenceGraph.open(Settings(build_dir=built, queries_dir=tmp_path))


@pytest.fixture(scope="module")
def data_file(store, tmp_path_factory):
    """The real graph as one Turtle file with every triple in the default graph, as a user
    would pass it with --data."""
    triples = list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
    path = tmp_path_factory.mktemp("data") / "graph.ttl"
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE))
    return path


def _json(capsys, *args) -> dict:
    code = main([*args, "--queries", str(QUERIES), "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


@pytest.mark.parametrize(
    "command",
    [
        ["ask", "Which randomised trials compared bone marrow MSCs with hyaluronic acid?"],
        ["check", "MSC injections reduce knee pain compared with placebo."],
    ],
)
def test_every_command_reads_data_files_as_it_reads_the_build(command, data_file, settings, capsys):
    from_build = _json(capsys, *command, "--build", str(settings.build_dir))
    from_file = _json(capsys, *command, "--data", str(data_file))
    for answer in (from_build, from_file):
        answer.pop("release")
    assert from_file == from_build


def test_stats_and_cite_take_data_files(data_file, settings, capsys):
    on_build = _json(capsys, "stats", "--build", str(settings.build_dir))
    on_file = _json(capsys, "stats", "--data", str(data_file))
    assert on_file["nodes"] == on_build["nodes"]
    assert main(["cite", MAUTNER, "--data", str(data_file), "--queries", str(QUERIES)]) == 0
    assert "Mautner" in capsys.readouterr().out


def test_an_unreadable_data_file_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "graph.ttl"
    bad.write_text("<a> <b> .\n")
    code = main(["stats", "--data", str(bad), "--queries", str(QUERIES)])
    err = capsys.readouterr().err
    assert code == 2 and str(bad) in err and "could not load" in err


def test_warm_reads_every_view_a_check_needs(settings):
    from kg.config import Settings
    from kg.evidence_graph import EvidenceGraph

    graph = EvidenceGraph.open(
        Settings(build_dir=settings.build_dir, queries_dir=settings.queries_dir)
    )
    graph.warm()
    assert all(view in graph.__dict__ for view in EvidenceGraph._VIEWS)


def test_every_comparison_in_the_evidence_names_both_its_sides(graph):
    """A trial's result pooled over arms ('the ADSC groups versus placebo') names each arm it
    pools, so the check can say what was compared; none reads 'None vs saline'."""
    rows = [r for r in graph.evidence_rows if r["comparator"]]
    assert rows and all(r["intervention"] for r in rows), [
        r["finding"] for r in rows if not r["intervention"]
    ]
    pooled = {r["finding"].rsplit("/", 1)[-1]: r for r in graph.evidence_rows
              if r["studyId"] == "adipoa2-2025"}  # fmt: skip
    assert (pooled["secondary-12m"]["intervention"], pooled["secondary-12m"]["comparator"]) == (
        "ad-msc",
        "saline",
    )
