"""Canonical form for curated YAML, so diffs show content changes and not style.

Canonical means: keys in the documented order (the order the mappers list them), block
mappings, short lists of scalars on one line, long text folded at 100 columns, UTF-8.
Rewriting never changes content: each rewrite is re-read and compared before it is kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeAlias

import yaml

from kg.errors import KgError
from kg.sources import documents, modifiers, studies, vocab

# Key order per kind of file; a tuple value is (own keys, {child list key: child order}).
KeyOrder: TypeAlias = tuple[Sequence[str], dict[str, "KeyOrder"]]
_STUDY: KeyOrder = (
    studies.STUDY_KEYS,
    {
        "publications": (studies.PUBLICATION_KEYS, {}),
        "population": (studies.POPULATION_KEYS, {}),
        "arms": (studies.ARM_KEYS, {}),
        "results": (studies.RESULT_KEYS, {}),
        "findings": (studies.FINDING_KEYS, {}),
    },
)
_VOCAB: KeyOrder = (vocab.SCHEME_KEYS, {"concepts": (vocab.CONCEPT_KEYS, {})})
_DOCUMENT: KeyOrder = (
    documents.DOCUMENT_KEYS,
    {
        "references": (
            documents.REFERENCE_KEYS,
            {
                "discrepancies": (documents.DISCREPANCY_KEYS, {}),
            },
        ),
    },
)
_CLAIMS: KeyOrder = (
    documents.CLAIMS_KEYS,
    {
        "claims": (documents.CLAIM_KEYS, {"evidence": (documents.EVIDENCE_KEYS, {})}),
    },
)
_MODIFIERS: KeyOrder = (
    ["modifiers"],
    {
        "modifiers": (
            modifiers.MODIFIER_KEYS,
            {"supported_by": (list(modifiers.SUPPORT_KINDS), {})},
        ),
    },
)
_WIDTH = 100


def lint(graph_dir: Path, *, fix: bool = False) -> list[Path]:
    """Files not in canonical form (rewritten when `fix`)."""
    changed = []
    for path, order in _files(Path(graph_dir)):
        text = path.read_text(encoding="utf-8")
        canonical = canonical_text(text, order, path)
        if canonical != text:
            changed.append(path)
            if fix:
                path.write_text(canonical, encoding="utf-8")
    return changed


def canonical_text(text: str, order: KeyOrder, path: Path | str = "<text>") -> str:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KgError(f"{path}: not valid YAML, fix it before linting: {exc}") from exc
    ordered = _order(data, order)
    out = yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=_WIDTH)
    if yaml.safe_load(out) != data:  # never let formatting change content
        out = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=False, width=_WIDTH)
    if yaml.safe_load(out) != data:
        raise KgError(f"{path}: cannot write this content back unchanged; check odd characters")
    return out


def _files(graph_dir: Path) -> Iterator[tuple[Path, KeyOrder]]:
    for path in sorted((graph_dir / "vocab").glob("*.yaml")):
        yield path, _VOCAB
    for path in sorted((graph_dir / "studies").glob("*.yaml")):
        yield path, _STUDY
    for path in sorted((graph_dir / "documents").glob("*/document.yaml")):
        yield path, _DOCUMENT
    for path in sorted((graph_dir / "documents").glob("*/claims.yaml")):
        yield path, _CLAIMS
    if (graph_dir / "modifiers.yaml").is_file():
        yield graph_dir / "modifiers.yaml", _MODIFIERS


def _order(data: object, order: KeyOrder) -> object:
    keys, children = order
    if isinstance(data, list):
        return [_order(item, order) for item in data]
    if not isinstance(data, dict):
        return data
    rank = {k: i for i, k in enumerate(keys)}
    out = {}
    for key in sorted(data, key=lambda k: (rank.get(k, len(rank)), str(k))):
        value = data[key]
        out[key] = _order(value, children[key]) if key in children else value
    return out


class _Dumper(yaml.SafeDumper):
    """Block mappings; one-line lists of short scalars; long text folded."""


def _represent_str(dumper: yaml.SafeDumper, value: str):
    prose = " " in value and "\n" not in value.rstrip("\n")
    style = ">" if prose and len(value) > _WIDTH - 20 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list):
    flat = all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value)
    short = flat and sum(len(str(v)) + 2 for v in value) < _WIDTH - 30
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
