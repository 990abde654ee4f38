"""Curated YAML is kept in canonical form, and canonicalising never changes content."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.lint import _STUDY, canonical_text, lint
from tests.conftest import GRAPH


def test_graph_yaml_is_canonical():
    changed = lint(GRAPH)
    assert changed == [], f"not canonical: {changed}; run `kg lint --fix`"


def test_lint_fix_rewrites_and_keeps_content(graph_copy):
    path = graph_copy / "studies" / "vega-2015.yaml"
    original = yaml.safe_load(path.read_text())
    path.write_text(yaml.safe_dump(original, sort_keys=True, width=40))
    assert lint(graph_copy) == [path]
    assert lint(graph_copy, fix=True) == [path]
    assert yaml.safe_load(path.read_text()) == original
    assert lint(graph_copy) == []


_scalars = st.one_of(
    st.text(max_size=200),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "label", "notes", "sources", "arms", "x"]), _values))
def test_canonical_form_preserves_content_and_is_stable(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    source = yaml.safe_load(text)
    once = canonical_text(text, _STUDY)
    assert yaml.safe_load(once) == source
    assert canonical_text(once, _STUDY) == once
