"""Item analysis for quiz questions, as Moodle's quiz statistics report computes it.

Reference: ``/work/shared/reference/item-statistics.md``, which summarises
moodle/moodle ``question/classes/statistics/questions/calculator.php``.

For question i over the n attempts analysed (usually each student's first
attempt): x_i(s) is the mark on question i in attempt s, X(s) the attempt's
total over all questions and X_-i(s) = X(s) - x_i(s) the rest of the test.
Variances and covariances divide by n - 1.  Every statistic is returned as a
fraction (Moodle shows the same numbers as percentages; see
:func:`as_percentages`).  Undefined values are ``None``, never 0 or an error.

Pure standard library: no Flask, no database, no third-party packages.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

TOO_EASY_ABOVE = 0.9
TOO_HARD_BELOW = 0.1
LOW_EFFICIENCY_BELOW = 0.15

FLAG_LABELS: dict[str, str] = {
    "too_easy": "Too easy (facility above 90%)",
    "too_hard": "Too hard (facility below 10%)",
    "negative_discrimination": "Negative discrimination (works against the rest of the test)",
    "low_efficiency": "Low discriminative efficiency (below 15%)",
}

# Values whose spread is within this relative tolerance are treated as constant
# (zero variance), so float noise such as 0.1 + 0.2 != 0.3 cannot turn an
# undefined correlation into a meaningless number.
_REL_TOL = 1e-9

_SPLIT = 2.0**27 + 1  # Veltkamp's constant for splitting a double into two 26-bit halves
_COUNT_LIMIT = 2**26  # counts below this times a 26-bit half are exact doubles

_PERCENT_FIELDS = (
    "facility",
    "sd",
    "random_guess",
    "intended_weight",
    "effective_weight",
    "discrimination",
    "efficiency",
)


@dataclass(frozen=True)
class ItemStats:
    """Statistics of one question; fractions, ``None`` where undefined.

    Fields follow the table in the reference: facility = mean(x_i)/max_mark;
    sd = sample SD of x_i / max_mark (n > 1); intended_weight =
    max_mark / sum of max marks; effective_weight = sqrt(Cov(x_i, X)) /
    sum_j sqrt(Cov(x_j, X)) over Cov >= 0 (None when Cov < 0);
    discrimination = corr(x_i, X_-i); efficiency = Cov(x_i, X_-i) / CovMax_i.
    """

    key: str
    n: int
    max_mark: float
    facility: float | None
    sd: float | None
    random_guess: float | None
    intended_weight: float | None
    effective_weight: float | None
    discrimination: float | None
    efficiency: float | None
    flags: tuple[str, ...] = ()


class MarkGroup(NamedTuple):
    """``count`` attempts that scored ``mark`` on one question and ``total`` on the test.

    Attempts with the same pair are interchangeable in every statistic, so a question's
    sample can be given grouped (as a database ``GROUP BY`` returns it) instead of one row
    per attempt: marks take few distinct values, so there are far fewer groups than attempts.
    """

    mark: float
    total: float
    count: int


def item_statistics(
    marks: Sequence[Mapping[str, float]],
    max_marks: Mapping[str, float],
    random_guess: Mapping[str, float | None] | None = None,
    *,
    asked_only: bool = False,
) -> list[ItemStats]:
    """Compute Moodle's per-question statistics (reference table) for each key.

    ``marks`` holds one mapping per attempt, question key -> absolute mark.
    A question missing from an attempt counts as 0 (Moodle counts unanswered
    questions as 0); keys not in ``max_marks`` are ignored.  Totals X(s) sum
    over all questions in ``max_marks``.  Results follow ``max_marks`` order.
    ``random_guess`` maps keys to the expected fraction of a random answer.

    With ``asked_only``, a missing key means "this attempt never asked it" (a question added
    to the bank later, as with Moodle's random questions): each question's statistics then use
    only the attempts that asked it, so a new question does not look harder than it is.
    """
    _check_max_marks(max_marks)
    attempts = list(marks)  # iterated once per question, so never a one-shot iterator
    totals = [math.fsum(_mark(a, key) for key in max_marks) for a in attempts]
    groups = {
        key: Counter(
            (_mark(a, key), total)
            for a, total in zip(attempts, totals, strict=True)
            if key in a or not asked_only
        )
        for key in max_marks
    }
    return grouped_item_statistics(
        {key: [MarkGroup(x, t, c) for (x, t), c in g.items()] for key, g in groups.items()},
        max_marks,
        random_guess,
    )


def grouped_item_statistics(
    groups: Mapping[str, Iterable[MarkGroup]],
    max_marks: Mapping[str, float],
    random_guess: Mapping[str, float | None] | None = None,
) -> list[ItemStats]:
    """:func:`item_statistics` from each question's attempts grouped by (mark, total).

    A question's sample is the attempts in its groups (a question without groups has n = 0);
    the totals are the whole test's, over every question.  Results follow ``max_marks`` order.
    """
    _check_max_marks(max_marks)
    samples = {key: _pairs(groups.get(key, ())) for key in max_marks}
    effective = _effective_weights(samples)
    total_max = math.fsum(float(m) for m in max_marks.values())
    guesses = random_guess or {}
    return [
        _item(key, samples[key], float(max_marks[key]), total_max, guesses.get(key), effective[key])
        for key in max_marks
    ]


def option_frequencies(picks: Iterable[Iterable[int]], n_options: int) -> list[float]:
    """Fraction of attempts that picked each option (0-based indexes).

    An attempt may pick several options or none; picking the same option twice
    in one attempt counts once.  With no attempts every fraction is 0.0.
    """
    return counted_option_frequencies(((attempt, 1) for attempt in picks), n_options)


def counted_option_frequencies(
    picks: Iterable[tuple[Iterable[int], int]], n_options: int
) -> list[float]:
    """:func:`option_frequencies` of picks given with how many attempts made each one."""
    if n_options < 0:
        raise ValueError(f"n_options must be >= 0, got {n_options}")
    counts = [0] * n_options
    attempts = 0
    for attempt, times in picks:
        attempts += times
        for option in set(attempt):
            if not 0 <= option < n_options:
                raise ValueError(f"option {option} outside 0..{n_options - 1}")
            counts[option] += times
    return [count / attempts if attempts else 0.0 for count in counts]


def as_percentages(stats: ItemStats) -> dict:
    """JSON-friendly dict: fractions become percentages rounded to 2 decimals.

    Keys: key, n, facility, sd, random_guess, intended_weight,
    effective_weight, discrimination, efficiency (``None`` stays ``None``) and
    flags (a list).  Percentages are how the reference says Moodle shows them.
    """
    out: dict = {"key": stats.key, "n": stats.n}
    out.update({name: _percent(getattr(stats, name)) for name in _PERCENT_FIELDS})
    out["flags"] = list(stats.flags)
    return out


# --- internals -------------------------------------------------------------


# A sample as weighted pairs: (x, y, how many attempts have that pair); the statistics below
# equal those of the sample written out one attempt per row.
Pairs = list[tuple[float, float, int]]


def _pairs(groups: Iterable[MarkGroup]) -> Pairs:
    """(x_i, X, count) per group, checked finite; empty groups dropped."""
    out = []
    for mark, total, count in groups:
        for value in (mark, total):
            if not math.isfinite(value):
                raise ValueError(f"marks must be finite, got {value}")
        if count > 0:
            out.append((float(mark), float(total), int(count)))
    return out


def _item(
    key: str,
    sample: Pairs,
    max_mark: float,
    total_max: float,
    guess: float | None,
    effective_weight: float | None,
) -> ItemStats:
    """Assemble the statistics of one question from its (x_i, X) pairs."""
    rest = [(x, t - x, c) for x, t, c in sample]  # X_-i = X - x_i
    variance = _covariance([(x, x, c) for x, _t, c in sample])
    facility = _ratio(_mean(sample), max_mark)
    discrimination: float | None = None
    efficiency: float | None = None
    if not _undefined_correlation(rest):
        cov = _covariance(rest)
        discrimination = _correlation(cov, variance, _covariance([(y, y, c) for _x, y, c in rest]))
        efficiency = _efficiency(cov, _covariance(_by_rank(rest)))
    return ItemStats(
        key=key,
        n=_count(sample),
        max_mark=max_mark,
        facility=facility,
        sd=_ratio(None if variance is None else math.sqrt(variance), max_mark),
        random_guess=None if guess is None else float(guess),
        intended_weight=_ratio(max_mark, total_max),
        effective_weight=effective_weight,
        discrimination=discrimination,
        efficiency=efficiency,
        flags=_flags(facility, discrimination, efficiency),
    )


def _check_max_marks(max_marks: Mapping[str, float]) -> None:
    """Reject negative or non-finite maximum marks."""
    for key, value in max_marks.items():
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"max mark of {key!r} must be finite and >= 0, got {value}")


def _mark(attempt: Mapping[str, float], key: str) -> float:
    """Mark of ``key`` in one attempt; missing counts as 0 (reference: unanswered = 0)."""
    value = float(attempt.get(key, 0.0))
    if not math.isfinite(value):
        raise ValueError(f"mark of {key!r} must be finite, got {value}")
    return value


def _count(pairs: Pairs) -> int:
    return sum(c for _x, _y, c in pairs)


def _sum(terms: Iterable[tuple[float, int]]) -> float:
    """fsum of each value repeated count times: the correctly rounded exact sum, so exactly
    what fsum gives over the values written out one by one, without writing them out."""
    return math.fsum(part for value, count in terms for part in _times(value, count))


def _times(value: float, count: int) -> tuple[float, ...]:
    """Floats whose exact sum is value * count (Veltkamp's split of value into two halves of
    at most 26 significant bits each, times a count cut into 26-bit pieces: every product fits
    in a double, so nothing is rounded; counts up to 2**52)."""
    scaled = _SPLIT * value
    high = scaled - (scaled - value)
    low = value - high
    if count < _COUNT_LIMIT:
        return high * count, low * count
    top, bottom = divmod(count, _COUNT_LIMIT)
    return high * bottom, low * bottom, high * top * _COUNT_LIMIT, low * top * _COUNT_LIMIT


def _mean(pairs: Pairs) -> float | None:
    """Arithmetic mean of the x side with fsum; None for no values."""
    n = _count(pairs)
    return _sum((x, c) for x, _y, c in pairs) / n if n else None


def _ratio(num: float | None, den: float) -> float | None:
    """num / den, or None when num is undefined or den is not positive."""
    return None if num is None or den <= 0 else num / den


def _is_constant(values: Sequence[float]) -> bool:
    """True when the values do not vary beyond float rounding noise."""
    lo, hi = min(values), max(values)
    return hi - lo <= _REL_TOL * max(abs(lo), abs(hi))


def _covariance(pairs: Pairs) -> float | None:
    """Sample covariance dividing by n - 1 (reference); None when n < 2.

    Two-pass with fsum; exactly 0.0 when either side is constant.
    """
    n = _count(pairs)
    if n < 2:
        return None
    if _undefined_correlation(pairs):
        return 0.0
    mx = _sum((x, c) for x, _y, c in pairs) / n
    my = _sum((y, c) for _x, y, c in pairs) / n
    return _sum(((x - mx) * (y - my), c) for x, y, c in pairs) / (n - 1)


def _undefined_correlation(pairs: Pairs) -> bool:
    """Correlation needs n > 1 and non-zero variance on both sides (reference)."""
    return (
        _count(pairs) < 2
        or _is_constant([x for x, _y, _c in pairs])
        or _is_constant([y for _x, y, _c in pairs])
    )


def _correlation(cov: float, var_x: float, var_y: float) -> float | None:
    """Discrimination index: Cov(x, y) / sqrt(Var(x) Var(y)), clamped to [-1, 1]; for a
    sample with n > 1 and spread on both sides (`_undefined_correlation` is false)."""
    den = math.sqrt(var_x * var_y)
    return max(-1.0, min(1.0, cov / den)) if den > 0 else None


def _efficiency(cov: float, cov_max: float) -> float | None:
    """Discriminative efficiency: Cov(x, y) / CovMax, clamped to <= 1.

    CovMax is the covariance after sorting x and y ascending independently and
    pairing them rank by rank (reference, `_by_rank`); None when CovMax is 0.
    """
    return min(1.0, cov / cov_max) if cov_max > 0 else None


def _by_rank(pairs: Pairs) -> Pairs:
    """Sorted x paired with sorted y rank by rank, as weighted pairs (runs of equal ranks)."""
    xs = sorted((x, c) for x, _y, c in pairs)
    ys = sorted((y, c) for _x, y, c in pairs)
    out: Pairs = []
    i = j = 0
    left_x, left_y = xs[0][1], ys[0][1]
    while True:
        step = min(left_x, left_y)
        out.append((xs[i][0], ys[j][0], step))
        left_x, left_y = left_x - step, left_y - step
        if not left_x:
            i += 1
            if i == len(xs):
                return out
            left_x = xs[i][1]
        if not left_y:
            j += 1
            left_y = ys[j][1]


def _effective_weights(samples: Mapping[str, Pairs]) -> dict[str, float | None]:
    """sqrt(Cov(x_i, X)) / sum_j sqrt(Cov(x_j, X)) over Cov >= 0 (reference).

    None for a question with Cov < 0, and for all when n < 2 or the sum is 0.
    """
    covs = {key: _covariance(pairs) for key, pairs in samples.items()}
    roots = {key: math.sqrt(c) for key, c in covs.items() if c is not None and c >= 0}
    den = math.fsum(roots.values())
    return {key: roots[key] / den if key in roots and den > 0 else None for key in samples}


def _flags(
    facility: float | None, discrimination: float | None, efficiency: float | None
) -> tuple[str, ...]:
    """Flag names (keys of FLAG_LABELS) using the reference's common reading."""
    checks = (
        ("too_easy", facility is not None and facility > TOO_EASY_ABOVE),
        ("too_hard", facility is not None and facility < TOO_HARD_BELOW),
        ("negative_discrimination", discrimination is not None and discrimination < 0),
        ("low_efficiency", efficiency is not None and efficiency < LOW_EFFICIENCY_BELOW),
    )
    return tuple(name for name, hit in checks if hit)


def _percent(value: float | None) -> float | None:
    """Fraction -> percentage rounded to 2 decimals (no negative zero)."""
    return None if value is None else round(100.0 * value, 2) + 0.0
