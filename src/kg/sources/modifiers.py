"""Effect modifiers (graph/modifiers.yaml): a factor, how it changes an effect, and the
findings, results or studies behind the statement, or an honest "stated without support"."""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import DCTERMS

from kg.namespaces import EV, ID
from kg.sources.filegraph import FileGraph, valid_id
from kg.sources.links import Links
from kg.sources.vocab import Vocabulary
from kg.sources.yamlfile import ProblemLog, Record, load_yaml

MODIFIER_KEYS = [
    "id",
    "label",
    "factor",
    "effect",
    "intervention",
    "outcome",
    "supported_by",
    "notes",
]
SUPPORT_KINDS = ("finding", "result", "study")


def map_modifiers(
    path: Path, rel: str, vocab: Vocabulary, links: Links, log: ProblemLog
) -> FileGraph:
    fg = FileGraph(rel)
    fg.describe_source(path)
    top = Record(load_yaml(path, rel), file=rel, record=None, log=log)
    top.check_keys(["modifiers"])
    for rec in top.children("modifiers"):
        rec.check_keys(MODIFIER_KEYS)
        mid = valid_id(rec)
        if mid is None:
            continue
        rec.record = mid
        node = fg.node(ID[f"modifier/{mid}"], EV.Modifier, rec, rec.get("label"))
        fg.add(node, DCTERMS.identifier, mid)
        for key, scheme, prop in (
            ("factor", "modifier", EV.factor),
            ("intervention", "intervention", EV.intervention),
            ("outcome", "outcome", EV.outcome),
        ):
            value = rec.get(key)
            if value is not None:
                fg.add(node, prop, vocab.resolve(rec, key, value, scheme))
        fg.add(node, EV.effectOfModifier, rec.get("effect"))
        fg.add(node, EV.notes, rec.get("notes"))
        for support in rec.children("supported_by"):
            support.check_keys(list(SUPPORT_KINDS))
            kinds = [k for k in SUPPORT_KINDS if support.data.get(k)]
            if len(kinds) != 1:
                support.problem(None, "name exactly one of 'finding', 'result' or 'study'")
                continue
            kind = kinds[0]
            fg.add(node, EV.supportedBy, links.point(support, kind, kind, support.get(kind)))
    return fg
