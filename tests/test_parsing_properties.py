"""Property tests for the parsers: YAML field coercion, query headers and term binding."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import ParameterError
from kg.named_queries import Parameter, to_term
from kg.render import short
from kg.sources.yamlfile import ProblemLog, Record, _is_partial_date


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_iso_dates_and_their_prefixes_are_partial_dates(day):
    iso = day.isoformat()
    assert _is_partial_date(iso) and _is_partial_date(iso[:7]) and _is_partial_date(iso[:4])


@given(st.text(max_size=12))
def test_partial_date_never_raises(text):
    _is_partial_date(text)


@given(
    st.one_of(
        st.integers(),
        st.text(),
        st.floats(),
        st.booleans(),
        st.none(),
        st.lists(st.integers(), max_size=3),
    )
)
def test_record_get_returns_right_kind_or_logs(value):
    log = ProblemLog()
    rec = Record({"k": value}, file="f.yaml", record="r", log=log)
    got = rec.get("k", int)
    if got is None:
        assert value is None or log.problems
    else:
        assert isinstance(got, int) and not isinstance(got, bool)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integer_parameters_round_trip(number):
    term = to_term(Parameter("n", "integer"), str(number), store=None)
    assert isinstance(term, ox.Literal) and int(term.value) == number


@given(st.text(max_size=20).filter(lambda s: not s.strip().lstrip("+-").isdigit()))
def test_non_integers_are_refused_with_the_parameter_named(text):
    with pytest.raises(ParameterError, match="parameter 'n' expects a whole number"):
        to_term(Parameter("n", "integer"), text, store=None)


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_string_parameters_are_literals_whatever_they_contain(text):
    term = to_term(Parameter("s", "string"), text, store=None)
    assert isinstance(term, ox.Literal) and term.value == text


@given(st.text(max_size=30))
def test_iri_parameters_accept_only_absolute_iris(text):
    try:
        term = to_term(Parameter("i", "iri"), text, store=None)
    except ParameterError:
        return
    assert isinstance(term, ox.NamedNode) and ":" in term.value and " " not in term.value


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz-/0123456789", min_size=1, max_size=30))
def test_short_names_use_prefixes(local):
    assert short(ox.NamedNode("https://w3id.org/msc-knee-oa/id/" + local)) == f"id:{local}"


def test_the_vocabulary_caches_of_users_words_stay_bounded(graph, monkeypatch):
    """Fuzzy reading remembers what it found per word; what users type is unbounded, so the
    memory is capped."""
    import kg.terms

    monkeypatch.setattr(kg.terms, "_REMEMBERED", 50)
    vocab = graph.vocabulary
    for i in range(200):
        vocab.find(f"zqxw{i} blorp{i}")
        vocab.unknown_words(f"zqxw{i} blorp{i}", [])
    assert len(vocab._close) <= 50 and len(vocab._suggested) <= 50
