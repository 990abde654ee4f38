"""The REST API on the real graph: studies, publications, citations, claims, dereferencing."""

from __future__ import annotations

import json

import pytest
import yaml
from fastapi.testclient import TestClient
from rdflib import Graph

from kg.api.app import create_app
from tests import curated
from tests.conftest import GRAPH


@pytest.fixture(scope="module")
def client(settings, store):
    with TestClient(create_app(settings, store)) as client:
        yield client


def test_studies_filters_match_the_curated_data(client):
    page = client.get(
        "/studies", params={"design": "rct", "intervention": "marrow", "limit": 500}
    ).json()
    expected = curated.with_design("rct") & curated.with_intervention("bm-msc")
    assert {s["id"] for s in page["items"]} == expected and page["total"] == len(expected)


def test_studies_year_and_kl_filters(client):
    vega = client.get("/studies", params={"year": 2015}).json()["items"]
    assert "vega-2015" in {s["id"] for s in vega}
    assert all(any(p["year"] == 2015 for p in s["publications"]) for s in vega)
    kl4 = {
        s["id"]
        for s in client.get("/studies", params={"kl_grade": "KL IV", "limit": 500}).json()["items"]
    }
    assert kl4 == {sid for sid, s in curated.studies().items() if 4 in curated.kl_grades(s)}


def test_studies_paging(client):
    everything = client.get("/studies", params={"limit": 500}).json()
    assert everything["total"] == len(curated.studies())
    page = client.get("/studies", params={"limit": 5, "offset": 5}).json()
    assert [s["id"] for s in page["items"]] == [s["id"] for s in everything["items"][5:10]]
    assert client.get("/studies", params={"limit": 0}).status_code == 422


def test_study_detail(client):
    study = client.get("/studies/vega-2015").json()
    assert study["design"] == "rct" and study["sampleSize"] == 30
    assert {a["intervention"] for a in study["arms"]} == {"bm-msc", "hyaluronic-acid"}
    assert study["publications"][0]["title"].startswith("Treatment of Knee Osteoarthritis")
    missing = client.get("/studies/vega-2016")
    assert missing.status_code == 404 and "vega-2016" in missing.json()["detail"]


def test_unknown_filter_term_is_422_with_suggestion(client):
    response = client.get("/studies", params={"design": "rtc"})
    assert response.status_code == 422 and "did you mean 'rct'" in response.json()["detail"]


def test_publication_record_matches_the_yaml(client):
    source = yaml.safe_load((GRAPH / "studies" / "bennell-2021.yaml").read_text())
    expected = source["publications"][0]
    record = client.get("/publications/bennell-2021-jama").json()
    for key in ("title", "authors", "doi", "pmid", "pmcid", "volume", "issue", "pages"):
        assert record[key] == expected[key], key
    assert record["verified_at"] and record["studies"] == ["bennell-2021"]
    assert client.get("/publications/no-such").status_code == 404


def test_citation_formats(client):
    bib = client.get("/citations/bennell-2021-jama", params={"format": "bibtex"}).text
    assert bib.startswith("@article{") and "doi = {10.1001/jama.2021.19415}" in bib
    assert "author = {Bennell, K. L. and Paterson, K. L." in bib
    ris = client.get("/citations/bennell-2021-jama", params={"format": "ris"}).text
    assert ris.startswith("TY  - JOUR") and "DO  - 10.1001/jama.2021.19415" in ris
    assert ris.rstrip().endswith("ER  -")
    csl = json.loads(client.get("/citations/bennell-2021-jama", params={"format": "csl-json"}).text)
    assert csl[0]["DOI"] == "10.1001/jama.2021.19415"
    assert csl[0]["author"][0] == {"family": "Bennell", "given": "K. L."}
    assert csl[0]["issued"] == {"date-parts": [[2021, 11, 23]]}
    text = client.get("/citations/bennell-2021-jama").text
    # `text` is the Vancouver (NLM) style: minimal page ranges with an en dash
    assert text.startswith("Bennell KL, Paterson KL") and "JAMA. 2021;326(20):2021–30." in text
    assert client.get("/citations/bennell-2021-jama", params={"format": "mla"}).status_code == 422


def test_claims_by_assessment(client):
    claims = yaml.safe_load((GRAPH / "documents/apex-msc-knee-oa-guide/claims.yaml").read_text())[
        "claims"
    ]
    listed = client.get("/claims", params={"assessment": "contradicted"}).json()
    assert {c["id"].split("/")[1] for c in listed} == {
        c["id"] for c in claims if c["assessment"] == "contradicted"
    }
    assert len(client.get("/claims").json()) == len(claims)


def test_claim_detail_carries_evidence_and_citations(client):
    claim = client.get("/claims/apex-msc-knee-oa-guide/prp-benefit-kl2").json()
    assert claim["assessment"] == "mixed"
    assert claim["quote"] == "PRP often produces clinically meaningful benefit"
    stances = {e["study"]: e["stance"] for e in claim["evidence"]}
    assert stances["bennell-2021"] == "contradicts"
    restore = next(e for e in claim["evidence"] if e["study"] == "bennell-2021")
    assert restore["publications"][0]["doi"] == "10.1001/jama.2021.19415"
    assert restore["reason"]
    assert client.get("/claims/apex-msc-knee-oa-guide/nope").status_code == 404


def test_iris_dereference_with_content_negotiation(client):
    page = client.get("/id/study/vega-2015", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Vega 2015" in page.text
    turtle = client.get("/id/study/vega-2015", headers={"accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert len(graph) > 5
    ld = client.get("/concept/bm-msc", headers={"accept": "application/ld+json"})
    assert ld.headers["content-type"].startswith("application/ld+json")
    assert "Bone marrow MSCs" in ld.text
    assert client.get("/id/study/nothing-here").status_code == 404


def test_every_answer_names_its_release(client, store):
    response = client.get("/studies", params={"limit": 1})
    assert response.headers["x-graph-release"] == store.release()["version"]


def test_openapi_documents_the_rest_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/studies",
        "/studies/{study_id}",
        "/publications/{publication_id}",
        "/claims",
        "/claims/{document}/{claim_id}",
        "/citations/{publication_id}",
        "/id/{path}",
    } <= set(paths)


def test_a_publication_reads_the_same_in_the_list_and_in_the_study(client):
    """One summary of a publication (id, iri, title, year, DOI) in every answer: the study's
    detail carries the same keys and values as the list, beside the full record."""
    listed = {s["id"]: s for s in client.get("/studies", params={"limit": 500}).json()["items"]}
    for study_id in ("vega-2015", "mautner-2023", "sadeghirad-2024"):
        detail = client.get(f"/studies/{study_id}").json()
        keys = ("id", "iri", "title", "year", "doi")
        in_detail = {p["iri"]: {k: p[k] for k in keys} for p in detail["publications"]}
        in_list = {p["iri"]: p for p in listed[study_id]["publications"]}
        assert in_list and all(in_detail[iri] == summary for iri, summary in in_list.items())
