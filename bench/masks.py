"""Benchmark of trust: how often a forgotten mask is judged correct, over 200 seeds.

Every mask form of `tests/support/mask_forms.py` (comparisons with a constant, between two
tensors, broadcast over a batch, `(x > 0) * 1.0`; relu, step, abs and sign on vectors and on
batches), with sizes of 2 to 4 so that small trials often see a mask one way only. For each,
the seeds of 0..SEEDS-1 whose trials accept the answer with the mask forgotten: the goal is 0
for every form (issue 19). The reference answer is checked to pass on every seed too.

Run:  python bench/masks.py [--seeds N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

from mask_forms import MASKS, false_passes, question_of


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    seeds = range(parser.parse_args().seeds)
    failing = 0
    print(f"{'form':<28} {'false passes':>12}  seconds")
    with tempfile.TemporaryDirectory() as folder:
        for form, (body, forgot) in MASKS.items():
            start = time.perf_counter()
            passed = list(false_passes(question_of(Path(folder), body), forgot, seeds))
            seconds = time.perf_counter() - start
            shown = f"{len(passed)} of {len(seeds)}"
            print(
                f"{form:<28} {shown:>12}  {seconds:7.2f}" + (f"  seeds {passed}" if passed else "")
            )
            failing += bool(passed)
    print(f"forms with a false pass: {failing} of {len(MASKS)} (goal: 0)")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
