"""The curated content itself: provenance on every record, identifier formats, quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import GRAPH, ROOT

STUDIES = sorted((GRAPH / "studies").glob("*.yaml"))
ARTICLE = GRAPH / "documents" / "apex-msc-knee-oa-guide" / "article.txt"
SEED = ROOT.parent / "shared" / "seed" / "000_ee498d934abf17e1.txt"


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", STUDIES, ids=lambda p: p.stem)
def test_every_study_and_publication_records_where_it_was_verified(path):
    study = _load(path)
    assert study["sources"], f"{path.name}: no source URLs"
    assert all(re.match(r"https?://", url) for url in study["sources"])
    for pub in study.get("publications", []):
        assert pub["verified_at"], f"{path.name}: {pub['id']} has no verified_at"
        assert set(pub["verified_at"]) <= set(study["sources"]), (
            f"{path.name}: every URL a publication was verified at is also a study source"
        )


@pytest.mark.parametrize("path", STUDIES, ids=lambda p: p.stem)
def test_identifier_formats(path):
    for pub in _load(path).get("publications", []):
        if "doi" in pub:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", pub["doi"]) and pub["doi"] == pub["doi"].lower()
        if "pmid" in pub:
            assert isinstance(pub["pmid"], str) and pub["pmid"].isdigit()
        if "pmcid" in pub:
            assert re.fullmatch(r"PMC\d+", pub["pmcid"])
    for reg in _load(path).get("registrations", []):
        assert re.fullmatch(r"NCT\d{8}|EudraCT \d{4}-\d{6}-\d{2}|ACTRN\d{14}", reg)


def test_claim_quotes_are_verbatim_in_the_article():
    text = ARTICLE.read_text(encoding="utf-8")
    claims = _load(ARTICLE.parent / "claims.yaml")["claims"]
    for claim in claims:
        assert claim["quote"] in text, claim["id"]


def test_article_is_the_seed_byte_for_byte():
    if not SEED.is_file():
        pytest.skip("shared/seed is not beside this checkout")
    assert ARTICLE.read_bytes() == SEED.read_bytes()


def test_every_reference_of_the_article_is_modelled():
    text = ARTICLE.read_text(encoding="utf-8")
    listed = re.findall(r"^\s+(\d+)\. (.+)$", text.split("References", 1)[1], flags=re.M)
    document = _load(ARTICLE.parent / "document.yaml")
    modelled = {ref["number"]: ref["cited_as"] for ref in document["references"]}
    assert modelled == {int(n): cited.strip() for n, cited in listed}


def test_seed_references_resolve_to_verified_publications(store):
    rows = store.query("""
        PREFIX ev: <https://w3id.org/msc-knee-oa/ontology#>
        SELECT ?n ?pub WHERE {
          ?ref ev:referenceNumber ?n ; ev:refersTo ?pub .
          ?pub ev:verifiedAt ?url .
        }""")
    assert {int(r["n"].value) for r in rows} == {1, 2, 4, 5, 6, 7}


def test_every_seed_claim_is_modelled_and_assessed():
    claims = _load(ARTICLE.parent / "claims.yaml")["claims"]
    assert len(claims) >= 60
    unassessed = [c["id"] for c in claims if c["assessment"] == "not-assessed"]
    assert unassessed == []
    for claim in claims:
        if claim["assessment"] in ("supported", "contradicted", "mixed"):
            assert claim.get("evidence"), claim["id"]
        for link in claim.get("evidence", []):
            assert link["reason"].strip(), claim["id"]
