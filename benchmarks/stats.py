"""Small statistics helpers shared by the benchmarks (no numpy needed)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


def percentile(samples: Sequence[float], pct: float) -> float:
    """The pct-th percentile with linear interpolation (numpy's default method)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * pct / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return ordered[low]
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Summary:
    """Distribution of one measured quantity, in the unit the caller chose."""

    count: int
    p50: float
    p90: float
    p99: float
    minimum: float
    maximum: float
    mean: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        """Summarise samples; NaN everywhere when there are none."""
        if not samples:
            return cls(0, math.nan, math.nan, math.nan, math.nan, math.nan, math.nan)
        return cls(
            count=len(samples),
            p50=percentile(samples, 50),
            p90=percentile(samples, 90),
            p99=percentile(samples, 99),
            minimum=min(samples),
            maximum=max(samples),
            mean=sum(samples) / len(samples),
        )

    def as_dict(self, digits: int = 3) -> dict[str, Any]:
        """JSON-ready, rounded; NaN becomes None."""
        return {
            key: (None if isinstance(value, float) and math.isnan(value) else round(value, digits))
            for key, value in asdict(self).items()
        }
