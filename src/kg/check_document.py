"""Checking a whole article: sentence by sentence, with a summary, as JSON, text or HTML.

A sentence is checked when it makes a claim about the evidence (kg.claim_reading.is_checkable: an
intervention and what it does); the others are skipped and counted.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from kg import deadline
from kg.check import VERDICTS, check
from kg.claim_reading import is_checkable
from kg.interpret import interpret
from kg.named_queries import QueryCatalog
from kg.store.base import Store
from kg.terms import vocabulary

# A sentence ends at . ! ? followed by space and a capital or digit, or at a blank line;
# abbreviations such as "vs." and "et al." and decimals do not end one.
_END = re.compile(r"(?<!\bvs)(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bDr)(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence of `text`, blank lines and headings apart."""
    out = []
    for block in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        start = block.start()
        for part in _END.split(block.group()):
            stripped = " ".join(part.split())
            if stripped:
                out.append((text.find(part.strip(), start), stripped))
                start += len(part)
    return out


def check_document(
    store: Store, catalog: QueryCatalog, text: str, *, cite: str | None = None
) -> dict:
    """Every checkable sentence's verdict, the skipped count, and a summary by verdict."""
    vocab = vocabulary(store, catalog)
    checked, skipped = [], 0
    for offset, sentence in sentences(text):
        deadline.check()  # a long article stops at the time limit (kg.deadline)
        if not is_checkable(sentence, interpret(sentence, vocab)):
            skipped += 1
            continue
        result = check(store, catalog, sentence, cite=cite)
        checked.append({"offset": offset, **result})
    counts = Counter(item["verdict"] for item in checked)
    return {
        "sentences": len(checked) + skipped,
        "checked": len(checked),
        "skipped": skipped,
        "summary": {verdict: counts.get(verdict, 0) for verdict in VERDICTS},
        "results": checked,
        "release": store.release().get("version"),
    }


def as_text(report: dict) -> str:
    lines = [
        f"{report['checked']} of {report['sentences']} sentences make a checkable claim "
        f"({report['skipped']} skipped)",
        "  " + ", ".join(f"{v}: {n}" for v, n in report["summary"].items()),
        "",
    ]
    for item in report["results"]:
        lines.append(f"[{item['verdict'].upper()}] {item['claim']}")
        for ev in item["evidence"]:
            cited = f" — {ev['citation']}" if ev.get("citation") else ""
            lines.append(f"    {ev['stance']}: {ev['reason']}{cited}")
        lines.append("")
    return "\n".join(lines)


def as_html(report: dict) -> str:
    """A self-contained page a writer can read or save."""
    rows = []
    for item in report["results"]:
        evidence = "".join(
            f"<li><b>{html.escape(ev['stance'])}</b> ({html.escape(str(ev['level']))}): "
            f"{html.escape(ev['reason'])}"
            + (f"<br><small>{html.escape(ev['citation'])}</small>" if ev.get("citation") else "")
            + "</li>"
            for ev in item["evidence"]
        )
        rows.append(
            f'<section class="{item["verdict"]}"><h3>{html.escape(item["verdict"])}</h3>'
            f"<blockquote>{html.escape(item['claim'])}</blockquote><ul>{evidence}</ul></section>"
        )
    summary = ", ".join(f"{v}: {n}" for v, n in report["summary"].items())
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Article check</title><style>"
        "body{font-family:sans-serif;max-width:60em;margin:auto}"
        "section{border-left:6px solid #999;padding:0 1em;margin:1em 0}"
        ".supported{border-color:#2a2}.contradicted{border-color:#c22}"
        ".mixed{border-color:#e90}.insufficient{border-color:#888}</style></head><body>"
        f"<h1>Article check</h1><p>{report['checked']} of {report['sentences']} sentences "
        f"checked ({report['skipped']} skipped). {html.escape(summary)}. Graph release "
        f"{html.escape(str(report['release']))}.</p>{''.join(rows)}</body></html>"
    )
