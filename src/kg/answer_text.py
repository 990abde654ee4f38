"""Answers as a person reads them on a terminal: the verdict and why first, the deciding
evidence (at most five items, each with what the study compared, the source's own sentence
and the citation), the rest folded into one line per study. Labels, never ids or Python
values."""

from __future__ import annotations

import textwrap
from collections import Counter, defaultdict

SHOWN = 5
_WIDTH = 100
_DIRECTION = {
    "favours-intervention": "the claim has {who} coming out better",
    "no-difference": "the claim has {who} making little or no difference",
    "favours-comparator": "the claim has {who} coming out worse",
}


_HARM = {
    "no-serious-harm": "the claim has {who} causing no serious harm",
    "minor-harms-occur": "the claim has {who} causing minor, passing harms",
}


def check_text(answer: dict) -> str:
    lines = [
        f"Claim: {answer['claim']}",
        _wrap(f"Read as: {read_as(answer['interpretation'])}"),
        f"Verdict: {answer['verdict'].upper()}",
        why_line(answer["why"], answer["verdict"]),
    ]
    lines += evidence_lines(answer["evidence"])
    if answer.get("citations"):
        lines += ["", answer["citations"]]
    return "\n".join(lines)


def shown_and_folded(evidence: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """The deciding evidence shown (at most five items), and the rest folded: for each study
    (by its label), its items counted by stance ("supports 2, qualifies 1")."""
    deciding = [e for e in evidence if e.get("deciding")]
    rest = deciding[SHOWN:] + [e for e in evidence if not e.get("deciding")]
    by_study: dict[str, Counter] = defaultdict(Counter)
    for item in rest:
        by_study[source_of(item)][item["stance"]] += 1
    folded = {
        study: ", ".join(f"{stance} {n}" for stance, n in sorted(stances.items()))
        for study, stances in by_study.items()
    }
    return deciding[:SHOWN], folded


def source_of(item: dict) -> str:
    """The study an item comes from, as a reader names it ("Sadeghirad 2024")."""
    return (item.get("source_label") or item["study"] or "").strip("()")


def what_found(item: dict) -> str:
    """What an item found, without its study's name when it starts with it: the answer names
    the study once, before it."""
    return (item.get("found") or item["reason"]).removeprefix(f"{source_of(item)}: ")


def evidence_lines(evidence: list[dict], indent: str = "") -> list[str]:
    """The deciding evidence (at most five items, each with the source's sentence and its
    citation), then the rest folded into one line per study."""
    lines = []
    shown, folded = shown_and_folded(evidence)
    if shown:
        lines.append(f"\n{indent}Deciding evidence:")
        for number, item in enumerate(shown, 1):
            lines += [
                indent + row for line in _item_lines(number, item) for row in line.split("\n")
            ]
    if folded:
        rest = len(evidence) - len(shown)
        lines.append(f"\n{indent}Also bearing on it ({rest} items; --json lists them all):")
        lines += [f"{indent}  {study}: {counts}" for study, counts in folded.items()]
    return lines


def why_line(why: str, verdict: str, indent: str = "") -> str:
    """The why, wrapped, without repeating the verdict shown beside it."""
    return _wrap(f"{indent}Why: {_drop_verdict(why, verdict)}", indent + "  ")


def read_as(interp: dict) -> str:
    """What the claim was read as, in words."""
    labels = {c["id"]: _inline(c["label"]) for c in interp.get("interventions", [])}
    carried = interp.get("carried") or {}
    sides = [labels.get(i, i) for i in interp.get("claim_interventions", [])]
    who = " and ".join(sides) or "the treatment"
    parts = [who]
    comparators = [labels.get(c, c) for c in interp.get("comparators", [])]
    if comparators:
        parts.append("against " + " or ".join(comparators))
    text = " ".join(parts)
    outcomes = [_inline(o["label"]) for o in interp.get("outcomes", [])]
    if outcomes:
        text += ", on " + ", ".join(outcomes)
    if interp.get("claim_type") == "evidence-state":
        # "the evidence is limited": how well the effect is known, not which way it goes
        text = f"a claim about the state of the evidence on {text}"
    elif interp.get("harm") in _HARM:  # "safe", "sore for a day or two": which harms
        text += ": " + _HARM[interp["harm"]].format(who=who)
    elif interp.get("direction"):
        text += ": " + _DIRECTION[interp["direction"]].format(who=who)
    if carried.get("from"):
        text += f" (the subject carried from {carried['from']})"
    if interp.get("studies"):
        names = interp.get("study_names") or {}
        text += "; about " + ", ".join(names.get(s, s) for s in interp["studies"])
    return text


def _inline(label: str) -> str:
    """A label as it reads inside a sentence: "Placebo" -> "placebo", "VAS pain" unchanged."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def _item_lines(number: int, item: dict) -> list[str]:
    source = source_of(item)
    what = what_found(item)
    lines = [_wrap(f"  {number}. {item['stance']}: {source}: {what}", indent="     ")]
    if item.get("statement"):
        lines.append(_wrap(f'"{item["statement"]}"', indent="     ", first="     "))
    if item.get("citation"):
        lines.append(_wrap(item["citation"], indent="     ", first="     "))
    if item["kind"] != "integrity":  # an item that is a flag shows it already
        lines += flag_lines(item.get("integrity") or [], "     ")
    return lines


def flag_lines(flags: list[dict], indent: str) -> list[str]:
    """A study's integrity flags: what a public page states against trusting its report."""
    return [
        _wrap(
            f'FLAG {flag["label"]}: "{flag["statement"]}" ({flag["source"]})', indent + "  ", indent
        )
        for flag in flags
    ]


def _drop_verdict(why: str, verdict: str) -> str:
    return why[len(verdict) + 2 :] if why.startswith(f"{verdict}: ") else why


def _wrap(text: str, indent: str = "  ", first: str = "") -> str:
    return textwrap.fill(text, _WIDTH, initial_indent=first, subsequent_indent=indent)
