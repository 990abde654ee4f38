"""Named queries: headers parse, examples run, and answers on the real graph are right."""

from __future__ import annotations

import shlex

import pytest

from kg.errors import KgError, ParameterError, UnknownQueryError
from kg.named_queries import QueryCatalog, bind, parse_query_file
from tests import curated
from tests.conftest import QUERIES

CATALOG = QueryCatalog(QUERIES)


def run(store, name: str, **values):
    query = CATALOG.get(name)
    return list(store.query(query.text, bind(query, values, store)))


def ids(rows, var: str = "id") -> set[str]:
    return {row[var].value for row in rows if row[var] is not None}


def test_at_least_six_named_queries_with_headers():
    assert len(CATALOG.names()) >= 6
    for query in CATALOG.all():
        assert query.summary and query.example.startswith(f"kg query {query.name}")


@pytest.mark.parametrize("name", CATALOG.names())
def test_every_example_runs_and_answers(name, store):
    query = CATALOG.get(name)
    words = shlex.split(query.example)[3:]
    values = dict(w.split("=", 1) for w in words if "=" in w)
    result = store.query(query.text, bind(query, values, store))
    assert len(list(result)) > 0


@pytest.mark.parametrize("design", ["rct", "meta-analysis", "systematic-review", "primary-study"])
def test_studies_by_design_follows_the_hierarchy(store, design):
    found = ids(run(store, "studies-by-design", design=design))
    assert found == curated.with_design(design)
    assert found  # every design asked about here has studies


def test_design_hierarchy_on_known_studies(store):
    metas = ids(run(store, "studies-by-design", design="meta-analysis"))
    reviews = ids(run(store, "studies-by-design", design="systematic-review"))
    primary = ids(run(store, "studies-by-design", design="primary-study"))
    assert {"awad-2019", "maheshwer-2021"} <= metas <= reviews
    assert {"vega-2015", "pers-2016", "lamo-espinosa-2018"} <= primary
    assert not primary & reviews


@pytest.mark.parametrize("concept", ["msc", "control", "ad-msc", "bm-msc", "uc-msc", "prp"])
def test_studies_by_intervention_follows_the_hierarchy(store, concept):
    found = ids(run(store, "studies-by-intervention", intervention=concept))
    assert found == curated.with_intervention(concept)


def test_intervention_hierarchy_on_known_studies(store):
    msc = ids(run(store, "studies-by-intervention", intervention="msc"))
    assert {"vega-2015", "pers-2016", "lamo-espinosa-2016"} <= msc
    assert "bennell-2021" not in msc
    controls = ids(run(store, "studies-by-intervention", intervention="control"))
    assert {"bennell-2021", "vega-2015"} <= controls  # saline and hyaluronic acid arms
    assert "pers-2016" in ids(run(store, "studies-by-intervention", intervention="adipose"))


def test_studies_by_intervention_filters_on_kl_grade(store):
    grade3 = ids(run(store, "studies-by-intervention", intervention="prp", kl_grade="KL III"))
    assert "bennell-2021" in grade3  # RESTORE enrolled KL 2-3
    grade4 = ids(run(store, "studies-by-intervention", intervention="prp", kl_grade="4"))
    assert "bennell-2021" not in grade4


def test_rcts_comparing_two_interventions(store):
    rows = run(store, "rcts-comparing", intervention_a="bm-msc", intervention_b="hyaluronic-acid")
    assert {"vega-2015", "lamo-espinosa-2016"} <= ids(rows)
    expected = {
        sid
        for sid, s in curated.studies().items()
        if s["design"] == "rct"
        and {a["intervention"] for a in s.get("arms", [])} & curated.under("bm-msc")
        and {a["intervention"] for a in s.get("arms", [])} & curated.under("hyaluronic-acid")
    }
    assert ids(rows) == expected
    prp = run(store, "rcts-comparing", intervention_a="PRP", intervention_b="saline")
    assert "bennell-2021" in ids(prp)
    uc_bm = ids(run(store, "rcts-comparing", intervention_a="umbilical", intervention_b="marrow"))
    assert "vega-2015" not in uc_bm  # marrow vs hyaluronic acid is not a head-to-head


