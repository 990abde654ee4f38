"""Every rule has a broken example (tests/broken/<rule>.*) that the build rejects with the
right message at the right place. Files say where they go and what must be reported:

    # target: studies/broken.yaml     (path inside a copy of graph/)
    # mode: append                    (optional: append instead of replacing)
    # expect: text the error must contain
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg.build import validate
from kg.errors import ConformanceError, SourceError
from tests.conftest import GRAPH

BROKEN = Path(__file__).parent / "broken"
EXAMPLES = sorted(p for p in BROKEN.iterdir() if p.suffix in (".yaml", ".ttl"))


def _header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text().splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        fields[key] = value
    return fields


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_broken_example_is_rejected_with_its_message(example, graph_copy):
    header = _header(example)
    target = graph_copy / header["target"]
    target.parent.mkdir(parents=True, exist_ok=True)
    body = example.read_text()
    if header.get("mode") == "append":
        target.write_text(target.read_text() + "\n" + body)
    else:
        target.write_text(body)
    with pytest.raises((SourceError, ConformanceError)) as caught:
        validate(graph_copy)
    messages = [str(p) for p in caught.value.problems]
    assert any(header["expect"] in m for m in messages), messages
    assert any(m.startswith(header["target"]) for m in messages), messages


def test_every_shape_has_a_broken_example():
    shapes = Graph().parse(GRAPH / "shapes.ttl")
    targeted = {
        str(shape).rsplit("#", 1)[1]
        for shape in shapes.subjects(RDF.type, SH.NodeShape)
        if (shape, SH.targetClass, None) in shapes
    }
    exemplified = {p.stem.split("--")[0] for p in EXAMPLES}
    # SourceFileShape guards what the build itself writes; no curated file can break it.
    assert targeted - exemplified == {"SourceFileShape"}
