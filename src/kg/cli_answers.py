"""`kg ask` and `kg check`: the answers for people, on the command line.

Thin: they open the graph (kg.cli_graph), call kg.ask / kg.check / kg.check_document, and print a
readable answer, or with --json exactly the object the HTTP API returns.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.cite import CitationFormat
from kg.cli_graph import add_graph_options, open_graph
from kg.errors import KgError

CITE_FORMATS = tuple(f.value for f in CitationFormat)


def register(add, build_help: str) -> None:
    """Add the `ask` and `check` subcommands to the `kg` parser."""
    p = add("ask", cmd_ask, "Ask a question in words; studies with citations, and the SPARQL.")
    p.add_argument("question", help='e.g. "which RCTs compare umbilical vs marrow MSCs in KL III"')
    _common(p, build_help)

    p = add(
        "check", cmd_check, "Check a claim (or a whole article with --file) against the evidence."
    )
    p.add_argument("claim", nargs="?", help="the sentence to check")
    p.add_argument("--file", help="check every sentence of this text file instead")
    p.add_argument("--html", action="store_true", help="with --file: print an HTML report")
    _common(p, build_help)


def _common(p, build_help: str) -> None:
    p.add_argument("--json", action="store_true", help="print the JSON answer")
    p.add_argument("--cite", choices=CITE_FORMATS, help="add the citations in this format")
    add_graph_options(p, build_help=build_help)


SHOWN_PATHS = 5  # indirect paths a reader is shown; --json has every one


def _path_line(path: dict, name) -> str:
    """An indirect comparison as a reader follows it: "Corticosteroid injection -> Stromal
    vascular fraction (Mautner 2023, Richter 2024) -> Hyaluronic acid (Wu 2023)"."""
    steps = path["steps"]
    line = steps[0]["a_label"] if steps else path["from"]
    for step in steps:
        studies = ", ".join(name(s["id"]) for s in step["studies"])
        line += f" -> {step['b_label']} ({studies})"
    return line


def cmd_ask(args) -> int:
    from kg.answer_text import flag_lines
    from kg.ask import ask

    graph = open_graph(args)
    answer = ask(graph, args.question, cite=args.cite)
    if args.json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return 0
    print(_understood(answer["interpretation"]))
    print(answer["message"])
    for row in answer["results"]:
        print(f"  {row['id']}  [{row['design']}]  {row['citation'] or row['label']}")
        seen = set()
        for found in row.get("findings", []):
            if found["statement"] and found["statement"] not in seen:
                seen.add(found["statement"])
                certainty = found["certainty"] or "certainty not stated"
                print(f"      found ({certainty}): {found['statement']}")
        for line in flag_lines(row.get("integrity") or [], "      "):
            print(line)
    if answer["nearest"]:
        print(f"Nearest evidence, without {answer['nearest']['dropped']}:")
        for row in answer["nearest"]["results"]:
            print(f"  {row['id']}  [{row['design']}]  {row['citation'] or row['label']}")
    paths = answer["indirect"] or []
    for path in paths[:SHOWN_PATHS]:
        print(f"  indirect: {_path_line(path, graph.study_names.display)}")
    if len(paths) > SHOWN_PATHS:
        print(f"  ... and {len(paths) - SHOWN_PATHS} more indirect path(s) (--json lists all)")
    if answer["sparql"]:
        print("\nSPARQL that ran (bound terms: "
              + ", ".join(f"?{k} = {v}" for k, v in answer["bindings"].items()) + "):")  # fmt: skip
        print(answer["sparql"])
    if answer.get("citations"):
        print(answer["citations"])
    return 0


def cmd_check(args) -> int:
    from kg.answer_text import check_text
    from kg.check import check
    from kg.check_document import as_html, as_text, check_document

    if bool(args.claim) == bool(args.file):
        raise KgError("give one claim in quotes, or --file ARTICLE.txt")
    graph = open_graph(args)
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            raise KgError(f"{path}: no such file")
        report = check_document(graph, path.read_text(encoding="utf-8"), cite=args.cite)
        if args.json:
            print(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            print(as_html(report) if args.html else as_text(report))
        return 0
    answer = check(graph, args.claim, cite=args.cite)
    if args.json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return 0
    print(check_text(answer))
    return 0


def _understood(interp: dict) -> str:
    parts = []
    for key, values in interp.items():
        if (
            isinstance(values, list)
            and values
            and isinstance(values[0], dict)
            and "id" in values[0]
        ):
            parts.append(f"{key}: {', '.join(v['id'] for v in values)}")
        elif key == "order" and values:
            parts.append(values["text"])
        elif values is True and key != "negated":  # a condition with no value
            parts.append(key.replace("_", " "))
        elif key == "compared_pairs" and values:
            parts.append(f"compared: {', '.join(f'{a} vs {b}' for a, b in values)}")
        elif key not in ("read_as", "unknown_terms", "negated") and values not in (None, [], False):
            shown = ", ".join(map(str, values)) if isinstance(values, list) else values
            parts.append(f"{key.replace('_', ' ')}: {shown}")
    for item in interp.get("read_as", []):
        parts.append(f"read {item['text']!r} as {item['read_as']!r}")
    for item in interp.get("unknown_terms", []):
        hint = f" (did you mean {', '.join(item['suggestions'])}?)" if item["suggestions"] else ""
        parts.append(f"unknown term {item['term']!r}{hint}")
    text = "; ".join(parts) or "nothing recognised"
    return f"Understood: {text}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `kg ask` or `kg check`")
