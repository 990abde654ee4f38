"""How accurate are `kg.ask` and `kg.check`? Scored against tests/eval/.

Builds graph/ into a temporary folder, opens it (kg.evidence_graph), then
  - runs `kg.ask.ask(graph, question)` on every entry of tests/eval/questions.yaml and
    compares the study ids it returns with `expect_studies`: precision and recall per question
    (an empty expectation answered with no studies scores 1/1; an empty expectation answered
    with studies scores precision 0, recall 1; a non-empty expectation answered with nothing
    scores 0/0), their means, F1 of the means, and the same by kind;
  - runs `kg.check.check(graph, claim)` on every entry of tests/eval/claims.yaml and
    compares the verdict with `expect`: accuracy, a confusion table (expected x got) and
    accuracy by kind.
An exception in one call is a miss carrying the error text; the run goes on.

    python benchmarks/accuracy.py              # summary
    python benchmarks/accuracy.py --misses     # and every miss: expected vs got
    python benchmarks/accuracy.py --json       # everything, as one JSON document
    python benchmarks/accuracy.py --only ask   # score one service

Exit codes: 0 the run finished (whatever the scores), 2 it could not run (a service is not
importable yet, the graph does not build, an evaluation file is unreadable).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "benchmarks"))

import real_text  # noqa: E402

EVAL = ROOT / "tests" / "eval"
VERDICTS = ("supported", "contradicted", "mixed", "insufficient")
STUDY_PATH = "/id/study/"
CROSS_FITTED = "tuning, cross-fit"  # the row of the tuning half scored by models that never saw it


class CannotRun(Exception):
    """The benchmark could not start; the message says why (exit 2)."""


# ------------------------------------------------------------------ scoring


@dataclass
class AskCase:
    question: str
    kind: str
    expected: list[str]
    got: list[str] = field(default_factory=list)
    precision: float = 0.0
    recall: float = 0.0
    error: str | None = None
    seconds: float = 0.0

    @property
    def hit(self) -> bool:
        return self.error is None and self.precision == 1.0 and self.recall == 1.0


@dataclass
class CheckCase:
    claim: str
    kind: str
    expected: str
    got: str | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def hit(self) -> bool:
        return self.error is None and self.got == self.expected


def precision_recall(expected: list[str], got: list[str]) -> tuple[float, float]:
    want, have = set(expected), set(got)
    if not want:
        return (1.0, 1.0) if not have else (0.0, 1.0)
    if not have:
        return 0.0, 0.0
    right = len(want & have)
    return right / len(have), right / len(want)


def f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def study_ids(answer: dict) -> list[str]:
    """The study ids of an ask answer, in order, without repeats."""
    out: list[str] = []
    for row in answer.get("results") or []:
        sid = row.get("id")
        if not sid and STUDY_PATH in str(row.get("iri", "")):
            sid = str(row["iri"]).split(STUDY_PATH, 1)[1].split("/", 1)[0]
        if sid and sid not in out:
            out.append(str(sid))
    return out


def _error_text(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" ({Path(frame.filename).name}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


def run_ask(ask, graph, questions: list[dict]) -> list[AskCase]:
    cases = []
    for q in questions:
        case = AskCase(q["question"], q["kind"], list(q["expect_studies"]))
        start = time.perf_counter()
        try:
            answer = ask(graph, q["question"])
            case.got = study_ids(answer)
            case.precision, case.recall = precision_recall(case.expected, case.got)
        except Exception as exc:  # one failing question must not stop the run
            case.error = _error_text(exc)
        case.seconds = time.perf_counter() - start
        cases.append(case)
    return cases


def run_check(check, graph, claims: list[dict]) -> list[CheckCase]:
    cases = []
    for c in claims:
        case = CheckCase(c["claim"], c["kind"], c["expect"])
        start = time.perf_counter()
        try:
            verdict = check(graph, c["claim"]).get("verdict")
            case.got = str(verdict).strip().lower() if verdict is not None else None
        except Exception as exc:  # one failing claim must not stop the run
            case.error = _error_text(exc)
        case.seconds = time.perf_counter() - start
        cases.append(case)
    return cases


def summarize_ask(cases: list[AskCase]) -> dict:
    def block(group: list[AskCase]) -> dict:
        p = sum(c.precision for c in group) / len(group)
        r = sum(c.recall for c in group) / len(group)
        return {
            "n": len(group),
            "exact": sum(c.hit for c in group),
            "errors": sum(c.error is not None for c in group),
            "precision": p,
            "recall": r,
            "f1": f1(p, r),
        }

    by_kind: dict[str, list[AskCase]] = defaultdict(list)
    for c in cases:
        by_kind[c.kind].append(c)
    return {
        **block(cases),
        "mean_seconds": sum(c.seconds for c in cases) / len(cases),
        "by_kind": {k: block(v) for k, v in sorted(by_kind.items())},
    }


def summarize_check(cases: list[CheckCase]) -> dict:
    confusion: dict[str, Counter] = {v: Counter() for v in VERDICTS}
    by_kind: dict[str, list[CheckCase]] = defaultdict(list)
    for c in cases:
        got = "error" if c.error is not None else (c.got if c.got in VERDICTS else "other")
        confusion.setdefault(c.expected, Counter())[got] += 1
        by_kind[c.kind].append(c)
    return {
        "n": len(cases),
        "correct": sum(c.hit for c in cases),
        "errors": sum(c.error is not None for c in cases),
        "accuracy": sum(c.hit for c in cases) / len(cases),
        "mean_seconds": sum(c.seconds for c in cases) / len(cases),
        "confusion": {exp: dict(row) for exp, row in confusion.items()},
        "by_kind": {
            k: {
                "n": len(v),
                "correct": sum(c.hit for c in v),
                "accuracy": sum(c.hit for c in v) / len(v),
            }
            for k, v in sorted(by_kind.items())
        },
    }


# ------------------------------------------------------------------ printing


def _print_ask(summary: dict, cases: list[AskCase], misses: bool) -> None:
    print(
        f"ask: {summary['n']} questions, {summary['exact']} exact, {summary['errors']} errors, "
        f"{summary['mean_seconds'] * 1000:.0f} ms mean"
    )
    p, r, f = summary["precision"], summary["recall"], summary["f1"]
    print(f"  precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    print(f"  {'kind':<15}{'n':>4}{'exact':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for kind, s in summary["by_kind"].items():
        scores = f"{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
        print(f"  {kind:<15}{s['n']:>4}{s['exact']:>7}{scores}")
    print("  per question (P R):")
    for c in cases:
        mark = "ok " if c.hit else ("ERR" if c.error else "   ")
        print(f"   {mark} {c.precision:.2f} {c.recall:.2f}  [{c.kind}] {c.question}")
    wrong = [c for c in cases if not c.hit]
    if misses and wrong:
        print(f"\nask misses ({len(wrong)}):")
        for c in wrong:
            print(f"- [{c.kind}] {c.question}")
            if c.error:
                print(f"    error:    {c.error}")
                continue
            print(f"    missing:  {sorted(set(c.expected) - set(c.got)) or '-'}")
            print(f"    extra:    {sorted(set(c.got) - set(c.expected)) or '-'}")
    elif wrong:
        print(f"  {len(wrong)} questions not answered exactly (--misses lists them)")


def _print_check(summary: dict, cases: list[CheckCase], misses: bool) -> None:
    print(
        f"\ncheck: {summary['n']} claims, accuracy {summary['accuracy']:.3f} "
        f"({summary['correct']}/{summary['n']}), {summary['errors']} errors, "
        f"{summary['mean_seconds'] * 1000:.0f} ms mean"
    )
    columns = [*VERDICTS, "other", "error"]
    print("  expected \\ got " + "".join(f"{c[:12]:>14}" for c in columns))
    for exp in VERDICTS:
        row = summary["confusion"].get(exp, {})
        print(f"  {exp:<16}" + "".join(f"{row.get(c, 0):>14}" for c in columns))
    print(f"  {'kind':<18}{'n':>4}{'correct':>9}{'accuracy':>10}")
    for kind, s in summary["by_kind"].items():
        print(f"  {kind:<18}{s['n']:>4}{s['correct']:>9}{s['accuracy']:>10.3f}")
    wrong = [c for c in cases if not c.hit]
    if misses and wrong:
        print(f"\ncheck misses ({len(wrong)}):")
        for c in wrong:
            got = f"error: {c.error}" if c.error else c.got
            print(f"- [{c.kind}] expected {c.expected}, got {got}\n    {c.claim}")
    elif wrong:
        print(f"  {len(wrong)} claims judged differently (--misses lists them)")


# ------------------------------------------------------------------ main


def _load_eval(path: Path, key: str) -> list[dict]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CannotRun(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(e, dict) and key in e for e in data):
        raise CannotRun(f"{path}: expected a YAML list of entries with {key!r}")
    return data


def _import_service(module: str, name: str):
    try:
        mod = __import__(module, fromlist=[name])
    except ModuleNotFoundError as exc:
        if exc.name == module:
            raise CannotRun(
                f"{module} does not exist yet: nothing to score ({module}.{name} missing)"
            ) from exc
        raise CannotRun(f"{module} failed to import: {_error_text(exc)}") from exc
    except Exception as exc:  # any import-time failure means we cannot run
        raise CannotRun(f"{module} failed to import: {_error_text(exc)}") from exc
    func = getattr(mod, name, None)
    if not callable(func):
        raise CannotRun(f"{module} has no function {name}(graph, text)")
    return func


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--misses", action="store_true", help="list every miss with expected and got"
    )
    parser.add_argument("--only", choices=("ask", "check", "real"), help="score one part only")
    parser.add_argument(
        "--held-out-misses",
        action="store_true",
        help="also list the held-out half's wrong items (looking spends that half: see README)",
    )
    parser.add_argument("--graph", type=Path, default=ROOT / "graph")
    parser.add_argument("--queries", type=Path, default=ROOT / "queries")
    parser.add_argument("--questions", type=Path, default=EVAL / "questions.yaml")
    parser.add_argument("--claims", type=Path, default=EVAL / "claims.yaml")
    args = parser.parse_args(argv)
    wanted = [args.only] if args.only else ["ask", "check", "real"]

    try:
        services = {w: _import_service(f"kg.{w}", w) for w in wanted if w != "real"}
        if "real" in wanted:
            services["real"] = _import_service("kg.check_document", "check_document")
            services.setdefault("ask", _import_service("kg.ask", "ask"))
            halves = real_text.load()
            question_halves = real_text.load_questions()
        questions = _load_eval(args.questions, "question") if "ask" in wanted else []
        claims = _load_eval(args.claims, "claim") if "check" in wanted else []
        from kg.build import build
        from kg.config import Settings
        from kg.evidence_graph import EvidenceGraph

        with tempfile.TemporaryDirectory(prefix="kg-accuracy-") as tmp:
            try:
                build(args.graph, Path(tmp))
                graph = EvidenceGraph.open(Settings(build_dir=Path(tmp), queries_dir=args.queries))
            except Exception as exc:  # reported as "could not run"
                raise CannotRun(f"could not build or open the graph: {_error_text(exc)}") from exc
            ask_cases = run_ask(services["ask"], graph, questions) if questions else []
            check_cases = run_check(services["check"], graph, claims) if claims else []
            real: dict = {
                half: real_text.score(services["real"], graph, texts)
                for half, texts in (halves.items() if "real" in wanted else ())
            }
            if real:  # the tuning half again, as if kg.claim_likeness had never seen it
                real = {
                    "tuning": real["tuning"],
                    CROSS_FITTED: real_text.cross_fitted(services["real"], graph, halves["tuning"]),
                    **{half: score for half, score in real.items() if half != "tuning"},
                }
            real_ask = {
                half: run_ask(services["ask"], graph, questions)
                for half, questions in (question_halves.items() if "real" in wanted else ())
            }
    except CannotRun as exc:
        print(f"accuracy: {exc}", file=sys.stderr)
        return 2

    report: dict = {}
    if ask_cases:
        report["ask"] = {
            "summary": summarize_ask(ask_cases),
            "cases": [{"hit": c.hit, **asdict(c)} for c in ask_cases],
        }
    if check_cases:
        report["check"] = {
            "summary": summarize_check(check_cases),
            "cases": [{"hit": c.hit, **asdict(c)} for c in check_cases],
        }
    if real:
        report["real"] = {half: score.figures() for half, score in real.items()}
        report["real_ask"] = {half: summarize_ask(cases) for half, cases in real_ask.items()}
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    if ask_cases:
        _print_ask(report["ask"]["summary"], ask_cases, args.misses)
    if check_cases:
        _print_check(report["check"]["summary"], check_cases, args.misses)
    if real:
        _print_real(real, args.misses, args.held_out_misses)
        _print_real_ask(real_ask, args.misses, args.held_out_misses)
    return 0


def _print_real_ask(halves: dict, misses: bool, held_out_misses: bool) -> None:
    print("\nask on researchers' own questions (tests/eval/real/questions.yaml):")
    print(f"  {'half':<20}{'n':>4}{'exact':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for half, cases in halves.items():
        s = summarize_ask(cases)
        scores = f"{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
        print(f"  {half:<20}{s['n']:>4}{s['exact']:>7}{scores}")
    for half, cases in halves.items():
        if not misses or (half.startswith("held-out") and not held_out_misses):
            continue
        wrong = [c for c in cases if not c.hit]
        print(f"\n  ask misses, {half} half ({len(wrong)}):")
        for c in wrong:
            extra = sorted(set(c.got) - set(c.expected))
            missing = sorted(set(c.expected) - set(c.got))
            print(f"   [{c.kind}] P {c.precision:.2f} R {c.recall:.2f}: {c.question[:100]}")
            print(f"      missing {missing}; extra {extra}")


def _print_real(real: dict, misses: bool, held_out_misses: bool) -> None:
    print("\ncheck of whole documents on real public text (tests/eval/real):")
    print(f"  {'half':<18}{'texts':>6}{'units':>6}{'claims':>7}{'found':>8}{'accepted':>9}"
          f"{'committed right':>16}{'committed on non-claims':>24}"
          f"{'wrong supported':>16}")  # fmt: skip
    for half, score in real.items():
        f = score.figures()
        shares = "".join(
            f"{'-' if f[k] is None else format(f[k], '.3f'):>{w}}"
            for k, w in (("claims_found", 8), ("verdicts_accepted", 9), ("committed_right", 16))
        )
        print(f"  {half:<18}{f['texts']:>6}{f['units']:>6}{f['claims']:>7}{shares}"
              f"{f['committed_on_non_claims']:>24}{f['wrong_supported']:>16}")  # fmt: skip
    for half, score in real.items():
        if not misses or half == CROSS_FITTED:
            continue
        if half.startswith("held-out") and not held_out_misses:
            continue
        if half.startswith("held-out"):
            print(
                "  (held-out misses listed: any rule changed after reading them spends that half)"
            )
        print(f"\n  wrong items, {half} half ({len(score.wrong())}):")
        for o in score.wrong():
            got = o.verdict if o.checked else "not checked"
            want = "/".join(o.unit.accepted) if o.unit.kind == "claim" else o.unit.kind
            print(f"   [{o.source}] want {want}, got {got}: {o.unit.text[:110]}")


if __name__ == "__main__":
    sys.exit(main())
