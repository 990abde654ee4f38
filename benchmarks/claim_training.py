"""Train kg.claim_likeness: write its training data, the judged units of the tuning half of
tests/eval/real (never the held-out half) and the team's own claims of tests/eval/claims.yaml
(all claims), as src/kg/data/claim_units.yaml; fit the model on them with scikit-learn; and
write its weights (each n-gram's idf and coefficient, the intercept) as
src/kg/data/claim_model.json, which the service scores in plain Python.

    python benchmarks/claim_training.py          # rewrite both files
    python benchmarks/claim_training.py --check  # exit 1 when either is out of date

Run it when a batch of real text is added (its tuning texts join the training data; its
held-out texts are measured by a model that never saw them). tests/test_claim_likeness.py
fails while the file is out of date.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_text

TARGET = Path(__file__).resolve().parent.parent / "src" / "kg" / "data" / "claim_units.yaml"
WEIGHTS = TARGET.with_name("claim_model.json")
SIGNIFICANT = 10  # digits kept of each weight: far below any difference in a score
HEADER = """\
# The training data of kg.claim_likeness: every unit (sentence, heading, list item) of the
# tuning half of tests/eval/real, as its reviewer judged it (claim, not-a-claim,
# outside-scope), then the team's claims of tests/eval/claims.yaml, each a claim (without them
# the model learnt that a short plain claim, "PRP injections work for knee pain.", reads like a
# heading). Written by benchmarks/claim_training.py; do not edit by hand. The held-out half is
# never here: the README's held-out figures are of a model that never saw them.
"""
TEAM_CLAIMS = real_text.REAL.parent / "claims.yaml"


def team_claims() -> list[dict]:
    team = yaml.safe_load(TEAM_CLAIMS.read_text(encoding="utf-8"))
    return [{"kind": "claim", "text": c["claim"]} for c in team]


def rendered(folder: Path = real_text.REAL) -> str:
    units = [{"kind": u["kind"], "text": u["text"]} for u in real_text.tuning_units(folder)]
    units += team_claims()
    body = yaml.safe_dump({"units": units}, allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body


def train(units: list[dict]):
    """The scikit-learn pipeline: word (1-2) and character (3-5, within words) n-grams, tf-idf
    weighed (sublinear, l2), and a logistic regression with classes balanced (claims are a
    third of the units)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True),
    )
    pipeline = make_pipeline(
        features, LogisticRegression(C=4, max_iter=2000, class_weight="balanced")
    )
    pipeline.fit([u["text"] for u in units], [u["kind"] == "claim" for u in units])
    return pipeline


def weights(pipeline) -> dict:
    """What kg.claim_likeness scores with: per tf-idf block, how it reads n-grams and each
    n-gram's idf and coefficient (sorted, so the file changes only when the model does)."""
    union, regression = pipeline.steps[0][1], pipeline.steps[1][1]
    coefficients = regression.coef_[0]
    blocks, start = [], 0
    for _, vectorizer in union.transformer_list:
        vocabulary = vectorizer.vocabulary_
        terms = sorted(
            [term, _round(vectorizer.idf_[i]), _round(coefficients[start + i])]
            for term, i in vocabulary.items()
        )
        blocks.append(
            {
                "analyzer": vectorizer.analyzer,
                "ngram_range": list(vectorizer.ngram_range),
                "terms": terms,
            }
        )
        start += len(vocabulary)
    return {"intercept": _round(regression.intercept_[0]), "blocks": blocks}


def _round(value) -> float:
    return float(f"{float(value):.{SIGNIFICANT}g}")


def rendered_weights(units: list[dict]) -> str:
    return json.dumps(weights(train(units)), ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when out of date")
    args = parser.parse_args(argv)
    text = rendered()
    units = yaml.safe_load(text)["units"]
    model = rendered_weights(units)
    if args.check:
        stale = [
            path
            for path, wanted in ((TARGET, text), (WEIGHTS, model))
            if not path.exists() or path.read_text(encoding="utf-8") != wanted
        ]
        for path in stale:
            print(f"{path} is out of date: run python benchmarks/claim_training.py")
        if not stale:
            print(f"{TARGET} and {WEIGHTS} are up to date")
        return 1 if stale else 0
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    WEIGHTS.write_text(model, encoding="utf-8")
    print(f"wrote {len(units)} units to {TARGET} and the model's weights to {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
