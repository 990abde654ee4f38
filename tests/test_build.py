"""The build: real sources validate, the dump is complete, deterministic and atomic."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest

from kg.build import DUMP_NAME, build, validate
from kg.errors import ConformanceError, SourceError
from tests.conftest import GRAPH


def _source_files(graph_dir):
    files = [graph_dir / "ontology.ttl"]
    files += sorted(graph_dir.glob("vocab/*.yaml")) + sorted(graph_dir.glob("studies/*.yaml"))
    files += sorted(graph_dir.glob("documents/*/*.yaml"))
    files += sorted(graph_dir.glob("modifiers.yaml"))
    return files


def test_real_graph_validates():
    sources, lines = validate(GRAPH)
    assert len(sources.files) == len(_source_files(GRAPH))
    assert len(lines) > 1000


def test_one_named_graph_per_source_file_plus_release(built):
    store = ox.Store()
    store.bulk_load(path=str(built / DUMP_NAME), format=ox.RdfFormat.N_QUADS)
    graphs = {g.value for g in store.named_graphs()}
    expected = {
        f"https://w3id.org/msc-knee-oa/source/{p.relative_to(GRAPH).as_posix()}"
        for p in _source_files(GRAPH)
    }
    assert graphs == expected | {"https://w3id.org/msc-knee-oa/source/release"}
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_every_node_points_back_to_its_source_file(store):
    orphans = list(
        store.query("""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX ev: <https://w3id.org/msc-knee-oa/ontology#>
        SELECT ?node WHERE {
          VALUES ?kind { ev:Study ev:Publication ev:Arm ev:Result ev:Claim ev:Reference
                         ev:Document ev:EvidenceLink ev:CitationDiscrepancy }
          ?node a ?kind .
          FILTER NOT EXISTS { ?node prov:wasDerivedFrom ?file . ?file a ev:SourceFile }
        }""")
    )
    assert orphans == []


def test_rebuild_is_byte_identical(tmp_path, built):
    report = build(GRAPH, tmp_path)
    assert (tmp_path / DUMP_NAME).read_bytes() == (built / DUMP_NAME).read_bytes()
    assert report.version.endswith(report.checksum[:12])


def test_release_is_described_in_the_dump(store):
    release = store.release()
    assert release["version"].startswith("0.1.0+")
    assert len(release["checksum"]) == 64


def test_validate_writes_nothing(tmp_path):
    report = build(GRAPH, tmp_path / "out", write=False)
    assert report.dump is None
    assert not (tmp_path / "out").exists()


def test_failed_build_leaves_previous_dump_intact(tmp_path, graph_copy):
    out = tmp_path / "out"
    build(graph_copy, out)
    before = (out / DUMP_NAME).read_bytes()
    study = graph_copy / "studies" / "vega-2015.yaml"
    study.write_text(study.read_text().replace("design: rct", "design: not-a-design"))
    with pytest.raises(SourceError):
        build(graph_copy, out)
    (graph_copy / "studies" / "vega-2015.yaml").write_text(
        study.read_text().replace("design: not-a-design", "design: rct")
    )
    pub_free = graph_copy / "studies" / "pers-2016.yaml"
    pub_free.write_text(pub_free.read_text().replace("design: single-arm\n", ""))
    with pytest.raises(ConformanceError):
        build(graph_copy, out)
    after = (out / DUMP_NAME).read_bytes()
    assert hashlib.sha256(after).digest() == hashlib.sha256(before).digest()
    assert [p.name for p in out.iterdir()] == [DUMP_NAME]  # no temp file left behind


def test_all_problems_are_reported_at_once(graph_copy):
    for name in ("vega-2015", "bennell-2021"):
        path = graph_copy / "studies" / f"{name}.yaml"
        path.write_text(path.read_text().replace("design: rct", "design: rtc"))
    with pytest.raises(SourceError) as caught:
        validate(graph_copy)
    files = {p.file for p in caught.value.problems}
    assert files == {"studies/vega-2015.yaml", "studies/bennell-2021.yaml"}
    assert all("did you mean 'rct'" in p.message for p in caught.value.problems)


def test_missing_graph_folder_is_named(tmp_path):
    with pytest.raises(SourceError, match="no such folder"):
        validate(tmp_path / "nowhere")


def test_within_is_the_reflexive_transitive_closure_of_broader(store):
    """ev:within is materialised so queries need no property path; it must equal broader*."""
    prefix = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "PREFIX ev: <https://w3id.org/msc-knee-oa/ontology#> "
    )

    def pairs(pattern: str) -> set[tuple[str, str]]:
        rows = store.query(prefix + f"SELECT ?a ?b WHERE {{ ?a a skos:Concept . {pattern} }}")
        return {(row["a"].value, row["b"].value) for row in rows}

    within = pairs("?a ev:within ?b")
    assert within == pairs("?a skos:broader* ?b")
    concept = "https://w3id.org/msc-knee-oa/concept/"
    assert (concept + "wj-msc", concept + "msc") in within
    assert (concept + "msc", concept + "wj-msc") not in within


def test_an_included_count_needs_its_sentence_and_a_count(graph_copy):
    """A synthesis's count of included studies is a fact like any other: stated with the
    page's sentence and source, and a count of 1 or more; a bad one is named by place."""
    path = graph_copy / "studies" / "sadeghirad-2024.yaml"
    text = path.read_text()
    assert "included_count:\n  studies: 16\n" in text
    path.write_text(
        text.replace("included_count:\n  studies: 16\n", "included_count:\n  studies: 0\n")
    )
    with pytest.raises(ConformanceError) as caught:
        build(graph_copy, graph_copy.parent / "out")
    assert "included_count.studies" in str(caught.value)
    no_sentence = "\n".join(
        line for line in text.splitlines() if not line.startswith("  statement:")
    )
    path.write_text(no_sentence.replace("We included 16 trials", ""))
    with pytest.raises(SourceError) as caught:
        validate(graph_copy)
    assert any("sentence that states the count" in p.message for p in caught.value.problems)
