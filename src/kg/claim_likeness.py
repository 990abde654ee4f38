"""How much a unit of a document reads like a claim, learnt from real pages that reviewers
judged unit by unit (the tuning half of tests/eval/real only) and from the team's own claims
(tests/eval/claims.yaml).

Why a model and not more rules: hand-written patterns for what is no claim (a definition, the
course of the disease, a clinic's services, a study's methods, one patient's story) fixed the
sentences they were written on and few others; on each fresh batch of pages about a third of
the committed verdicts still fell on units that were no claim. Word and character n-grams
weighed by a logistic regression learn the general look of a claim from every judged unit at
once. Measured forward in time (trained on the batches before, scored on the next batch's
tuning texts, as they stood when they came), at a score below 0.15 it would have withheld 10
of 62 committed verdicts on non-claims, at the cost of 1 of 62 right ones.

The model is trained once, by scikit-learn, in benchmarks/claim_training.py, which writes its
weights (each n-gram's idf and coefficient) to src/kg/data/claim_model.json beside the judged
units it learnt from. Here it is only scored, in plain Python, with the same features as
scikit-learn's TfidfVectorizer: serving needs neither scikit-learn nor training, and
tests/test_claim_likeness.py holds the two scores equal.

Scores on the tuning half are not a measure of the model: it learnt those very units, and on
them it reads nearly every claim as one (claims found 0.89, against 0.77 on the held-out half).
Its thresholds are chosen cross-fitted: each tuning text scored by a model trained on the
other four fifths (benchmarks/accuracy.py prints the figures so measured, beside the others).

The model withholds, admits and doubts, never judges. A unit the rules read as a claim that
scores below THRESHOLD is reported as no claim, with its score. A unit the rules pass over
(they read no treatment or no effect in it) that scores at least ADMIT is checked all the
same, with its score as the reason: most such units are a study's details or a finding told
without the treatment's name ("Ten patients were followed for six months"), and the check then
says the graph holds nothing on them rather than leaving a claim unanswered.

A mixed or contradicted verdict on a unit that scores below DECIDES is withheld (the verdict
is insufficient, and the why says what the evidence would have said): such a unit is mostly a
vague or background sentence ("stem cells play a role in repair") that every finding on the
treatment bears on both ways. Not when the unit names or reports a study, whose record the
check reads it against. Cross-fitted on the tuning half, at 0.3 this withheld 35 mixed or
contradicted verdicts: 20 wrong ones (15 on units that are no claim) and 15 right ones. A
green "supported" is not withheld: below 0.3 it was right 16 times in 20 (a study's facts
matched against its record read little like the claims reviewers judged).

ADMIT was 0.7, chosen leaving one batch out, then 0.55, where it changed no committed verdict.
It is 0.3 because a claim left unchecked is the costlier error for a writer: "not a claim" on
a clinic's success rate for knees reads as nothing to worry about, while "insufficient:
the graph holds nothing on it" on a background sentence is a grey flag that commits to nothing.
Cross-fitted on the tuning half (232 texts), the units the rules pass over are claims about one
time in four to one in three when they score 0.3 to 0.55, and one in eight or fewer below 0.3:
the break chose the threshold. Lowering ADMIT from 0.55 to 0.3 found 0.798 -> 0.862 of the
claims and accepted 0.644 -> 0.685 of the verdicts, with 2 more committed verdicts on units
that are no claim (both a study's recorded phase matched) and 356 more such units checked and
found insufficient.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources

import yaml

ADMIT = 0.3  # chosen cross-fitted on the tuning half (above), never on held-out text
DECIDES = 0.3  # chosen cross-fitted on the tuning half (above), never on held-out text
THRESHOLD = 0.15  # chosen on the forward-in-time measure above, never on held-out text
_TRAINING = "data/claim_units.yaml"
_WEIGHTS = "data/claim_model.json"
_lock = threading.Lock()
_loaded: ClaimModel | None = None  # the model, once read


@dataclass(frozen=True)
class ClaimLikeness:
    """A unit's score: the model's probability that a reviewer judges it a claim."""

    score: float

    @property
    def claim_like(self) -> bool:
        return self.score >= THRESHOLD

    @property
    def admits(self) -> bool:
        return self.score >= ADMIT

    @property
    def decides(self) -> bool:
        """Whether the unit reads enough like a claim to be called mixed or contradicted."""
        return self.score >= DECIDES

    def withheld(self, why: str) -> str:
        """The why of a mixed or contradicted verdict withheld (see the module's note)."""
        return (
            f"insufficient: the sentence reads more like background than a claim the evidence "
            f"can settle (claim-likeness {self.score:.2f}, below {DECIDES}); read as a claim, "
            f"{why}"
        )

    def admission(self) -> str:
        return (
            f"reads as a claim (claim-likeness {self.score:.2f}, at least {ADMIT}; learnt from "
            "judged web pages), though no treatment or effect the rules know was read in it"
        )

    def reason(self) -> str:
        return (
            f"reads as background or description, not as a claim (claim-likeness "
            f"{self.score:.2f}, below {THRESHOLD}; learnt from judged web pages)"
        )


def claim_likeness(text: str) -> ClaimLikeness:
    return _model().likeness(text)


def warm() -> None:
    """Read the weights now, so that a server's first document does not pay for it."""
    _model()


_WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """The word n-grams scikit-learn's analyzer="word" reads (lower case, 2+ letter words)."""
    tokens = _WORD.findall(text.lower())
    return [
        " ".join(tokens[i : i + n])
        for n in range(low, high + 1)
        for i in range(len(tokens) - n + 1)
    ]


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    """The character n-grams scikit-learn's analyzer="char_wb" reads: within each word padded
    with a space on both sides; a word shorter than n is counted once, whole."""
    out = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:
                out.append(padded)
                break
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


_ANALYZERS = {"word": word_ngrams, "char_wb": char_ngrams}


@dataclass(frozen=True)
class Features:
    """One tf-idf block of the model: how it reads n-grams, and each n-gram's (idf, weight)."""

    analyzer: str
    low: int
    high: int
    terms: dict[str, tuple[float, float]]

    def score(self, text: str) -> float:
        """This block's share of the decision: the l2-normalised, sublinear tf-idf vector of
        `text` against the regression's weights."""
        counts = Counter(_ANALYZERS[self.analyzer](text, self.low, self.high))
        norm, total = 0.0, 0.0
        for term, count in counts.items():
            known = self.terms.get(term)
            if known is None:
                continue
            value = (1.0 + math.log(count)) * known[0]
            norm += value * value
            total += value * known[1]
        return total / math.sqrt(norm) if norm else 0.0


class ClaimModel:
    """Word (1-2) and character (3-5, within words) n-grams, tf-idf weighed, and a logistic
    regression (its weights as benchmarks/claim_training.py wrote them)."""

    def __init__(self, blocks: list[Features], intercept: float) -> None:
        self.blocks = blocks
        self.intercept = intercept

    @classmethod
    def from_weights(cls, weights: dict) -> ClaimModel:
        blocks = [
            Features(
                b["analyzer"],
                b["ngram_range"][0],
                b["ngram_range"][1],
                {term: (idf, coef) for term, idf, coef in b["terms"]},
            )
            for b in weights["blocks"]
        ]
        return cls(blocks, weights["intercept"])

    def decision(self, text: str) -> float:
        return self.intercept + sum(block.score(text) for block in self.blocks)

    def likeness(self, text: str) -> ClaimLikeness:
        decision = self.decision(text)
        if decision >= 0:
            return ClaimLikeness(1.0 / (1.0 + math.exp(-decision)))
        odds = math.exp(decision)
        return ClaimLikeness(odds / (1.0 + odds))


def training_units() -> list[dict]:
    """The judged units the packaged model learnt from: {kind, text}."""
    text = resources.files("kg").joinpath(_TRAINING).read_text(encoding="utf-8")
    return yaml.safe_load(text)["units"]


def packaged_weights() -> dict:
    return json.loads(resources.files("kg").joinpath(_WEIGHTS).read_text(encoding="utf-8"))


@contextmanager
def scored_with(weights: dict) -> Iterator[None]:
    """Score with these weights for a while, then with the packaged ones again: the
    benchmark's cross-fitting (each tuning text scored by a model that never saw it)."""
    global _loaded
    with _lock:
        kept, _loaded = _loaded, ClaimModel.from_weights(weights)
    try:
        yield
    finally:
        _loaded = kept


def _model() -> ClaimModel:
    global _loaded
    if _loaded is None:
        with _lock:  # one reading, however many threads ask first
            if _loaded is None:
                _loaded = ClaimModel.from_weights(packaged_weights())
    return _loaded
