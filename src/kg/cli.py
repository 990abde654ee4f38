"""The `kg` command: build, validate, lint, queries, query, stats, ask, check, cite, network, serve.

Exit codes: 0 success; 1 the data does not conform (YAML or SHACL problems, non-canonical
files); 2 the input could not be used (bad query, unknown name or parameter, missing build).
Errors print as readable lines on stderr; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from kg import __version__
from kg.cli_graph import BUILD_HELP, add_graph_options, graph_settings, open_graph
from kg.config import Settings
from kg.errors import ConformanceError, KgError, SourceError

EXIT_OK, EXIT_NONCONFORM, EXIT_UNUSABLE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_UNUSABLE
    try:
        return args.handler(args)
    except (SourceError, ConformanceError) as exc:
        if args.debug:
            raise
        _print_problems(exc, args)
        return EXIT_NONCONFORM
    except KgError as exc:
        if args.debug:
            raise
        print(f"kg: error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `kg ... | head` stopped reading: end quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _print_problems(exc, args) -> None:
    kind = (
        "does not conform to graph/shapes.ttl"
        if isinstance(exc, ConformanceError)
        else "could not be read"
    )
    if getattr(args, "json", False):
        print(
            json.dumps(
                {"ok": False, "problems": [_problem_dict(p) for p in exc.problems]}, indent=2
            )
        )
    print(f"kg: the graph {kind}: {len(exc.problems)} problem(s)", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)


def _problem_dict(problem) -> dict:
    return {k: getattr(problem, k) for k in ("file", "line", "record", "field", "message")}


# ------------------------------------------------------------------ commands


def _cmd_build(args) -> int:
    from kg.build import build

    settings = _settings(args)
    _progress(args, f"building {settings.graph_dir} ...")
    report = build(settings.graph_dir, settings.build_dir)
    return _report(args, report, f"built {report.dump}")


def _cmd_validate(args) -> int:
    from kg.build import build

    settings = _settings(args)
    report = build(settings.graph_dir, settings.build_dir, write=False)
    return _report(args, report, f"{settings.graph_dir} conforms (nothing written)")


def _report(args, report, headline: str) -> int:
    data = {
        "ok": True,
        "dump": str(report.dump) if report.dump else None,
        "version": report.version,
        "checksum": report.checksum,
        "quads": report.quads,
        "graphs": report.graphs,
        "source_files": report.files,
    }
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(
            f"{headline}: {report.files} source files, {report.quads} quads, "
            f"version {report.version}"
        )
    return EXIT_OK


def _cmd_lint(args) -> int:
    from kg.lint import lint

    settings = _settings(args)
    changed = lint(settings.graph_dir, fix=args.fix)
    if not changed:
        print(f"all YAML under {settings.graph_dir} is in canonical form")
        return EXIT_OK
    verb = "rewrote" if args.fix else "not in canonical form"
    for path in changed:
        print(f"{verb}: {path}")
    if args.fix:
        return EXIT_OK
    print("run `kg lint --fix` to rewrite them", file=sys.stderr)
    return EXIT_NONCONFORM


def _cmd_queries(args) -> int:
    from kg.named_queries import QueryCatalog

    catalog = QueryCatalog(_settings(args).queries_dir)
    if args.json:
        print(json.dumps([q.describe() for q in catalog.all()], indent=2))
        return EXIT_OK
    for query in catalog.all():
        print(f"{query.name}  ({query.form})\n    {query.summary}")
        for p in query.parameters:
            default = f", default {p.default}" if p.default is not None else ""
            need = "required" if p.required else "optional"
            print(
                f"    - {p.name}: {p.type}{f' [{p.scheme}]' if p.scheme else ''} "
                f"({need}{default}) {p.description}"
            )
        if query.example:
            print(f"    e.g. {query.example}")
    return EXIT_OK


def _cmd_query(args) -> int:
    from kg import deadline
    from kg.named_queries import bind, parse_query_file
    from kg.query_run import Limits, run_query

    settings = _settings(args)
    values = _parse_params(args.params)
    graph = open_graph(args)
    store = graph.store
    if args.sparql is not None:
        if values:
            raise KgError("parameters need a named query or a .rq file with a '#+ params' header")
        text, bindings = args.sparql, {}
    else:
        if not args.name:
            raise KgError(
                "give a named query, a .rq file, or --sparql TEXT "
                "(`kg queries` lists the named ones)"
            )
        path = Path(args.name)
        if path.suffix == ".rq" and path.is_file():
            query = parse_query_file(path) if _has_header(path) else None
            text = path.read_text(encoding="utf-8")
        else:
            query = graph.catalog.get(args.name)
            text = query.text
        if query is None and values:
            raise KgError(f"{path} declares no parameters ('#+ params' header)")
        bindings = bind(query, values, store) if query else {}
    limits = Limits.from_settings(settings)
    with deadline.until(time.monotonic() + limits.timeout, limits.timeout):
        output = run_query(store, text, args.format, limits, bindings)
    sys.stdout.buffer.write(output if output.endswith(b"\n") else output + b"\n")
    return EXIT_OK


def _cmd_stats(args) -> int:
    graph = open_graph(args)
    sections = graph.stats
    if args.json:
        print(json.dumps({"release": graph.release(), **sections}, indent=2))
        return EXIT_OK
    print(f"graph release {graph.release()['version']}")
    for section, items in sections.items():
        print(f"\n{section}")
        width = max(map(len, items))
        for item, count in items.items():
            print(f"  {item.ljust(width)}  {count:>5}")
    return EXIT_OK


def _cmd_cite(args) -> int:
    from kg import cite, records

    graph = open_graph(args)
    fmt = args.format
    if len(args.ids) == 1:
        sys.stdout.write(graph.reference(args.ids[0], fmt))
        return EXIT_OK
    found = [records.get_publication(graph, ident) for ident in args.ids]
    sys.stdout.write(cite.cite_many(found, fmt))
    return EXIT_OK


def _cmd_network(args) -> int:
    from kg import network_views
    from kg.network import EvidenceNetwork

    net = EvidenceNetwork.from_graph(open_graph(args), args.design)
    exports = [(args.graphml, net.graphml), (args.svg, lambda: network_views.svg(net).encode())]
    for path, content in exports:
        if path:
            try:
                Path(path).write_bytes(content())
            except OSError as exc:
                raise KgError(f"cannot write {path}: {exc.strerror}") from exc
            _progress(args, f"wrote {path}")
    if args.between:
        a, b = args.between
        direct = net.comparisons(a, b)
        paths = net.indirect_paths(a, b, max_length=args.max_length)
        data = {"a": a, "b": b, "direct": direct, "indirect": paths}
        text = network_views.between(a, b, direct, paths)
    elif (args.graphml or args.svg) and not args.json:
        return EXIT_OK
    else:
        data, text = net.to_json(), network_views.tables(net)
    print(json.dumps(data, indent=2) if args.json else text)
    return EXIT_OK


def _cmd_serve(args) -> int:
    from kg.build import build
    from kg.release import DUMP_NAME

    settings = graph_settings(args)
    if settings.store_url:
        _progress(args, f"serving the remote endpoint {settings.store_url}")
    elif settings.data_files:
        _progress(args, f"loading {len(settings.data_files)} file(s) ...")
    elif not (settings.build_dir / DUMP_NAME).is_file():
        _progress(args, f"no build yet; building {settings.graph_dir} first ...")
        build(settings.graph_dir, settings.build_dir)
    from kg.api.serve import serve  # the API's one entry point for the command line

    serve(settings, args.host, args.port)
    return EXIT_OK


# ------------------------------------------------------------------ helpers


def _settings(args) -> Settings:
    return graph_settings(args)


def _parse_params(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise KgError(f"parameter {pair!r} is not of the form name=value")
        values[name.strip()] = value
    return values


def _has_header(path: Path) -> bool:
    return any(line.startswith("#+ ") for line in path.read_text(encoding="utf-8").splitlines())


def _progress(args, message: str) -> None:
    if not getattr(args, "json", False):
        print(message, file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Evidence knowledge graph on MSC injections for knee osteoarthritis."
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(metavar="COMMAND")

    def add(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        p.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show tracebacks on errors",
        )
        return p

    _add_graph_commands(add)
    _add_query_commands(add)
    from kg.cli_answers import register as register_answers

    register_answers(add, BUILD_HELP)
    _add_serve_command(add)
    return parser


_GRAPH_HELP = "folder of curated sources (default: ./graph, or $KG_GRAPH)"


def _add_graph_commands(add) -> None:
    """build, validate, lint: the curated sources."""
    p = add("build", _cmd_build, "Validate graph/ and write build/kg.nq atomically.")
    p.add_argument("--graph", help=_GRAPH_HELP)
    p.add_argument("--build", "--out", dest="build", help=BUILD_HELP)
    p.add_argument("--json", action="store_true", help="print a JSON report")

    p = add("validate", _cmd_validate, "Run every check of `kg build`; write nothing.")
    p.add_argument("--graph", help=_GRAPH_HELP)
    p.add_argument("--json", action="store_true", help="print a JSON report")

    p = add("lint", _cmd_lint, "Check that curated YAML is in canonical form (--fix rewrites it).")
    p.add_argument("--graph", help=_GRAPH_HELP)
    p.add_argument("--fix", action="store_true", help="rewrite files into canonical form")


def _add_query_commands(add) -> None:
    """queries, query, stats, cite, network: reading the built graph."""
    p = add("queries", _cmd_queries, "List the named queries with their parameters.")
    p.add_argument("--queries", help="folder of named queries (default: ./queries)")
    p.add_argument("--json", action="store_true", help="print JSON")

    from kg.render import CLI_FORMATS

    p = add("query", _cmd_query, "Run a named query, a .rq file, or SPARQL text.")
    p.add_argument("name", nargs="?", help="named query (see `kg queries`) or path to a .rq file")
    p.add_argument("params", nargs="*", metavar="NAME=VALUE", help="query parameters")
    p.add_argument("--sparql", help="SPARQL query text to run instead of a named query")
    p.add_argument(
        "--timeout",
        type=float,
        dest="query_timeout",
        help="seconds the answer may take to write (default 30, or $KG_QUERY_TIMEOUT)",
    )
    p.add_argument(
        "--result-limit",
        type=int,
        dest="result_limit",
        help="rows or triples an answer may hold (default 100000, or $KG_RESULT_LIMIT)",
    )
    p.add_argument(
        "--format",
        "-f",
        default="table",
        choices=CLI_FORMATS,
        help="output format (default: table; Turtle for CONSTRUCT/DESCRIBE)",
    )
    add_graph_options(p)

    p = add("stats", _cmd_stats, "Coverage at a glance (the `stats` named query, grouped).")
    add_graph_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    from kg.cite import FORMATS as citation_formats

    p = add("cite", _cmd_cite, "Cite publications as BibTeX, RIS, CSL-JSON, APA or Vancouver.")
    p.add_argument(
        "ids",
        nargs="+",
        metavar="ID",
        help="publication id (mautner-2023-nat-med), its IRI, or its DOI (bare, doi:..., "
        "https://doi.org/...; any case); several give one file or a bibliography",
    )
    p.add_argument(
        "--format",
        "-f",
        default="text",
        choices=list(citation_formats),
        help="default: text, the same as vancouver; apa is sorted by author, vancouver numbered",
    )
    add_graph_options(p)

    p = add(
        "network",
        _cmd_network,
        "Head-to-head comparisons, gaps, indirect paths and review overlap (CCA).",
    )
    p.add_argument("--design", default="rct", help="trials of this design (default: rct)")
    p.add_argument(
        "--between", nargs=2, metavar=("A", "B"), help="direct and indirect evidence linking A, B"
    )
    p.add_argument("--max-length", type=int, default=3, help="longest indirect path (default 3)")
    p.add_argument("--graphml", metavar="FILE", help="write the network as GraphML")
    p.add_argument("--svg", metavar="FILE", help="write a circular drawing as SVG")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_graph_options(p)


def _add_serve_command(add) -> None:
    """serve: the HTTP service."""
    p = add("serve", _cmd_serve, "Serve the SPARQL endpoint and API (builds first if needed).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--graph", help=_GRAPH_HELP)
    add_graph_options(p)
    p.add_argument(
        "--timeout",
        type=float,
        dest="query_timeout",
        help="seconds a query may run (default 30, or $KG_QUERY_TIMEOUT)",
    )
    p.add_argument(
        "--result-limit",
        type=int,
        dest="result_limit",
        help="rows or triples an answer may hold (default 100000, or $KG_RESULT_LIMIT)",
    )
    p.add_argument(
        "--processes",
        type=int,
        dest="query_workers",
        metavar="N",
        help="server processes (default 2, or $KG_QUERY_WORKERS); with 2 or more, one whose "
        "query overruns its time limit is replaced; 1 serves in a single process",
    )


if __name__ == "__main__":
    sys.exit(main())
