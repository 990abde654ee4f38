"""The evidence network on the real graph. Expected edges, gaps, paths and overlap are
computed here from the curated YAML (tests/curated.py), not through the store."""

from __future__ import annotations

import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from itertools import combinations, pairwise

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.cli import main
from kg.errors import ParameterError
from kg.network import EvidenceNetwork, corrected_covered_area
from tests import curated
from tests.conftest import QUERIES


@pytest.fixture(scope="module")
def net(graph) -> EvidenceNetwork:
    return EvidenceNetwork.from_graph(graph)


@pytest.fixture(scope="module")
def client(settings, store):
    with TestClient(create_app(dataclasses.replace(settings, query_workers=0), store)) as client:
        yield client


# ------------------------------------------------------------ expected, from the YAML


def trial_edges(design: str = "rct") -> dict[frozenset, set[str]]:
    """Pairs of distinct arm interventions of each trial of the design → the trials."""
    edges = defaultdict(set)
    for sid in curated.with_design(design):
        concepts = {arm["intervention"] for arm in curated.studies()[sid].get("arms", [])}
        for pair in combinations(sorted(concepts), 2):
            edges[frozenset(pair)].add(sid)
    return dict(edges)


def trial_concepts(design: str = "rct") -> set[str]:
    return {
        arm["intervention"]
        for sid in curated.with_design(design)
        for arm in curated.studies()[sid].get("arms", [])
    }


def linked(ends_a: set[str], ends_b: set[str]) -> bool:
    edges = trial_edges()
    return any(frozenset((u, v)) in edges for u in ends_a for v in ends_b)


def edges_of(comparisons: list[dict]) -> dict[frozenset, set[str]]:
    return {frozenset((c["a"], c["b"])): {s["id"] for s in c["studies"]} for c in comparisons}


def comparison(net, a: str, b: str) -> dict:
    return next(c for c in net.comparisons() if {c["a"], c["b"]} == {a, b})


# ------------------------------------------------------------ comparisons


@pytest.mark.parametrize("design", ["rct", "controlled-study"])
def test_edges_are_the_curated_trials(graph, design):
    net = EvidenceNetwork.from_graph(graph, design)
    assert edges_of(net.comparisons()) == trial_edges(design)
    assert {n["id"] for n in net.nodes()} == {c for pair in trial_edges(design) for c in pair}
    trials = {
        node["id"]: {
            sid
            for sid in curated.with_design(design)
            if node["id"] in {a["intervention"] for a in curated.studies()[sid].get("arms", [])}
        }
        for node in net.nodes()
    }
    assert {n["id"]: n["trials"] for n in net.nodes()} == {k: len(v) for k, v in trials.items()}


def test_mautner_compares_three_cell_therapies_with_corticosteroid(net):
    mautner = curated.studies()["mautner-2023"]
    size = {arm["intervention"]: arm["n"] for arm in mautner["arms"]}
    outcomes = {r["outcome"] for r in mautner["results"]}
    doi = mautner["publications"][0]["doi"]
    for cell in ("bmac", "uc-msc", "svf"):
        edge = comparison(net, cell, "corticosteroid")
        assert (edge["a"], edge["b"]) == (cell, "corticosteroid")  # the cell therapy leads
        trial = next(s for s in edge["studies"] if s["id"] == "mautner-2023")
        assert trial["participants"] == size[cell] + size["corticosteroid"]
        assert set(trial["outcomes"]) == outcomes
        assert [p["doi"] for p in trial["publications"]] == [doi]


def test_edge_weights_add_up_the_trials(net):
    for edge in net.comparisons():
        sizes = [s["participants"] for s in edge["studies"]]
        assert edge["study_count"] == len(edge["studies"])
        assert edge["participants"] == sum(n for n in sizes if n is not None)
        assert edge["participants_unknown"] == sizes.count(None)
        outcomes = {
            r["outcome"]
            for s in edge["studies"]
            for r in curated.studies()[s["id"]].get("results", [])
            if "outcome" in r
        }
        assert set(edge["outcomes"]) == outcomes