def test_rows_carry_citation_provenance(store):
    rows = run(store, "rcts-comparing", intervention_a="prp", intervention_b="placebo")
    row = rows[0]
    assert row["publicationId"].value == "bennell-2021-jama"
    assert row["doi"].value == "10.1001/jama.2021.19415"
    assert row["year"].value == "2021"


def test_document_references_show_discrepancies(store):
    rows = run(store, "document-references")
    numbers = {int(r["number"].value) for r in rows}
    assert numbers == set(range(1, 9))
    unresolved = {int(r["number"].value) for r in rows if r["match"].value == "unresolved"}
    assert unresolved == {3, 8}
    journal = [r for r in rows if r["number"].value == "1" and r["field"].value == "journal"]
    assert journal[0]["cited"].value == "Cartilage"
    assert journal[0]["verified"].value == "Stem Cells International"
    assert len(rows) == len({tuple(str(v) for v in r) for r in rows})  # no duplicate rows


def test_publication_record_is_complete(store):
    (row,) = run(store, "publication-record", publication="bennell-2021-jama")
    assert row["pmid"].value == "34812863"
    assert row["pmcid"].value == "PMC8611484"
    assert row["volume"].value == "326" and row["pages"].value == "2021-2030"
    assert row["authors"].value.startswith("Bennell KL, Paterson KL")
    assert row["studies"].value == "bennell-2021"
    assert "https://pubmed.ncbi.nlm.nih.gov/34812863/" in row["verifiedAt"].value.split()


def test_study_record_is_a_graph(store):
    query = CATALOG.get("study-record")
    assert query.form == "CONSTRUCT"
    triples = list(store.query(query.text, bind(query, {"study": "vega-2015"}, store)))
    predicates = {t.predicate.value.rsplit("#", 1)[-1] for t in triples}
    assert {"hasArm", "intervention", "doseCells", "reportedIn"} <= predicates


def test_counts_by_design_and_intervention(store):
    rows = run(store, "counts-by-design-intervention")
    table = {(r["design"].value, r["intervention"].value): int(r["studies"].value) for r in rows}
    rct_marrow = sum(
        1
        for s in curated.studies().values()
        if s["design"] == "rct" and any(a["intervention"] == "bm-msc" for a in s.get("arms", []))
    )
    assert table[("Randomised controlled trial", "Bone marrow MSCs")] == rct_marrow >= 3


def test_synonyms_and_grades_resolve(store):
    query = CATALOG.get("studies-by-intervention")
    for text in ("marrow", "BM-MSC", "BMSC", "bm-msc", "Bone marrow MSCs"):
        assert bind(query, {"intervention": text}, store)["intervention"].value.endswith("/bm-msc")
    for text in ("3", "KL III", "kl-3", "grade 3", "KL3"):
        assert bind(query, {"kl_grade": text}, store)["kl_grade"].value.endswith("/kl-3")


def test_unknown_parameter_names_the_valid_ones(store):
    with pytest.raises(ParameterError, match="its parameters: intervention, kl_grade"):
        bind(CATALOG.get("studies-by-intervention"), {"drug": "prp"}, store)


def test_unknown_term_suggests_the_nearest(store):
    with pytest.raises(ParameterError, match="did you mean 'prp'"):
        bind(CATALOG.get("studies-by-intervention"), {"intervention": "prpp"}, store)


def test_missing_required_parameter(store):
    with pytest.raises(ParameterError, match="needs parameter 'intervention_b'"):
        bind(CATALOG.get("rcts-comparing"), {"intervention_a": "msc"}, store)


def test_unknown_entity_suggests(store):
    with pytest.raises(ParameterError, match="did you mean 'vega-2015'"):
        bind(CATALOG.get("study-record"), {"study": "vega-2016"}, store)


def test_unknown_query_suggests():
    with pytest.raises(UnknownQueryError, match="did you mean 'studies-by-design'"):
        CATALOG.get("studies-by-desing")


def test_values_cannot_inject_sparql(store):
    query = CATALOG.get("studies-by-intervention")
    with pytest.raises(ParameterError):
        bind(query, {"intervention": 'msc" } ; DROP ALL ; #'}, store)


def test_header_parameter_must_be_a_query_variable(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text(
        "#+ summary: x\n#+ params:\n#+   - name: nope\n#+     type: string\nSELECT ?a WHERE {}\n"
    )
    with pytest.raises(KgError, match="'nope' is not a variable"):
        parse_query_file(bad)
