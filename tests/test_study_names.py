"""Studies named in text (kg.study_names): names come from graph/studies (first author and
year, `names`, registrations), and matching is strict about case so words are not names."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import curated


@pytest.fixture(scope="module")
def names(graph):
    return graph.study_names


def _named(names, text: str) -> list[tuple[str, ...]]:
    return [m.studies for m in names.find(text)]


def test_every_curated_name_and_registration_names_its_study(names):
    for sid, study in curated.studies().items():
        for name in study.get("names", []) + study.get("registrations", []):
            assert any(sid in found for found in _named(names, f"In the {name} trial")), name


def test_a_year_picks_among_studies_of_one_first_author(names):
    assert _named(names, "Lee 2019 found") == [("lee-2019",)]
    assert _named(names, "Lee et al. (2025) found") == [("lee-2025",)]
    assert _named(names, "Lee found") == [("lee-2019", "lee-2025")]


def test_case_tells_a_name_from_a_word(names):
    assert _named(names, "SR/MA of PRP") == []  # MA is meta-analysis, not Ma 2020
    assert _named(names, "many miles away") == []  # an acronym must be in capitals
    assert _named(names, "Ma 2020 pooled 10 RCTs") == [("ma-2020",)]
    assert _named(names, "Gunay and Günay") == [("gunay-2022",), ("gunay-2022",)]


@given(st.text(max_size=300))
def test_any_text_gives_ordered_non_overlapping_mentions(graph, text):
    found = graph.study_names.find(text)
    for mention in found:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.studies
    for before, after in pairwise(found):
        assert before.end <= after.start


def test_a_product_name_takes_an_indication_but_an_acronym_no_number(names):
    products = [
        (sid, n) for sid, s in curated.studies().items() for n in s.get("names", [])
        if not n.isupper()
    ]  # fmt: skip
    acronyms = [
        (sid, n) for sid, s in curated.studies().items() for n in s.get("names", [])
        if n.isupper() and n.isalpha()
    ]  # fmt: skip
    assert products and acronyms
    for sid, name in products:
        [found] = _named(names, f"{name}-OA was injected")
        assert sid in found, name
    for _sid, name in acronyms:
        assert _named(names, f"the {name}-2 trial") == [], name