def test_participants_are_group_sizes_or_the_whole_trial(net):
    for edge in net.comparisons():
        for trial in edge["studies"]:
            study = curated.studies()[trial["id"]]
            arms = [a for a in study["arms"] if a["intervention"] in (edge["a"], edge["b"])]
            if all("n" in a for a in arms):
                assert trial["participants"] == sum(a["n"] for a in arms), trial["id"]
            elif len(arms) == len(study["arms"]):
                assert trial["participants"] == study.get("sample_size"), trial["id"]
            else:
                assert trial["participants"] is None, trial["id"]


def test_same_intervention_arms_give_no_edge(net):
    # Hernigou 2020 compares two routes of BMAC: a trial of bmac, but no comparison.
    arms = {a["intervention"] for a in curated.studies()["hernigou-2020"]["arms"]}
    assert arms == {"bmac"}
    assert all("hernigou-2020" not in ids for ids in edges_of(net.comparisons()).values())


def test_comparisons_follow_the_hierarchy(net):
    msc, control = curated.under("msc"), curated.under("control")
    expected = {
        pair: ids
        for pair, ids in trial_edges().items()
        if any(u in msc and v in control for u, v in (tuple(pair), tuple(pair)[::-1]))
    }
    found = net.comparisons("msc", "control")
    assert edges_of(found) == expected and expected
    assert all(c["a"] in msc and c["b"] in control for c in found)
    assert net.comparisons("stem cells", "steroid") == net.comparisons(
        "cell-therapy", "corticosteroid"
    )


# ------------------------------------------------------------ gaps


def test_gaps_are_cell_therapy_pairs_no_trial_compares(net):
    nodes, cells = trial_concepts(), curated.under("cell-therapy")
    expected = set()
    for u, v in combinations(sorted(nodes), 2):
        involved = u in cells or v in cells
        nested = u in curated.under(v) or v in curated.under(u)
        if (
            involved
            and not nested
            and not linked(curated.under(u) & nodes, curated.under(v) & nodes)
        ):
            expected.add(frozenset((u, v)))
    gaps = {frozenset((g["a"], g["b"])) for g in net.gaps()}
    assert gaps == expected
    assert all(g["a"] in cells for g in net.gaps())


def test_a_real_gap_is_reported_and_a_compared_pair_is_not(net):
    both = [
        sid
        for sid in curated.with_design("rct")
        if {"bm-msc", "ad-msc"} <= {a["intervention"] for a in curated.studies()[sid]["arms"]}
    ]
    assert both == []
    gaps = {(g["a"], g["b"]) for g in net.gaps()}
    assert ("ad-msc", "bm-msc") in gaps
    assert ("bmac", "corticosteroid") not in gaps
    # A bmac-versus-saline trial (Shapiro 2017) covers bmac versus placebo.
    assert ("bmac", "placebo") not in gaps and "saline" in curated.under("placebo")


# ------------------------------------------------------------ indirect paths


def test_indirect_paths_go_through_common_comparators(net):
    marrow, adipose = curated.under("bm-msc"), curated.under("ad-msc")
    edges = trial_edges()
    paths = net.indirect_paths("marrow", "adipose")
    comparators = {
        c
        for c in trial_concepts() - marrow - adipose
        if linked(marrow, {c}) and linked({c}, adipose)
    }
    assert {p["via"][0] for p in paths if p["length"] == 2} == comparators
    assert "hyaluronic-acid" in comparators
    for path in paths:
        assert path["from"] in marrow and path["to"] in adipose and 2 <= path["length"] <= 3
        for step, (u, v) in zip(path["steps"], pairwise(path["nodes"]), strict=True):
            assert (step["a"], step["b"]) == (u, v)
            assert {s["id"] for s in step["studies"]} == edges[frozenset((u, v))]
    assert json.loads(json.dumps(paths)) == paths
    assert net.indirect_paths("bm-msc", "ad-msc") == paths


