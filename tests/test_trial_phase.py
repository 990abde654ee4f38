"""Trial phases as printed in records and text (kg.trial_phase), on every form the graph uses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.trial_phase import agree, phase_numbers
from tests import curated

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def test_every_recorded_phase_reads_as_numbers():
    phases = {str(s["phase"]) for s in curated.studies().values() if s.get("phase")}
    assert phases
    for phase in phases:
        assert phase_numbers(phase), phase
    assert phase_numbers("I/II") == {1, 2}
    assert phase_numbers("IIb") == {2}
    assert phase_numbers("1/2") == {1, 2}


@given(
    st.sets(st.integers(min_value=1, max_value=4), min_size=1, max_size=2),
    st.booleans(),
    st.sampled_from(["/", "-", " / "]),
)
def test_roman_and_arabic_forms_agree(numbers, roman, joiner):
    printed = joiner.join(_ROMAN[n] if roman else str(n) for n in sorted(numbers))
    assert phase_numbers(printed) == numbers
    assert agree(numbers, printed) is True
    others = {1, 2, 3, 4} - numbers
    if others:
        assert agree(others, printed) is False


def test_an_unknown_phase_neither_agrees_nor_disagrees():
    assert agree({3}, None) is None
    assert agree(set(), "II") is None
