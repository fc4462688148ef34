"""Statistics checked against reference values from the literature and hand computation."""

import pytest

from maillage.analysis import statistics
from maillage.analysis.volunteering import smic_on, valued


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson score).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe(successes, n, low, high):
    estimate = statistics.wilson(successes, n)
    assert estimate.value == pytest.approx(successes / n)
    assert estimate.low == pytest.approx(low, abs=5e-5)
    assert estimate.high == pytest.approx(high, abs=5e-5)


def test_wilson_stays_inside_zero_and_one_and_refuses_nonsense():
    assert statistics.wilson(10, 10).high == 1.0
    assert statistics.wilson(0, 0).value is None
    with pytest.raises(ValueError):
        statistics.wilson(11, 10)


def test_mean_with_student_interval():
    # mean 5, sd 2.138, t(0.975, 7) = 2.3646 -> 5 ± 1.7875
    estimate = statistics.mean([2, 4, 4, 4, 5, 5, 7, 9])
    assert estimate.value == 5
    assert (estimate.low, estimate.high) == pytest.approx((3.2125, 6.7875), abs=1e-4)
    assert estimate.small_sample  # 8 answers
    assert statistics.mean([3]).low is None


def test_paired_change_effect_size_and_tests():
    # differences 1, 2, 0, 1, 2: mean 1.2, sd 0.8367, t = 3.207 (4 df), p = 0.0327, d_z = 1.434
    change = statistics.paired_change(list(zip([3, 2, 4, 2, 3], [4, 4, 4, 3, 5], strict=True)))
    assert (change.before, change.after) == (pytest.approx(2.8), pytest.approx(4.0))
    assert change.change.value == pytest.approx(1.2)
    assert change.effect_size == pytest.approx(1.4343, abs=1e-4)
    assert change.t_test_p == pytest.approx(0.0327, abs=1e-4)
    # Exact Wilcoxon with 4 non-zero positive differences: p = 2 / 2**4 = 0.125
    assert change.wilcoxon_p == pytest.approx(0.125)
    assert change.effect_label == "grand"


def test_no_change_has_no_test():
    change = statistics.paired_change([(3, 3), (4, 4)])
    assert change.change.value == 0 and change.t_test_p is None and change.wilcoxon_p is None


def test_volunteer_hours_valued_at_the_smic_of_their_day():
    from datetime import date
    from decimal import Decimal

    assert smic_on(date(2024, 10, 31)) == Decimal("11.65")
    assert smic_on(date(2024, 11, 1)) == Decimal("11.88")
    assert valued(Decimal("10"), date(2025, 6, 1)) == Decimal("118.80")
    assert valued(Decimal("10"), date(2025, 6, 1), Decimal("15.50")) == Decimal("155.00")
