"""The statistics behind indicator values: proportions with Wilson intervals, means with
Student intervals, before/after change on paired answers with its effect size and paired tests.

Plain functions of numbers, no database: they are checked against reference values in the tests.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from scipy import stats

CONFIDENCE = 0.95
SMALL_SAMPLE = 10  # under this many answers, a value is shown with a « small sample » notice


@dataclass(frozen=True)
class Estimate:
    value: float | None
    n: int
    low: float | None = None
    high: float | None = None

    @property
    def small_sample(self) -> bool:
        return self.n < SMALL_SAMPLE


@lru_cache(maxsize=64)
def _z(confidence: float) -> float:
    """The normal quantile of a two-sided interval (scipy's, kept: a breakdown asks it often)."""
    return float(stats.norm.ppf(1 - (1 - confidence) / 2))


@lru_cache(maxsize=4096)
def _t(confidence: float, df: int) -> float:
    return float(stats.t.ppf(1 - (1 - confidence) / 2, df))


def wilson(successes: int, n: int, confidence: float = CONFIDENCE) -> Estimate:
    """A proportion (0–1) with its Wilson score interval, which stays inside [0, 1] and behaves
    at 0 %, 100 % and on small samples, unlike the textbook normal interval."""
    if n <= 0:
        return Estimate(None, 0)
    if not 0 <= successes <= n:
        raise ValueError("successes must lie between 0 and n")
    z = _z(confidence)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Estimate(p, n, low, high)


def mean(values: list[float], confidence: float = CONFIDENCE) -> Estimate:
    """The mean with its Student t interval (no interval under two values)."""
    n = len(values)
    if n == 0:
        return Estimate(None, 0)
    average = math.fsum(values) / n
    if n < 2:
        return Estimate(average, n)
    sd = math.sqrt(math.fsum((v - average) ** 2 for v in values) / (n - 1))
    half = _t(confidence, n - 1) * sd / math.sqrt(n)
    return Estimate(average, n, average - half, average + half)


def mean_of_counts(counts: Mapping[float, int], confidence: float = CONFIDENCE) -> Estimate:
    """`mean` of values given as {value: how many times}: what the database hands over after a
    GROUP BY, so that a mean over millions of answers never lists them one by one."""
    n = sum(counts.values())
    if n == 0:
        return Estimate(None, 0)
    average = math.fsum(v * c for v, c in counts.items()) / n
    if n < 2:
        return Estimate(average, n)
    sd = math.sqrt(math.fsum(c * (v - average) ** 2 for v, c in counts.items()) / (n - 1))
    half = _t(confidence, n - 1) * sd / math.sqrt(n)
    return Estimate(average, n, average - half, average + half)


@dataclass(frozen=True)
class Change:
    """Before/after on the same people: the mean change with its interval, the effect size
    (Cohen's d for paired data, d_z = mean change / sd of changes), a paired t-test and the
    Wilcoxon signed-rank test (for ordinal scales, which the t-test treats as numbers)."""

    before: float | None
    after: float | None
    change: Estimate
    effect_size: float | None
    t_test_p: float | None
    wilcoxon_p: float | None

    @property
    def n(self) -> int:
        return self.change.n

    @property
    def effect_label(self) -> str:
        """Cohen's usual words, in French."""
        if self.effect_size is None:
            return ""
        size = abs(self.effect_size)
        if size < 0.2:
            return "négligeable"
        if size < 0.5:
            return "petit"
        if size < 0.8:
            return "moyen"
        return "grand"


def paired_change(pairs: list[tuple[float, float]], confidence: float = CONFIDENCE) -> Change:
    differences = [after - before for before, after in pairs]
    change = mean(differences, confidence)
    if not pairs:
        return Change(None, None, change, None, None, None)
    before = math.fsum(b for b, _a in pairs) / len(pairs)
    after = math.fsum(a for _b, a in pairs) / len(pairs)
    effect = t_p = w_p = None
    if len(pairs) >= 2:
        runs = tuple((pair, len(list(group))) for pair, group in groupby(pairs))
        spread, t_p, w_p = _paired_tests(runs)
        if spread > 0:
            effect = change.value / spread
    return Change(before, after, change, effect, t_p, w_p)


@lru_cache(maxsize=32)  # a key holds every pair of a survey: few, to bound the memory
def _paired_tests(runs: tuple) -> tuple[float, float | None, float | None]:
    """(sd of the changes, paired t-test p, Wilcoxon p) of pairs in their given order: scipy's
    tests cost milliseconds (Wilcoxon ~3 ms even for 4 pairs) and a pure function of the numbers,
    so the same answers shown again (page, report, API) reuse them; never stale. `runs`:
    ((before, after), repeats) in order, small to keep however many people answered."""
    pairs = [pair for pair, repeats in runs for _ in range(repeats)]
    differences = [after - before for before, after in pairs]
    spread = float(stats.tstd(differences)) if len(set(differences)) > 1 else 0.0
    t_p = w_p = None
    if spread > 0:
        t_p = float(stats.ttest_rel([a for _b, a in pairs], [b for b, _a in pairs]).pvalue)
    if any(differences):
        w_p = float(stats.wilcoxon(differences, zero_method="wilcox").pvalue)
    return spread, t_p, w_p
