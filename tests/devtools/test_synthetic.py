"""The synthetic rehearsals that benchmarks and tests fill stores with."""

from __future__ import annotations

import random

from erbsim.devtools.synthetic import synthetic_answer


def test_synthetic_answers_are_realistic_lengths():
    rng = random.Random(1)
    lengths = [len(synthetic_answer(rng).split()) for _ in range(20)]
    assert min(lengths) >= 300 and max(lengths) <= 450
