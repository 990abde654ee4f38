"""Effect modifiers (graph/modifiers.yaml): a factor, how it changes an effect, and the
findings, results or studies behind the statement, or an honest "stated without support"."""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import DCTERMS

from kg.namespaces import EV, ID
from kg.sources.filegraph import FileGraph, open_source, valid_id
from kg.sources.links import EVIDENCE_KINDS, Links
from kg.sources.vocab import Vocabulary
from kg.sources.yamlfile import ProblemLog

MODIFIER_KEYS = [
    "id",
    "label",
    "factor",
    "effect",
    "shown",
    "intervention",
    "outcome",
    "supported_by",
    "notes",
]
SUPPORT_KINDS = EVIDENCE_KINDS


def map_modifiers(
    path: Path, rel: str, vocab: Vocabulary, links: Links, log: ProblemLog
) -> FileGraph:
    fg, top, _ = open_source(path, rel, log, ["modifiers"], id_key=None)
    for rec in top.children("modifiers"):
        rec.check_keys(MODIFIER_KEYS)
        mid = valid_id(rec)
        if mid is None:
            continue
        rec.record = mid
        node = fg.node(ID[f"modifier/{mid}"], EV.Modifier, rec, rec.get("label"))
        fg.add(node, DCTERMS.identifier, mid)
        vocab.add_concepts(
            fg,
            node,
            rec,
            [
                ("factor", "modifier", EV.factor),
                ("shown", "modifier-finding", EV.modificationShown),
                ("intervention", "intervention", EV.intervention),
                ("outcome", "outcome", EV.outcome),
            ],
        )
        fg.add(node, EV.effectOfModifier, rec.get("effect"))
        fg.add(node, EV.notes, rec.get("notes"))
        for support in rec.children("supported_by"):
            support.check_keys(list(SUPPORT_KINDS))
            fg.add(node, EV.supportedBy, links.point_evidence(support))
    return fg