def test_paths_from_a_broad_term_start_at_narrower_arms(net):
    msc = curated.under("msc") & trial_concepts()
    paths = net.indirect_paths("msc", "svf")
    comparators = {
        c for c in trial_concepts() - msc - {"svf"} if linked(msc, {c}) and linked({c}, {"svf"})
    }
    assert {p["via"][0] for p in paths if p["length"] == 2} == comparators and comparators
    assert {p["from"] for p in paths} <= msc and {p["to"] for p in paths} == {"svf"}
    # A chain that passes through another MSC arm is not indirect evidence for msc.
    assert all(not set(p["via"]) & msc for p in paths) and any(p["length"] == 3 for p in paths)
    # Indirect evidence is listed even where a trial compares the two directly.
    assert [(c["a"], c["b"]) for c in net.comparisons("msc", "svf")] == [("uc-msc", "svf")]


def test_nested_interventions_are_no_gap():
    """The real trials hold no nested pair of cell therapies, so a hand-made network."""
    graph = nx.Graph()
    for node in ("uc-msc", "wj-msc", "saline"):
        graph.add_node(node, label=node, trials=set())
    graph.add_edge("uc-msc", "saline", studies={})
    within = {
        "uc-msc": {"uc-msc", "msc", "cell-therapy"},
        "wj-msc": {"wj-msc", "uc-msc", "msc", "cell-therapy"},
        "saline": {"saline", "placebo", "control"},
    }
    net = EvidenceNetwork(graph, within, reviews={}, store=None, design="rct")
    assert [(g["a"], g["b"]) for g in net.gaps()] == [("wj-msc", "saline")]


def test_max_length_bounds_the_paths(net):
    assert all(p["length"] == 2 for p in net.indirect_paths("marrow", "adipose", max_length=2))
    with pytest.raises(ParameterError, match="at least 2"):
        net.indirect_paths("marrow", "adipose", max_length=1)


def test_unknown_intervention_names_near_terms(net):
    with pytest.raises(ParameterError, match=r"'bm-mcs' is not a term.*did you mean 'bm-msc'"):
        net.indirect_paths("bm-mcs", "prp")


def test_nested_interventions_are_refused(net):
    with pytest.raises(ParameterError, match="overlap"):
        net.indirect_paths("msc", "marrow")


# ------------------------------------------------------------ review overlap


def test_review_overlap_and_cca_by_hand(net):
    reviews = {
        sid: set(s["includes"])
        for sid, s in curated.studies().items()
        if s.get("includes") and sid in curated.with_design("systematic-review")
    }
    n = sum(map(len, reviews.values()))
    r = len(set().union(*reviews.values()))
    c = len(reviews)
    overlap = net.review_overlap()
    assert {x["id"]: set(x["studies"]) for x in overlap["reviews"]} == reviews
    assert overlap["cca"]["cca"] == pytest.approx((n - r) / (r * c - r))
    assert (overlap["cca"]["inclusions"], overlap["cca"]["primary_studies"]) == (n, r)
    assert {(p["a"], p["b"]): set(p["shared"]) for p in overlap["pairs"]} == {
        (x, y): reviews[x] & reviews[y] for x, y in combinations(sorted(reviews), 2)
    }


def test_cca_formula():
    three = {"r1": {"a", "b", "c"}, "r2": {"a", "b"}, "r3": {"a"}}
    assert corrected_covered_area(three) == {
        "inclusions": 6,
        "primary_studies": 3,
        "reviews": 3,
        "cca": 0.5,  # (6 - 3) / (3*3 - 3)
        "level": "very high",
    }
    disjoint = corrected_covered_area({"r1": {"a"}, "r2": {"b"}})
    assert (disjoint["cca"], disjoint["level"]) == (0.0, "slight")
    assert corrected_covered_area({"r1": {"a", "b"}})["cca"] is None


# ------------------------------------------------------------ exports


