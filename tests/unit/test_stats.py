"""Tests for quizapp.stats (Moodle item statistics, /work/shared/reference/item-statistics.md).

Hand-checked fixture: 5 students (A..E) x 3 questions, max marks q1=1, q2=1, q3=2.

    student  q1   q2   q3  | X = total
    A        1    1    2   | 4
    B        1    0.5  1.5 | 3
    C        0.5  1    1   | 2.5
    D        0    0.5  0.5 | 1
    E        1    0    0   | 1

All (co)variances divide by n - 1 = 4.  The arithmetic is written out beside
each expected value below and cross-checked with the stdlib ``statistics``
module (an independent implementation of mean/stdev/covariance/correlation)
and, for CovMax, by brute force over every pairing (rearrangement inequality).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import statistics
from fractions import Fraction

import pytest

from quizapp.stats import (
    FLAG_LABELS,
    ItemStats,
    MarkGroup,
    _times,
    as_percentages,
    counted_option_frequencies,
    grouped_item_statistics,
    item_statistics,
    option_frequencies,
)

MAX_MARKS = {"q1": 1.0, "q2": 1.0, "q3": 2.0}
ATTEMPTS = [
    {"q1": 1.0, "q2": 1.0, "q3": 2.0},  # A
    {"q1": 1.0, "q2": 0.5, "q3": 1.5},  # B
    {"q1": 0.5, "q2": 1.0, "q3": 1.0},  # C
    {"q1": 0.0, "q2": 0.5, "q3": 0.5},  # D
    {"q1": 1.0, "q2": 0.0, "q3": 0.0},  # E
]

# Expected values, worked by hand.
#
# q1: x = [1, 1, .5, 0, 1], mean 3.5/5 = .7 -> facility .7
#     deviations .3 .3 -.2 -.7 .3; squares .09+.09+.04+.49+.09 = .8; Var = .8/4 = .2
#     SD = sqrt(.2) = .44721 (max mark 1)
#     X_-1 = q2+q3 = [3, 2, 2, 1, 0], mean 8/5 = 1.6
#     deviations 1.4 .4 .4 -.6 -1.6; squares 1.96+.16+.16+.36+2.56 = 5.2; Var = 1.3
#     cross products .42+.12-.08+.42-.48 = .4; Cov(x1, X_-1) = .1
#     discrimination = .1 / sqrt(.2 * 1.3) = .1 / sqrt(.26) = 1/sqrt(26) = .19612
#     CovMax: sorted x [0 .5 1 1 1] dev -.7 -.2 .3 .3 .3
#             sorted X_-1 [0 1 2 2 3] dev -1.6 -.6 .4 .4 1.4
#             products 1.12+.12+.12+.12+.42 = 1.9; CovMax = .475
#     efficiency = .1 / .475 = 4/19 = .21053
#
# q2: x = [1, .5, 1, .5, 0], mean 3/5 = .6 -> facility .6
#     deviations .4 -.1 .4 -.1 -.6; squares .16+.01+.16+.01+.36 = .7; Var = .175
#     SD = sqrt(.175) = .41833
#     X_-2 = q1+q3 = [3, 2.5, 1.5, .5, 1], mean 8.5/5 = 1.7
#     deviations 1.3 .8 -.2 -1.2 -.7; squares 1.69+.64+.04+1.44+.49 = 4.3; Var = 1.075
#     cross products .52-.08-.08+.12+.42 = .9; Cov = .225
#     discrimination = .225 / sqrt(.175 * 1.075) = .225 / sqrt(301/1600) = 9/sqrt(301) = .51875
#     CovMax: sorted x [0 .5 .5 1 1] dev -.6 -.1 -.1 .4 .4
#             sorted X_-2 [.5 1 1.5 2.5 3] dev -1.2 -.7 -.2 .8 1.3
#             products .72+.07+.02+.32+.52 = 1.65; CovMax = .4125
#     efficiency = .225 / .4125 = 6/11 = .54545
#
# q3: x = [2, 1.5, 1, .5, 0], mean 5/5 = 1 -> facility 1/2 = .5
#     deviations 1 .5 0 -.5 -1; squares 1+.25+0+.25+1 = 2.5; Var = .625
#     SD = sqrt(.625) / 2 = .79057 / 2 = .39528 (fraction of max mark 2)
#     X_-3 = q1+q2 = [2, 1.5, 1.5, .5, 1], mean 6.5/5 = 1.3
#     deviations .7 .2 .2 -.8 -.3; squares .49+.04+.04+.64+.09 = 1.3; Var = .325
#     cross products .7+.1+0+.4+.3 = 1.5; Cov = .375
#     discrimination = .375 / sqrt(.625 * .325) = .375 / sqrt(13/64) = 3/sqrt(13) = .83205
#     CovMax: sorted x [0 .5 1 1.5 2] dev -1 -.5 0 .5 1
#             sorted X_-3 [.5 1 1.5 1.5 2] dev -.8 -.3 .2 .2 .7
#             products .8+.15+0+.1+.7 = 1.75; CovMax = .4375
#     efficiency = .375 / .4375 = 6/7 = .85714
#
# Effective weight: Cov(x_i, X) = Var(x_i) + Cov(x_i, X_-i)
#     q1 .2 + .1 = .3;  q2 .175 + .225 = .4;  q3 .625 + .375 = 1.0
#     check: they sum to Var(X) = 1.7 (X = [4 3 2.5 1 1], mean 2.3,
#            squares 2.89+.49+.04+1.69+1.69 = 6.8, /4 = 1.7)
#     sqrt: .54772 + .63246 + 1 = 2.18018
#     weights .54772/2.18018 = .25123, .63246/2.18018 = .29009, 1/2.18018 = .45868
# Intended weight: 1/4, 1/4, 2/4.
HAND = {
    "q1": {
        "facility": 0.7,
        "sd": math.sqrt(0.2),
        "discrimination": 1 / math.sqrt(26),
        "efficiency": 4 / 19,
        "cov_total": 0.3,
        "intended_weight": 0.25,
    },
    "q2": {
        "facility": 0.6,
        "sd": math.sqrt(0.175),
        "discrimination": 9 / math.sqrt(301),
        "efficiency": 6 / 11,
        "cov_total": 0.4,
        "intended_weight": 0.25,
    },
    "q3": {
        "facility": 0.5,
        "sd": math.sqrt(0.625) / 2,
        "discrimination": 3 / math.sqrt(13),
        "efficiency": 6 / 7,
        "cov_total": 1.0,
        "intended_weight": 0.5,
    },
}


@pytest.fixture
def five_students() -> dict[str, ItemStats]:
    return {s.key: s for s in item_statistics(ATTEMPTS, MAX_MARKS)}


def _column(key: str, attempts=ATTEMPTS) -> list[float]:
    return [a.get(key, 0.0) for a in attempts]


def _rest(key: str, attempts=ATTEMPTS) -> list[float]:
    return [sum(v for k, v in a.items() if k != key) for a in attempts]


# --- hand-computed fixture ----------------------------------------------------


@pytest.mark.parametrize("key", ["q1", "q2", "q3"])
def test_hand_computed_values(five_students, key):
    s, hand = five_students[key], HAND[key]
    assert s.n == 5
    assert s.max_mark == MAX_MARKS[key]
    assert s.facility == pytest.approx(hand["facility"], abs=1e-12)
    assert s.sd == pytest.approx(hand["sd"], abs=1e-12)
    assert s.discrimination == pytest.approx(hand["discrimination"], abs=1e-12)
    assert s.efficiency == pytest.approx(hand["efficiency"], abs=1e-12)
    assert s.intended_weight == pytest.approx(hand["intended_weight"], abs=1e-12)
    assert s.flags == ()


def test_hand_computed_rounded_values(five_students):
    """The decimals written in the module comment above."""
    got = {k: (s.facility, s.sd, s.discrimination, s.efficiency) for k, s in five_students.items()}
    assert got["q1"] == pytest.approx((0.7, 0.44721, 0.19612, 0.21053), abs=5e-6)
    assert got["q2"] == pytest.approx((0.6, 0.41833, 0.51875, 0.54545), abs=5e-6)
    assert got["q3"] == pytest.approx((0.5, 0.39528, 0.83205, 0.85714), abs=5e-6)


def test_effective_weights_by_hand(five_students):
    roots = {k: math.sqrt(h["cov_total"]) for k, h in HAND.items()}
    denom = sum(roots.values())  # 2.18018
    for key, s in five_students.items():
        assert s.effective_weight == pytest.approx(roots[key] / denom, abs=1e-12)
    assert [round(s.effective_weight, 5) for s in five_students.values()] == [
        0.25123,
        0.29009,
        0.45868,
    ]
    assert math.fsum(s.effective_weight for s in five_students.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("key", ["q1", "q2", "q3"])
def test_cross_check_with_stdlib_statistics(five_students, key):
    """Independent formulation: stdlib statistics (n - 1 denominators)."""
    s, x, rest = five_students[key], _column(key), _rest(key)
    total = [sum(a.values()) for a in ATTEMPTS]
    assert s.facility == pytest.approx(statistics.fmean(x) / MAX_MARKS[key])
    assert s.sd == pytest.approx(statistics.stdev(x) / MAX_MARKS[key])
    assert s.discrimination == pytest.approx(statistics.correlation(x, rest))
    assert statistics.covariance(x, total) == pytest.approx(HAND[key]["cov_total"])


@pytest.mark.parametrize("key", ["q1", "q2", "q3"])
def test_efficiency_cross_check_by_brute_force(five_students, key):
    """CovMax = the largest covariance over all pairings of x_i with X_-i."""
    x, rest = _column(key), _rest(key)
    cov_max = max(statistics.covariance(x, list(p)) for p in itertools.permutations(rest))
    assert five_students[key].efficiency == pytest.approx(statistics.covariance(x, rest) / cov_max)


def test_results_follow_max_marks_order():
    max_marks = {"q3": 2.0, "q1": 1.0, "q2": 1.0}
    assert [s.key for s in item_statistics(ATTEMPTS, max_marks)] == ["q3", "q1", "q2"]


def test_item_stats_is_frozen(five_students):
    with pytest.raises(dataclasses.FrozenInstanceError):
        five_students["q1"].facility = 0.0  # type: ignore[misc]


# --- edge cases -------------------------------------------------------------


def test_no_attempts():
    [s] = item_statistics([], {"q1": 2.0})
    assert s.n == 0
    assert s.facility is None
    assert s.sd is None
    assert s.discrimination is None
    assert s.efficiency is None
    assert s.effective_weight is None
    assert s.intended_weight == 1.0
    assert s.flags == ()


def test_single_attempt_has_facility_but_no_sd():
    stats = item_statistics([{"q1": 0.5, "q2": 1.0}], {"q1": 1.0, "q2": 1.0})
    s = stats[0]
    assert s.n == 1
    assert s.facility == 0.5
    assert s.sd is None
    assert s.discrimination is None
    assert s.efficiency is None
    assert all(t.effective_weight is None for t in stats)


def test_everyone_same_mark_gives_no_discrimination():
    """Var(x_i) = 0: discrimination and efficiency are None, not 0 or an error.

    0.1 is used on purpose: fsum([0.1] * 3) / 3 == 0.10000000000000002, so a
    naive computation would see a tiny non-zero variance.
    """
    attempts = [{"q1": 0.1, "q2": m} for m in (0.0, 0.5, 1.0)]
    s = item_statistics(attempts, {"q1": 1.0, "q2": 1.0})[0]
    assert s.facility == pytest.approx(0.1)
    assert s.sd == 0.0
    assert s.discrimination is None
    assert s.efficiency is None
    assert s.effective_weight == 0.0  # Cov(x_i, X) = 0 -> sqrt(0) = 0
    assert "negative_discrimination" not in s.flags
    assert "low_efficiency" not in s.flags


def test_constant_rest_of_test_gives_no_discrimination():
    """Var(X_-i) = 0 (the other question constant, with float noise in X - x_i)."""
    attempts = [{"q1": m, "q2": 0.2} for m in (0.1, 0.7, 0.3)]
    s = item_statistics(attempts, {"q1": 1.0, "q2": 1.0})[0]
    assert s.sd is not None and s.sd > 0
    assert s.discrimination is None
    assert s.efficiency is None


def test_everyone_full_marks_is_too_easy_and_undefined_elsewhere():
    stats = item_statistics([{"q1": 1.0, "q2": 2.0}] * 4, {"q1": 1.0, "q2": 2.0})
    for s in stats:
        assert s.facility == 1.0
        assert s.sd == 0.0
        assert s.discrimination is None
        assert s.efficiency is None
        assert s.effective_weight is None  # sum of sqrt(Cov) is 0
        assert s.flags == ("too_easy",)


def test_negative_discrimination_is_flagged():
    """Question b is answered by the weakest students only; g1..g3 follow ability.

    student  g1 g2 g3  b | X
    A         1  1  1  0 | 3
    B         1  1  1  0 | 3
    C         1  1  0  0 | 2
    D         1  0  0  1 | 2
    E         0  0  0  1 | 1
    x_b = [0 0 0 1 1], mean .4; X_-b = [3 3 2 1 0], mean 1.8
    Cov(x_b, X_-b) = (sum x*y - n*mx*my) / 4 = (1 - 5*.4*1.8) / 4 = -.65 < 0
    Cov(x_b, X) with X mean 2.2: (3 - 5*.4*2.2) / 4 = -.35 < 0 -> no effective weight
    The g questions keep positive covariance with their rest, e.g. g1:
    X_-g1 = [2 2 1 1 1], (6 - 5*.8*1.4) / 4 = .1 > 0.
    """
    rows = [(1, 1, 1, 0), (1, 1, 1, 0), (1, 1, 0, 0), (1, 0, 0, 1), (0, 0, 0, 1)]
    keys = ("g1", "g2", "g3", "b")
    attempts = [dict(zip(keys, row, strict=True)) for row in rows]
    stats = {s.key: s for s in item_statistics(attempts, dict.fromkeys(keys, 1.0))}
    bad = stats["b"]
    x_b, rest = _column("b", attempts), _rest("b", attempts)
    assert rest == [3, 3, 2, 1, 0]
    assert statistics.covariance(x_b, rest) == pytest.approx(-0.65)
    assert bad.discrimination == pytest.approx(statistics.correlation(x_b, rest))
    assert bad.discrimination < 0
    assert "negative_discrimination" in bad.flags
    assert "low_efficiency" in bad.flags  # efficiency < 0 as well
    assert bad.effective_weight is None
    good = [stats[k] for k in ("g1", "g2", "g3")]
    assert math.fsum(s.effective_weight for s in good) == pytest.approx(1.0)
    assert all(s.discrimination > 0 for s in good)
    assert all("negative_discrimination" not in s.flags for s in good)


def test_low_efficiency_is_flagged():
    """x = [0 0 0 0 1 1] (mean 1/3), X_-i = [0 0 0 3 0 2] (mean 5/6), n - 1 = 5.

    Cov = (sum x*y - n*mx*my) / 5 = (2 - 6*(1/3)*(5/6)) / 5 = (1/3) / 5 = 1/15
    CovMax pairs sorted [0 0 0 0 1 1] with [0 0 0 0 2 3]: (5 - 5/3) / 5 = 2/3
    efficiency = (1/15) / (2/3) = 1/10 < .15, discrimination still positive.
    """
    marks = zip([0, 0, 0, 0, 1, 1], [0, 0, 0, 3, 0, 2], strict=True)
    attempts = [{"q": q, "rest": r} for q, r in marks]
    s = item_statistics(attempts, {"q": 1, "rest": 3})[0]
    assert s.efficiency == pytest.approx(0.1)
    assert s.discrimination > 0
    assert s.flags == ("low_efficiency",)


@pytest.mark.parametrize(
    ("correct", "flags"),
    [
        (10, ("too_easy",)),  # facility 1.0
        (9, ()),  # facility 0.9 exactly: not > 0.9
        (1, ()),  # facility 0.1 exactly: not < 0.1
        (0, ("too_hard",)),  # facility 0.0
    ],
)
def test_too_easy_and_too_hard_flags(correct, flags):
    attempts = [{"q1": 1.0 if i < correct else 0.0, "q2": float(i % 2)} for i in range(10)]
    s = item_statistics(attempts, {"q1": 1.0, "q2": 1.0})[0]
    assert s.facility == correct / 10
    assert tuple(f for f in s.flags if f in ("too_easy", "too_hard")) == flags


def test_missing_question_counts_as_zero():
    explicit = [dict(a) for a in ATTEMPTS]
    explicit[3]["q2"] = 0.0
    missing = [dict(a) for a in ATTEMPTS]
    del missing[3]["q2"]
    assert item_statistics(missing, MAX_MARKS) == item_statistics(explicit, MAX_MARKS)
    [q2] = [s for s in item_statistics(missing, MAX_MARKS) if s.key == "q2"]
    assert q2.facility == pytest.approx(2.5 / 5)  # 1 + .5 + 1 + 0 + 0


def test_keys_not_in_max_marks_are_ignored():
    extra = [{**a, "other": 5.0} for a in ATTEMPTS]
    assert item_statistics(extra, MAX_MARKS) == item_statistics(ATTEMPTS, MAX_MARKS)


def test_random_guess_is_passed_through():
    stats = item_statistics(ATTEMPTS, MAX_MARKS, random_guess={"q1": 0.5, "q2": None})
    assert [s.random_guess for s in stats] == [0.5, None, None]


def test_zero_max_mark_has_no_facility():
    attempts = [{"q1": 0.0, "q2": 1.0}, {"q1": 0.0, "q2": 0.0}]
    s = item_statistics(attempts, {"q1": 0.0, "q2": 1.0})[0]
    assert s.facility is None
    assert s.sd is None
    assert s.intended_weight == 0.0


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_invalid_max_mark_rejected(bad):
    with pytest.raises(ValueError):
        item_statistics(ATTEMPTS, {"q1": bad})


def test_non_finite_mark_rejected():
    with pytest.raises(ValueError):
        item_statistics([{"q1": math.nan}], {"q1": 1.0})


# --- option frequencies -----------------------------------------------------


def test_option_frequencies_multi_pick():
    picks = [[0, 2], [2], [], [0, 1, 2]]  # 4 attempts, one picked nothing
    assert option_frequencies(picks, 4) == [2 / 4, 1 / 4, 3 / 4, 0.0]


def test_option_frequencies_counts_repeat_pick_once_and_accepts_generators():
    picks = (iter(p) for p in [[1, 1], [1]])
    assert option_frequencies(picks, 2) == [0.0, 1.0]


def test_option_frequencies_without_attempts():
    assert option_frequencies([], 3) == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("option", [-1, 3])
def test_option_frequencies_rejects_unknown_option(option):
    with pytest.raises(ValueError):
        option_frequencies([[option]], 3)


# --- presentation -----------------------------------------------------------


def test_as_percentages(five_students):
    d = as_percentages(five_students["q1"])
    assert d == {
        "key": "q1",
        "n": 5,
        "facility": 70.0,
        "sd": 44.72,
        "random_guess": None,
        "intended_weight": 25.0,
        "effective_weight": 25.12,
        "discrimination": 19.61,
        "efficiency": 21.05,
        "flags": [],
    }
    json.dumps(d)  # JSON-friendly


def test_as_percentages_keeps_none_and_lists_flags():
    [s] = item_statistics([], {"q1": 1.0})
    d = as_percentages(s)
    assert d["facility"] is None and d["sd"] is None and d["discrimination"] is None
    s = dataclasses.replace(s, facility=0.0, flags=("too_hard",))
    assert as_percentages(s)["flags"] == ["too_hard"]


def test_flag_labels_cover_every_flag():
    assert set(FLAG_LABELS) == {
        "too_easy",
        "too_hard",
        "negative_discrimination",
        "low_efficiency",
    }
    assert all(isinstance(v, str) and v for v in FLAG_LABELS.values())


def test_asked_only_judges_a_question_on_the_attempts_that_asked_it():
    """Q2 joined the bank after the first two attempts: with asked_only it is not scored 0 there.

    Attempts (q1, q2): (1, -), (0, -), (1, 1), (0, 1). With asked_only, q2's sample is the last
    two attempts: facility 1.0; q1 still uses all four: facility 0.5. Without it, q2 would count
    0 in the first two attempts and its facility would fall to 0.5.
    """
    marks = [{"q1": 1.0}, {"q1": 0.0}, {"q1": 1.0, "q2": 1.0}, {"q1": 0.0, "q2": 1.0}]
    max_marks = {"q1": 1.0, "q2": 1.0}
    asked = {s.key: s for s in item_statistics(marks, max_marks, asked_only=True)}
    zero = {s.key: s for s in item_statistics(marks, max_marks)}
    assert (asked["q2"].n, asked["q2"].facility) == (2, 1.0)
    assert (zero["q2"].n, zero["q2"].facility) == (4, 0.5)
    assert (asked["q1"].n, asked["q1"].facility) == (zero["q1"].n, zero["q1"].facility) == (4, 0.5)
    assert asked["q2"].sd == 0.0 and asked["q2"].discrimination is None  # no spread among the 2


# --- grouped samples (what the database returns) ------------------------------


def test_grouped_statistics_equal_those_of_the_attempts_written_out():
    """Counts stand for repeated attempts: 3 x (1, 4) is three attempts scoring 1 of a total 4."""
    groups = {
        "q1": [MarkGroup(1.0, 4.0, 3), MarkGroup(0.5, 2.5, 2), MarkGroup(0.0, 1.0, 1)],
        "q2": [MarkGroup(3.0, 4.0, 3), MarkGroup(2.0, 2.5, 2), MarkGroup(1.0, 1.0, 1)],
    }
    attempts = [{"q1": 1.0, "q2": 3.0}] * 3 + [{"q1": 0.5, "q2": 2.0}] * 2 + [{"q1": 0.0, "q2": 1}]
    max_marks = {"q1": 1.0, "q2": 3.0}
    assert grouped_item_statistics(groups, max_marks) == item_statistics(attempts, max_marks)
    assert grouped_item_statistics({}, max_marks)[0].n == 0


@pytest.mark.parametrize("count", [1, 7, 2**26 - 1, 2**26, 2**26 + 3, 3 * 2**40 + 5])
def test_repeated_values_add_up_exactly(count):
    """value x count is split into floats that add up to the exact product, so fsum over the
    groups gives what fsum over the values written out one by one gives."""
    for value in (0.1, 1 / 3, 2 / 3 * 100, -0.7, 123456.789, 1e-5):
        parts = _times(value, count)
        assert sum(Fraction(p) for p in parts) == Fraction(value) * count


def test_counted_option_frequencies():
    assert counted_option_frequencies([([0, 2], 3), ([2, 2], 1), ([], 4)], 3) == [
        3 / 8,
        0.0,
        4 / 8,
    ]
    assert counted_option_frequencies([], 2) == [0.0, 0.0]
