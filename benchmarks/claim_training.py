"""Write the training data of kg.claim_likeness: the judged units of the tuning half of
tests/eval/real (never the held-out half), and the team's own claims of tests/eval/claims.yaml
(all claims), as src/kg/data/claim_units.yaml.

    python benchmarks/claim_training.py          # rewrite the file
    python benchmarks/claim_training.py --check  # exit 1 when the file is out of date

Run it when a batch of real text is added (its tuning texts join the training data; its
held-out texts are measured by a model that never saw them). tests/test_claim_likeness.py
fails while the file is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_text

TARGET = Path(__file__).resolve().parent.parent / "src" / "kg" / "data" / "claim_units.yaml"
HEADER = """\
# The training data of kg.claim_likeness: every unit (sentence, heading, list item) of the
# tuning half of tests/eval/real, as its reviewer judged it (claim, not-a-claim,
# outside-scope), then the team's claims of tests/eval/claims.yaml, each a claim (without them
# the model learnt that a short plain claim, "PRP injections work for knee pain.", reads like a
# heading). Written by benchmarks/claim_training.py; do not edit by hand. The held-out half is
# never here: the README's held-out figures are of a model that never saw them.
"""
TEAM_CLAIMS = real_text.REAL.parent / "claims.yaml"


def rendered(folder: Path = real_text.REAL) -> str:
    units = [{"kind": u["kind"], "text": u["text"]} for u in real_text.tuning_units(folder)]
    team = yaml.safe_load(TEAM_CLAIMS.read_text(encoding="utf-8"))
    units += [{"kind": "claim", "text": c["claim"]} for c in team]
    body = yaml.safe_dump({"units": units}, allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when out of date")
    args = parser.parse_args(argv)
    text = rendered()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: run python benchmarks/claim_training.py")
            return 1
        print(f"{TARGET} is up to date")
        return 0
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10) + '- kind: ')} units to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