def test_json_and_graphml_exports(net):
    data = net.to_json()
    assert json.loads(json.dumps(data)) == data
    graph = nx.read_graphml(io.BytesIO(net.graphml()))
    assert {frozenset(e) for e in graph.edges} == set(trial_edges())
    edge = graph.edges["bmac", "corticosteroid"]
    assert edge["studies"] == 1 and edge["participants"] == 240
    assert edge["study_ids"] == "mautner-2023" and "vas-pain" in edge["outcomes"].split()
    assert graph.nodes["bm-msc"]["label"] == "Bone marrow MSCs"


# ------------------------------------------------------------ CLI and API


def kg(capsys, settings, *args):
    code = main(["network", "--build", str(settings.build_dir), "--queries", str(QUERIES), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_tables_json_and_files(capsys, settings, net, tmp_path):
    code, out, _ = kg(capsys, settings)
    assert code == 0
    assert "Direct comparisons" in out and "mautner-2023" in out
    assert ["ad-msc", "bm-msc"] in [line.split() for line in out.splitlines()]  # a gap
    inclusions = {
        sid: set(s["includes"])
        for sid, s in curated.studies().items()
        if s.get("includes") and s["design"] in curated.under("systematic-review")
    }
    cca = corrected_covered_area(inclusions)
    assert f"Corrected covered area: {cca['cca']:.1%} ({cca['level']})" in out
    code, out, _ = kg(capsys, settings, "--json")
    assert code == 0 and json.loads(out) == net.to_json()
    graphml, svg = tmp_path / "net.graphml", tmp_path / "net.svg"
    code, out, err = kg(capsys, settings, "--graphml", str(graphml), "--svg", str(svg))
    assert code == 0 and out == "" and f"wrote {graphml}" in err
    assert nx.read_graphml(graphml).number_of_edges() == len(trial_edges())
    lines = ET.parse(svg).getroot().findall("{http://www.w3.org/2000/svg}line")
    assert len(lines) == len(trial_edges())


def test_cli_between(capsys, settings):
    code, out, _ = kg(capsys, settings, "--between", "marrow", "adipose")
    assert code == 0 and "bm-msc → hyaluronic-acid → ad-msc" in out
    code, out, _ = kg(capsys, settings, "--between", "umbilical", "steroid", "--json")
    data = json.loads(out)
    assert [(c["a"], c["b"]) for c in data["direct"]] == [("uc-msc", "corticosteroid")]


def test_cli_bad_input_exits_2_with_one_line(capsys, settings, tmp_path):
    code, _, err = kg(capsys, settings, "--between", "bm-mcs", "prp")
    assert code == 2 and "did you mean 'bm-msc'" in err and "Traceback" not in err
    code, _, err = kg(capsys, settings, "--design", "rtc")
    assert code == 2 and "did you mean 'rct'" in err
    code, _, err = kg(capsys, settings, "--graphml", str(tmp_path / "missing" / "x.graphml"))
    assert code == 2 and "cannot write" in err


def test_api_network(client, net):
    response = client.get("/network")
    assert response.status_code == 200 and response.json() == net.to_json()
    graphml = client.get("/network", params={"format": "graphml"})
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    assert nx.read_graphml(io.BytesIO(graphml.content)).number_of_edges() == len(trial_edges())
    by_accept = client.get("/network", headers={"Accept": "application/graphml+xml"})
    assert by_accept.content == graphml.content
    assert client.get("/network", params={"design": "rtc"}).status_code == 422


def test_api_paths(client, net):
    response = client.get("/network/paths", params={"a": "marrow", "b": "adipose"})
    assert response.status_code == 200
    assert response.json()["indirect"] == net.indirect_paths("marrow", "adipose")
    assert response.json()["direct"] == []
    direct = client.get("/network/paths", params={"a": "umbilical", "b": "steroid"}).json()
    assert direct["direct"] == net.comparisons("uc-msc", "corticosteroid") != []
    unknown = client.get("/network/paths", params={"a": "bm-mcs", "b": "prp"})
    assert unknown.status_code == 422 and "did you mean 'bm-msc'" in unknown.json()["detail"]
    short = client.get("/network/paths", params={"a": "marrow", "b": "adipose", "max_length": 1})
    assert short.status_code == 422
