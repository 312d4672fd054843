"""Synthetic data at scale, for benchmarks: `manage.py generatedata --scale small|large`.

Each app writes its own records through a generator step of its plug-in, in layer order,
all in one transaction. Rows are written with bulk_create in batches (history rows too,
through simple_history's bulk helper), deterministically from a seed, so two runs at the
same scale give the same data set, and a second run adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db import transaction

from jmdi.core.plugins import GeneratorContext, generator_steps

SCALES = ("small", "large")


def sizes_for(scale: str) -> dict[str, int]:
    merged: dict[str, int] = {}
    for step in generator_steps():
        merged.update(step.sizes.get(scale, {}))
    return merged


def generate(
    scale: str,
    *,
    seed: int = 2012,
    progress: Callable[[str], None] = print,
    sizes: dict[str, int] | None = None,
) -> dict[str, int]:
    """Run every app's step at `scale`; `sizes` overrides the scale's sizes (for tests)."""
    context = GeneratorContext(
        scale=scale,
        rng=random.Random(seed),
        progress=progress,
        sizes={**sizes_for(scale), **(sizes or {})},
    )
    with transaction.atomic():
        for step in generator_steps():
            step.run(context)
    return context.counts
