"""How much a unit of a document reads like a claim, learnt from real pages that reviewers
judged unit by unit (the tuning half of tests/eval/real only) and from the team's own claims
(tests/eval/claims.yaml): src/kg/data/claim_units.yaml.

Why a model and not more rules: hand-written patterns for what is no claim (a definition, the
course of the disease, a clinic's services, a study's methods, one patient's story) fixed the
sentences they were written on and few others; on each fresh batch of pages about a third of
the committed verdicts still fell on units that were no claim. Word and character n-grams
weighed by a logistic regression (scikit-learn) learn the general look of a claim from every
judged unit at once. Measured forward in time (trained on the batches before, scored on the
next batch's tuning texts, as they stood when they came), at a score below 0.15 it would have
withheld 10 of 62 committed verdicts on non-claims, at the cost of 1 of 62 right ones.

The model only withholds: a unit that the rules read as a claim and that scores below
THRESHOLD is reported as no claim, with its score. It never makes a claim of a unit the rules
pass over, and never changes a verdict.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from importlib import resources

import yaml

THRESHOLD = 0.15  # chosen on the forward-in-time measure above, never on held-out text
_TRAINING = "data/claim_units.yaml"
# One thread for BLAS and OpenMP, set before NumPy first loads (scikit-learn loads it, and only
# here): the model is small, and BLAS worker threads beside two server processes on two cores
# can only compete with them. (load_fault with 8 clients read 208-269 requests/s with the
# threads and 295-307 without in one series, but runs of 5-12 s vary from 200 to 315 on this
# machine, so the gain is not established beyond that noise.) A caller's own setting wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
_lock = threading.Lock()
_trained: ClaimModel | None = None  # the model, once trained


@dataclass(frozen=True)
class ClaimLikeness:
    """A unit's score: the model's probability that a reviewer judges it a claim."""

    score: float

    @property
    def claim_like(self) -> bool:
        return self.score >= THRESHOLD

    def reason(self) -> str:
        return (
            f"reads as background or description, not as a claim (claim-likeness "
            f"{self.score:.2f}, below {THRESHOLD}; learnt from judged web pages)"
        )


def claim_likeness(text: str) -> ClaimLikeness:
    return _model().likeness(text)


def warm() -> None:
    """Train the model now (about half a second), so that a server's first document does
    not pay for it."""
    _model()


class ClaimModel:
    """Word (1-2) and character (3-5, within words) n-grams, tf-idf weighed, and a logistic
    regression with classes balanced (claims are a third of the units)."""

    def __init__(self, units: list[dict]) -> None:
        # imported here: scikit-learn takes a second to import, and only documents need it
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1)  # as above, when NumPy was loaded before this module

        features = make_union(
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True),
        )
        self._pipeline = make_pipeline(
            features, LogisticRegression(C=4, max_iter=2000, class_weight="balanced")
        )
        self._pipeline.fit([u["text"] for u in units], [u["kind"] == "claim" for u in units])

    def likeness(self, text: str) -> ClaimLikeness:
        return ClaimLikeness(float(self._pipeline.predict_proba([text])[0][1]))


def training_units() -> list[dict]:
    """The judged units the packaged model learns from: {kind, text}."""
    text = resources.files("kg").joinpath(_TRAINING).read_text(encoding="utf-8")
    return yaml.safe_load(text)["units"]


def _model() -> ClaimModel:
    global _trained
    if _trained is None:
        with _lock:  # one training, however many threads ask first
            if _trained is None:
                _trained = ClaimModel(training_units())
    return _trained
