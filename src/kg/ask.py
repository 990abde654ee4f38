"""Ask: a question in words → what was understood → SPARQL → studies, with citations.

The answer always shows its interpretation and the SPARQL that ran (with the bound terms),
so a researcher can check the reading and reuse the query. When nothing matches, the answer
says so and gives the nearest evidence: the same question with one condition dropped (the
least important first), and, for a comparison with no head-to-head trial, the indirect
paths between the two interventions through common comparators (kg.network).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from kg import cite as cite_formats
from kg.ask_sparql import build, under_test_only
from kg.integrity import flags_json
from kg.interpret import Interpretation, OrderKey, interpret
from kg.records import get_publication, publication_summary
from kg.sparql_text import with_values
from kg.store.base import solutions

if TYPE_CHECKING:
    from kg.evidence_graph import EvidenceGraph

# Conditions dropped one at a time, in this order, when a question finds nothing: the field
# of the Interpretation, its empty value (None, [] or False), and what it is called.
_RELAXATIONS: tuple[tuple[str, object, str], ...] = (
    ("timepoint_months", None, "the timepoint"),
    ("follow_up_min_months", None, "the follow-up length"),
    ("kl_grades", [], "the KL grade"),
    ("outcomes", [], "the outcome"),
    ("size_min", None, "the sample size"),
    ("size_max", None, "the sample size"),
    ("year_min", None, "the years"),
    ("year_max", None, "the years"),
    ("excluded", [], "the exclusion"),
    ("doses_compared", False, "the comparison of doses"),
    ("injection_counts_compared", False, "the comparison of numbers of injections"),
    ("sources_compared", False, "the comparison of cell sources"),
    ("active_control", False, "the active control"),
    ("image_guided", False, "the image guidance"),
    ("designs", [], "the study design"),
    ("comparison", [], "the head-to-head requirement"),
    ("studies", [], "the named study"),
)


def ask(graph: EvidenceGraph, question: str, *, cite: str | None = None) -> dict:
    """The answer to `question` as the JSON contract of `kg ask --json` and GET /ask."""
    interp = interpret(question, graph.vocabulary, graph.study_names)
    # "the clinical and functional outcomes following MSC application": what any study of
    # the treatment reports, no condition
    interp.outcomes = [o for o in interp.outcomes if not _generic_only(o, interp)]
    # "cartilage seen on MRI": MRI cartilage, and the joint structure it is a part of;
    # the narrower says what is asked, and a study measuring it measures the broader too
    interp.outcomes = [
        o
        for o in interp.outcomes
        if not any(p is not o and p.within(o.id) for p in interp.outcomes)
    ]
    # "the evidence ... on pain, function and severity on imaging": a list of three or more
    # kinds of outcome is what studies of the treatment report, not one asked about; so is
    # "pain and function", the two symptoms every trial of the disease measures
    if _generic_list({_outcome_kind(o) for o in interp.outcomes}):
        interp.outcomes = []
    # "improve symptoms and joint structure": beside imaging or harms, the symptoms every
    # trial reports are no condition; the other outcome is the question's point
    # (not "pain or cartilage structure": either one is asked for)
    pointed = [o for o in interp.outcomes if _outcome_kind(o) in _POINT_KINDS]
    if pointed and not _joined_by_or(interp):
        interp.outcomes = pointed
    # "the efficacy and safety of X" lists what any study of X reports: no condition at all;
    # "the safety of X" alone makes safety the point, and so a condition (harms recorded)
    # and so does every outcome read inside that list ("the effect, the response rate,
    # and safety of X")
    if lists := [m.span() for m in _EFFICACY_AND_SAFETY.finditer(interp.text)]:
        interp.outcomes = [
            o
            for o in interp.outcomes
            if not _scope_word_only(o, interp) and not _read_only_within(o, interp, lists)
        ]
    elif _ASKS_IF_SAFE.search(interp.text) and "adverse-events" in graph.vocabulary.concepts:
        # "Are MSC injections safe?": what harms the studies recorded
        harms = graph.vocabulary.get("adverse-events")
        if not any(o.within(harms.id) for o in interp.outcomes):
            interp.outcomes.append(harms)
    answer: dict = {
        "question": question,
        "interpretation": interp.to_json(),
        "sparql": None,
        "sparql_runnable": None,
        "bindings": {},
        "results": [],
        "count": 0,
        "nearest": None,
        "indirect": None,
        "message": "",
        "release": graph.release().get("version"),
    }
    if not interp.understood:
        answer["message"] = _not_understood(interp)
        return answer
    if interp.outside or (interp.mechanisms and not interp.outcomes):
        answer["message"] = _outside(interp)  # "studies of the growth factors in PRP"
        return answer
    # a compared side the graph lacks, or two products it records as one: the studies that
    # give the known treatment at all, even as another's comparator, are the nearest evidence
    text, bindings = build(interp, tested=not (interp.unknown_sides or interp.same_sides))
    answer["sparql"] = text
    answer["bindings"] = {name: str(term) for name, term in bindings.items()}
    # the same query with its terms written in as VALUES: what to paste into any endpoint
    answer["sparql_runnable"] = with_values(text, bindings)
    matching = _studies(graph, text, bindings)
    if subject := _unknown_subject(interp):
        # "Does curcumin reduce knee pain?": what the question asks about is not in the
        # graph; the studies of the rest (pain) answer another question
        if matching:
            dropped = f"the treatment asked about ({subject!r})"
            answer["nearest"] = {"dropped": dropped, "sparql": text, "results": matching}
        answer["message"] = (
            f"The question asks about {subject!r}, which no term of the graph names: no study "
            "is listed." + (f" Without {subject!r}: {len(matching)}." if matching else "")
        )
        return _cited(graph, answer, cite)
    if interp.unknown_sides or interp.same_sides:
        # "Product Q-12 compared with saline", "one hyaluronate vs another": the studies
        # of the side the graph knows answer another question; they are the nearest evidence
        treatment = _labels(interp.interventions)
        if interp.unknown_sides:
            sides = ", ".join(repr(side) for side in interp.unknown_sides)
            dropped, count = f"the compared {sides}", f"Without {sides}"
            said = f"compares {sides}, which no term of the graph names, with {treatment}"
        else:
            pairs = "; ".join(f"{a!r} and {b!r}" for a, b in interp.same_sides)
            dropped = "the difference between the compared products"
            count = f"Studies of {treatment}"
            said = (
                f"compares two kinds of {treatment} ({pairs}), which the graph records as one "
                "treatment"
            )
        if matching:
            answer["nearest"] = {"dropped": dropped, "sparql": text, "results": matching}
        answer["message"] = f"The question {said}: no study is listed as comparing them." + (
            f" {count}: {len(matching)}." if matching else ""
        )
        return _cited(graph, answer, cite)
    answer["results"] = _top(matching, interp)
    if interp.studies or _ASKS_FINDINGS.search(question):
        for row in answer["results"]:
            row["findings"] = findings_of(graph, row["id"])
    answer["count"] = len(answer["results"])
    if answer["results"]:
        answer["message"] = f"{answer['count']} stud{'y' if answer['count'] == 1 else 'ies'} match."
        if interp.order:
            answer["message"] = _ranked(interp, answer["results"], matching)
    else:
        answer["nearest"] = _nearest(graph, interp)
        if len(interp.comparison) >= 2:
            answer["indirect"] = _indirect(graph, interp)
        answer["message"] = _nothing(interp, answer)
    return _cited(graph, answer, cite)


def _cited(graph: EvidenceGraph, answer: dict, cite: str | None) -> dict:
    if cite:
        answer["citations"] = citations(graph, _all_results(answer), cite)
    return answer


def _labels(concepts) -> str:
    return " and ".join(c.label for c in concepts)


# "the efficacy and safety of X", "a safe and effective option": the words any study of X
# answers, no condition (the header rule of tests/eval/questions.yaml: a generic list of
# outcomes is none); "the safety of X" or "Are X safe?" alone make harms the point, and the
# adverse-events outcome a condition
_ASKS_IF_SAFE = re.compile(
    r"\b(?:is|are|was|were)\b[^?.]{0,80}\bsafe\b|\bhow safe\b"
    # a title's "Intra-articular injections of cultured stem cells considered safe"
    r"|\b(?:considered|deemed|found|shown|proven)\s+(?:to\s+be\s+)?safe\b",
    re.I,
)
_EFFICACY_AND_SAFETY = re.compile(
    # in one list, in either order: "the safety, clinical effectiveness, and feasibility of",
    # "the short-term clinical effect, response rate, and therapy safety of"
    r"\b(?:efficacy|effectiveness|effects?)\s*(?:,\s*[\w%()-]+(?:\s+[\w%()-]+){0,3}\s*)*"
    r",?\s*(?:and|&)\s+(?:\w+\s+)?(?:safety|tolerability)\b"
    # "the safety efficacy and outcomes of", "safety, clinical effectiveness"
    r"|\b(?:safety|tolerability)\s*(?:(?:,|/|and|&)\s*)?(?:\w+\s+){0,2}?"
    r"(?:efficacy|effectiveness)\b"
    r"|\bsafe\s+(?:and|&)\s+effective\b|\beffective\s+(?:and|&)\s+safe\b"
    # "the safety and clinical outcomes of", "clinical outcomes and safety" (not "the safety
    # outcomes of", which makes harms the point)
    r"|\b(?:safety|tolerability)\s*(?:,|and|&)\s*(?:\w+\s+){0,2}?(?:outcomes?|results?)\b"
    r"|\b(?:outcomes?|results?)\s*(?:,\s*)?(?:and|&)\s+(?:\w+\s+)?(?:safety|tolerability)\b",
    re.I,
)
_GENERIC_OUTCOMES = re.compile(
    r"\b(?:clinical|functional)\s+(?:and|&)\s+(?:clinical|functional)\s+(?:outcomes?|results?)\b",
    re.I,
)
_SCOPE_WORDS = re.compile(r"(?:safety|tolerability)(?:\s*(?:/|and)\s*(?:efficacy|effectiveness))?"
                          r"(?:\s+(?:of|and)\b|\s*,)", re.I)  # fmt: skip


# "What did the MILES trial show?", "which trials reported results on pain", "the findings
# of ...": the answer gives what each study found, not only which studies.
_ASKS_FINDINGS = re.compile(
    r"\b(?:what|which|how)\b[^?]*?\b(?:find|found|findings?|show(?:s|ed|n)?|conclu\w*|"
    r"results?)\b|\b(?:findings?|results?|conclusions?) of\b",
    re.I,
)


def findings_of(graph: EvidenceGraph, study: str) -> list[dict]:
    """What a study found, in its own sentences: its findings (with their GRADE certainty)
    and the results no finding speaks for, each with what it compared."""
    out = []
    for row in graph.evidence_rows:
        if row["studyId"] != study:
            continue
        out.append(
            {
                "kind": row["kind"],
                "statement": row.get("statement"),
                "outcome": row.get("outcome"),
                "intervention": row.get("intervention"),
                "comparator": row.get("comparator"),
                "direction": row.get("direction"),
                "certainty": row.get("certainty"),
                "magnitude": row.get("magnitude"),
                "timepoint_months": row.get("timepoint"),
            }
        )
    return out


_RANK_FIELD = {
    OrderKey.SAMPLE_SIZE: "sample_size",
    OrderKey.YEAR: "year",
    OrderKey.FOLLOW_UP: "follow_up_months",
}


def _top(studies: list[dict], interp: Interpretation) -> list[dict]:
    """The first `limit` of studies already ranked by the query, and any tied with the last
    of them: two trials of 261 patients are both "the largest"."""
    order = interp.order
    if not order or not order.limit or len(studies) <= order.limit:
        return studies
    field = _RANK_FIELD[order.key]
    last = studies[order.limit - 1][field]
    return studies[: order.limit] + [
        s for s in studies[order.limit :] if s[field] is not None and s[field] == last
    ]


def _ranked(interp: Interpretation, shown: list[dict], matching: list[dict]) -> str:
    """ "1 of 8 matching studies: the largest, ranked by sample size, largest first." """
    order = interp.order
    assert order is not None
    ties = " (ties with the last included)" if order.limit and len(shown) > order.limit else ""
    if len(shown) == len(matching):
        return f"{len(shown)} stud{'y' if len(shown) == 1 else 'ies'} match: {order.describe()}."
    return f"{len(shown)} of {len(matching)} matching studies: {order.describe()}{ties}."


_GENERIC_LIST = 3  # kinds of outcome that make a list of them generic
_OUTCOME_KINDS = ("pain", "function", "structure", "adverse-events", "quality-of-life")
# what every trial of knee OA reports: two of them together are the trial's efficacy, not a
# point of the question; structure (imaging) and harms named beside them stay the point
_SYMPTOM_KINDS = frozenset({"pain", "function", "quality-of-life"})
_POINT_KINDS = frozenset({"structure", "adverse-events"})


def _generic_list(kinds: set[str]) -> bool:
    """Whether outcomes of these kinds, read together, are a generic list (no condition)."""
    return len(kinds) >= _GENERIC_LIST or (len(kinds) >= 2 and kinds <= _SYMPTOM_KINDS)


def _joined_by_or(interp: Interpretation) -> bool:
    """Whether the outcomes read are offered as alternatives ("pain or cartilage structure")."""
    places = [p for o in interp.outcomes for p in interp.positions.get(o.id, [])]
    return len(places) > 1 and bool(re.search(r"\bor\b", interp.text[min(places) : max(places)]))


def _outcome_kind(outcome) -> str:
    """The broad kind an outcome is of (pain, function, structure, harms, quality of life)."""
    return next((kind for kind in _OUTCOME_KINDS if outcome.within(kind)), outcome.id)


def _generic_only(outcome, interp) -> bool:
    """Whether the outcome was read only inside a generic pair ("clinical and functional
    outcomes")."""
    spans = [m.span() for m in _GENERIC_OUTCOMES.finditer(interp.text)]
    return _read_only_within(outcome, interp, spans)


def _read_only_within(outcome, interp, spans: list[tuple[int, int]]) -> bool:
    """Whether every place the outcome was read at lies inside one of `spans`."""
    places = interp.positions.get(outcome.id, [])
    return bool(places and spans) and all(any(a <= p < b for a, b in spans) for p in places)


def _scope_word_only(outcome, interp) -> bool:
    """Whether the outcome was read only from a word like "safety"."""
    places = interp.positions.get(outcome.id, [])
    return bool(places) and all(_SCOPE_WORDS.match(interp.text, p) for p in places)


def citations(graph: EvidenceGraph, results: list[dict], fmt: str) -> str:
    """The publications behind `results` in one citation format (deduplicated, in order)."""
    seen: dict[str, dict] = {}
    for row in results:
        pub = row.get("publication")
        if pub and pub["id"] not in seen:
            seen[pub["id"]] = get_publication(graph, pub["id"])
    return cite_formats.cite_many(list(seen.values()), fmt)


def _studies(graph: EvidenceGraph, text: str, bindings: dict) -> list[dict]:
    """One entry per study (its first publication in the lead), with a formatted reference."""
    studies: dict[str, dict] = {}
    for row in solutions(graph.store.query(text, bindings)):
        sid = row["id"].value
        if sid in studies:
            continue
        pub = _value(row, "publication")
        entry = {
            "iri": row["study"].value,
            "id": sid,
            "label": row["label"].value,
            "design": row["designId"].value,
            "sample_size": _int(row, "sampleSize"),
            "follow_up_months": _number(row, "followUpMonths"),
            "title": _value(row, "title"),
            "year": _int(row, "year"),
            "doi": _value(row, "doi"),
            "publication": None,
            "citation": None,
            "integrity": flags_json(graph.integrity_flags, sid),
        }
        if pub:
            entry["publication"] = publication_summary(
                {
                    "publicationId": _value(row, "publicationId"),
                    "publication": pub,
                    "title": entry["title"],
                    "year": entry["year"],
                    "doi": entry["doi"],
                }
            )
            entry["citation"] = graph.reference(entry["publication"]["id"]).strip()
        studies[sid] = entry
    return list(studies.values())


def _nearest(graph: EvidenceGraph, interp: Interpretation) -> dict | None:
    """The first single relaxation of the question that finds studies; for an active
    comparator asked about alone, first the studies that give it as a comparator."""
    if len(interp.interventions) == 1 and under_test_only(interp.interventions[0]):
        text, bindings = build(interp, tested=False)
        if rows := _studies(graph, text, bindings):
            label = interp.interventions[0].label.lower()
            what = f"{label} as the treatment tested (the graph holds it as a comparator)"
            return {"dropped": what, "sparql": text, "results": rows}
    for field_name, empty, what in _RELAXATIONS:
        if getattr(interp, field_name) in (None, [], False):
            continue
        dropped: dict[str, Any] = {field_name: empty}  # fields of Interpretation, emptied
        if field_name == "comparison":  # the pairs are the head-to-head requirement
            dropped["compared_pairs"] = []
        relaxed = dataclasses.replace(interp, **dropped)
        if not relaxed.understood:
            continue
        text, bindings = build(relaxed)
        rows = _studies(graph, text, bindings)
        if rows:
            return {"dropped": what, "sparql": text, "results": rows}
    return None


def _indirect(graph: EvidenceGraph, interp: Interpretation) -> list[dict]:
    from kg.network import EvidenceNetwork

    a, b = interp.comparison[:2]
    return EvidenceNetwork.from_graph(graph).indirect_paths(a.id, b.id)


def _nothing(interp: Interpretation, answer: dict) -> str:
    message = "No study in the graph matches every condition."
    if answer["nearest"]:
        message += f" Without {answer['nearest']['dropped']}: {len(answer['nearest']['results'])}."
    if answer["indirect"]:
        message += f" {len(answer['indirect'])} indirect path(s) through common comparators."
    return message


# A yes-or-no question's subject: "Does curcumin reduce knee pain?", "Is fibrin glue effective
# as a scaffold?" (the words between the verb that opens it and the effect it asks about)
_YES_NO_SUBJECT = re.compile(
    r"(?:^|[:;.?]\s+)(?:is|are|does|do|did|can|could|will|would|was|were)\s+"
    r"(?P<subject>(?:[\w'’-]+\s+){1,5}?)(?:an?\s+|more\s+|really\s+)?(?:effective|efficacious|"
    r"safe|safer|better|superior|inferior|worse|work|works|help|helps|reduce|reduces|improve|"
    r"improves|relieve|relieves|regenerate|regenerates|repair|repairs|beneficial|useful)\b",
    re.I,
)


def _unknown_subject(interp: Interpretation) -> str | None:
    """The subject of a yes-or-no question, when it is a word no term of the graph names and
    no treatment or study the graph knows is named in it: what is asked about is not there."""
    unknown = {u["term"].lower() for u in interp.unknown}
    for match in _YES_NO_SUBJECT.finditer(interp.text):
        start, end = match.span("subject")
        named = [p for places in interp.positions.values() for p in places if start <= p < end]
        words = [w.lower().strip("'’") for w in match["subject"].split()]
        if not named and any(w in unknown and not _ANY_TREATMENT.fullmatch(w) for w in words):
            return match["subject"].strip()
    return None


# Words that stand for any treatment ("Is the procedure safe?", "Is this approach effective?"):
# no treatment the graph lacks is named by them
_ANY_TREATMENT = re.compile(
    r"(?:procedure|treatment|therapy|therapie|injection|approache?|option|method|technique|"
    r"product)s?|it|they|this|these|that|those|new|novel|regenerative"
)


def _outside(interp: Interpretation) -> str:
    """A question about what the graph does not hold gets no studies, and says why."""
    topics = "; ".join(f"{c.label.lower()} ({c.id})" for c in interp.outside + interp.mechanisms)
    return (
        f"The graph holds no evidence on {topics}: its studies report what injections did to "
        "adults with knee osteoarthritis, and none reports on that. No study is listed "
        "rather than studies that do not answer the question."
    )


def _not_understood(interp: Interpretation) -> str:
    if interp.unknown:
        words = "; ".join(
            f"{u['term']!r}"
            + (f" (did you mean {', '.join(u['suggestions'])}?)" if u["suggestions"] else "")
            for u in interp.unknown
        )
        return f"No term of the graph's vocabularies was recognised. Unknown: {words}."
    return "No term of the graph's vocabularies was recognised in the question."


def _all_results(answer: dict) -> list[dict]:
    nearest = answer["nearest"]["results"] if answer["nearest"] else []
    return answer["results"] + nearest


def _value(row, name: str):
    term = row[name]
    return None if term is None else term.value


def _number(row, name: str) -> float | None:
    value = _value(row, name)
    return None if value is None else float(value)


def _int(row, name: str) -> int | None:
    value = _value(row, name)
    return None if value is None else int(str(value)[:4] if name == "year" else value)
