"""A sentence that repeats what a study reported, as the graph quotes it.

News items, clinic pages and abstract pages copy a study's own sentences ("No serious adverse
events were observed in both groups"; "There was a statistically significant within group
improvement in VAS pain scores"). The graph keeps the source's sentence with every result and
finding (`statement`), and its curation notes quote more of the source's own words between
double quotes (a review's methods, a trial's registration, what a Results section said beyond
the recorded results); a sentence about a named study that repeats one of them is borne out as a
report of that study, and the answer says whether what was reported compares groups or is a
change within one group (unknown for a quote in the notes). The notes' own prose, outside
quotes, is the curator's, not the source's, and is never matched. A page that repeats two or
more sentences of one study is that study's report (kg.check_document), found through an index
of the runs of words the statements hold (StatementIndex).

The match is on folded words, one sentence of the statement at a time: nearly all the claim's
words in order within it (a claim cut short, or with "In Kuah 2018," before it), and no
negation or number gained or lost between them, so "there were serious adverse events" does not
repeat "there were no serious adverse events".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from kg.terms import fold

SAME_WORDS = 0.9  # the share of the claim's words found, in order, in the statement
_MIN_WORDS = 6  # "Pain improved." repeats too many sentences to say which was meant
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(])")
# A passage the notes quote from a source: straight or typographic double quotes
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')


@dataclass(frozen=True)
class ReportedStatement:
    """One sentence the graph quotes from a study's report."""

    study: str
    kind: str  # "result", "finding" or "note"
    id: str
    statement: str  # the whole statement (or quoted passage) it is a sentence of
    comparative: bool | None  # False: a change within one group; None: not known (a note)
    words: str  # the sentence, folded


def read_statements(rows: list[dict]) -> dict[str, tuple[ReportedStatement, ...]]:
    """The `study-statements` rows as sentences by study."""
    out: dict[str, list[ReportedStatement]] = {}
    for row in rows:
        note = row["kind"] == "note"
        if note:
            passages = [a or b for a, b in _QUOTED.findall(row["statement"])]
        else:
            passages = [row["statement"]]
        comparative = None if note else row["comparator"] is not None
        for passage in passages:
            sentences = _SENTENCE_END.split(passage)
            # ... and the whole passage, for a page that reads as one sentence what the
            # statement's punctuation splits (an interval, then a stray full stop before the
            # next measure)
            for sentence in [*sentences, passage] if len(sentences) > 1 else sentences:
                words = fold(sentence)
                if len(words) >= _MIN_WORDS:
                    out.setdefault(row["studyId"], []).append(
                        ReportedStatement(
                            row["studyId"],
                            row["kind"],
                            row["id"],
                            passage,
                            comparative,
                            " ".join(words),
                        )
                    )
    return {study: tuple(items) for study, items in out.items()}


def repeated(text: str, statements: tuple[ReportedStatement, ...]) -> ReportedStatement | None:
    """The statement `text` repeats, if it repeats one: nine in ten of its words, in order,
    in one stretch of the statement, and no word between them that would change what it says
    (a negation or a number the claim leaves out, or one it adds)."""
    words = fold(text)
    if len(words) < _MIN_WORDS:
        return None
    for item in statements:
        if _repeats(words, tuple(item.words.split())):
            return item
    return None


class StatementIndex:
    """Every study's reported sentences, found by the runs of words they share with a text:
    which studies a sentence repeats, without comparing it with every statement of the
    graph (a page of a hundred sentences against a thousand statements)."""

    _RUN = 5  # words in a row: a run this long is rarely shared by chance

    def __init__(self, statements: dict[str, tuple[ReportedStatement, ...]]) -> None:
        self._statements = statements
        self._by_run: dict[tuple[str, ...], set[str]] = {}
        for study, items in statements.items():
            for item in items:
                for run in _runs(tuple(item.words.split()), self._RUN):
                    self._by_run.setdefault(run, set()).add(study)

    def studies_repeated(self, text: str) -> set[str]:
        """The studies one of whose reported sentences `text` repeats (kg.reported_statements
        .repeated)."""
        words = fold(text)
        if len(words) < _MIN_WORDS:
            return set()
        candidates = set().union(*(self._by_run.get(r, ()) for r in _runs(words, self._RUN)))
        return {s for s in candidates if repeated(text, self._statements[s])}


def _runs(words: tuple[str, ...], size: int) -> set[tuple[str, ...]]:
    return {words[i : i + size] for i in range(len(words) - size + 1)}


def _repeats(claim: tuple[str, ...], statement: tuple[str, ...]) -> bool:
    matcher = difflib.SequenceMatcher(None, claim, statement, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    matched = sum(b.size for b in blocks)
    if matched < _MIN_WORDS or matched < SAME_WORDS * len(claim):
        return False
    inside: set[int] = set()
    for b in blocks:
        inside.update(range(b.b, b.b + b.size))
    left_out = statement[blocks[0].b : blocks[-1].b + blocks[-1].size]
    left_out = tuple(w for i, w in enumerate(left_out, blocks[0].b) if i not in inside)
    claimed = set(range(len(claim)))
    for b in blocks:
        claimed -= set(range(b.a, b.a + b.size))
    added = tuple(claim[i] for i in sorted(claimed))
    # a negation just before the stretch governs it ("No severe adverse events were...")
    before = statement[blocks[0].b - 1 : blocks[0].b]
    changes = left_out + added + before
    return len(left_out) <= 3 and not any(w in _MEANING or w[0].isdigit() for w in changes)


# Words whose loss or addition turns what a sentence says.
_MEANING = frozenset(
    ["no", "not", "never", "without", "neither", "nor", "none", "non", "n't", "less", "more"]
)
