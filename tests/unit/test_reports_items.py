"""Item analysis through the query layer, checked against values worked out by hand.

Fixture: five students A..E in one class, each with a submitted FIRST attempt at three History
questions (max marks q1 = 1, q2 = 1, q3 = 2; q3's points are raised to 2 for this test):

    q1 war-opponents  single choice  credits 1 (pick 0), .5 (pick 1 "South alone"), 0 (pick 2)
    q2 cool-start     true/false     the key is False
    q3 war-end-year   numeric        2 points

    student  q1 (pick)   q2 (pick)     q3      | X
    A        1   (0)     0   (True)    2       | 3
    B        1   (0)     1   (False)   2       | 4
    C        .5  (1)     0   (True)    1       | 1.5
    D        0   (2)     1   (False)   0       | 1
    E        1   (0)     0   (True)    0       | 1

Noise the report must ignore: A's second attempt (all wrong), F's open first attempt, and G, who
is not in the class (but is counted when the scope is every student).

Hand computation, n = 5, (co)variances divide by n - 1 = 4:

q1  x = [1 1 .5 0 1]  mean .7 -> facility 70.00 %
    dev .3 .3 -.2 -.7 .3; squares .09+.09+.04+.49+.09 = .8; Var .2; SD sqrt(.2) = 44.72 %
    X_-1 = q2+q3 = [2 3 1 1 0], mean 1.4, dev .6 1.6 -.4 -.4 -1.4
    squares .36+2.56+.16+.16+1.96 = 5.2; Var 1.3
    cross .18+.48+.08+.28-.42 = .6; Cov .15
    discrimination .15 / sqrt(.2 * 1.3) = .15 / .50990 = 29.42 %
    CovMax: sorted x [0 .5 1 1 1] dev -.7 -.2 .3 .3 .3;
            sorted X_-1 [0 1 1 2 3] dev -1.4 -.4 -.4 .6 1.6
            products .98+.08-.12+.18+.48 = 1.6; CovMax .4 -> efficiency .15/.4 = 37.50 %
    random guess (1 + .5 + 0 + 0) / 4 = 37.50 %
q2  x = [0 1 0 1 0]  mean .4 -> 40.00 %
    dev -.4 .6 -.4 .6 -.4; squares .48+.72 = 1.2; Var .3; SD sqrt(.3) = 54.77 %
    X_-2 = q1+q3 = [3 3 1.5 0 1], mean 1.7, dev 1.3 1.3 -.2 -1.7 -.7
    squares 1.69+1.69+.04+2.89+.49 = 6.8; Var 1.7
    cross -.52+.78+.08-1.02+.28 = -.4; Cov -.1
    discrimination -.1 / sqrt(.3 * 1.7) = -.1 / .71414 = -14.00 %  -> flagged
    CovMax: sorted x [0 0 0 1 1] dev -.4 -.4 -.4 .6 .6; sorted X_-2 [0 1 1.5 3 3]
            dev -1.7 -.7 -.2 1.3 1.3; products .68+.28+.08+.78+.78 = 2.6; CovMax .65
            efficiency -.1/.65 = -15.38 %  -> flagged (below 15 %)
    random guess 50.00 %
q3  x = [2 2 1 0 0]  mean 1 -> facility 1/2 = 50.00 %
    dev 1 1 0 -1 -1; squares 4; Var 1; SD 1/2 = 50.00 %
    X_-3 = q1+q2 = [1 2 .5 1 1], mean 1.1, dev -.1 .9 -.6 -.1 -.1
    squares .01+.81+.36+.01+.01 = 1.2; Var .3
    cross -.1+.9+0+.1+.1 = 1.0; Cov .25
    discrimination .25 / sqrt(1 * .3) = .25 / .54772 = 45.64 %
    CovMax: sorted x [0 0 1 2 2] dev -1 -1 0 1 1; sorted X_-3 [.5 1 1 1 2] dev -.6 -.1 -.1 -.1 .9
            products .6+.1+0-.1+.9 = 1.5; CovMax .375 -> efficiency .25/.375 = 66.67 %
    random guess: none for numeric
Weights: intended 1/4, 1/4, 2/4. Cov(x_i, X) = Var(x_i) + Cov(x_i, X_-i) = .35, .2, 1.25
    (sum 1.8 = Var(X): X = [3 4 1.5 1 1], mean 2.1, squares .81+3.61+.36+1.21+1.21 = 7.2, /4)
    sqrt .59161, .44721, 1.11803, sum 2.15686 -> effective 27.43 %, 20.73 %, 51.84 %
Options: q1 picked 0 by A B E (60 %), 1 by C (20 %), 2 by D (20 %), 3 by nobody;
         q2 True by A C E (60 %), False by B D (40 %).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from quizapp.classes import create_class
from quizapp.extensions import db
from quizapp.models import SchoolClass, User
from quizapp.reports.csv_export import items_table, options_table, to_csv
from quizapp.reports.items import NO_ANSWER, as_json, item_analysis
from quizapp.reports.queries import Scope
from tests.conftest import TEACHER_PASSWORD, make_user
from tests.functional.test_reports_fixtures import add_attempt, enrol, module, version_of

Q1, Q2, Q3 = "war-opponents", "cool-start", "war-end-year"
ROWS = {  # student: (q1 credit, q1 pick, q2 credit, q2 pick, q3 credit)
    "a": (1.0, 0, 0.0, True, 1.0),
    "b": (1.0, 0, 1.0, False, 1.0),
    "c": (0.5, 1, 0.0, True, 0.5),
    "d": (0.0, 2, 1.0, False, 0.0),
    "e": (1.0, 0, 0.0, True, 0.0),
}
HAND = {  # percentages, two decimals, as on the page and in the CSV
    Q1: dict(facility=70.0, sd=44.72, random_guess=37.5, intended_weight=25.0,
             effective_weight=27.43, discrimination=29.42, efficiency=37.5, flags=[]),
    Q2: dict(facility=40.0, sd=54.77, random_guess=50.0, intended_weight=25.0,
             effective_weight=20.73, discrimination=-14.0, efficiency=-15.38,
             flags=["negative_discrimination", "low_efficiency"]),
    Q3: dict(facility=50.0, sd=50.0, random_guess=None, intended_weight=50.0,
             effective_weight=51.84, discrimination=45.64, efficiency=66.67, flags=[]),
}  # fmt: skip


def build_known(teacher: User | None = None) -> SchoolClass:
    """The fixture above, in the current database; returns the class."""
    version_of("history", Q3).points = 2.0
    db.session.commit()
    teacher = teacher or make_user("tess@example.com", role="teacher", password=TEACHER_PASSWORD)
    school_class = create_class(teacher, "Known attempts")
    users = {}
    for name, (c1, p1, c2, p2, c3) in ROWS.items():
        users[name] = make_user(f"{name}@example.com", name=name.upper())
        add_attempt(users[name], "history", {Q1: c1, Q2: c2, Q3: c3}, {Q1: p1, Q2: p2, Q3: "1953"})
    enrol(school_class, *users.values())
    add_attempt(users["a"], "history", {Q1: 0.0, Q2: 0.0, Q3: 0.0}, number=2)  # not a first
    f = make_user("f@example.com")
    enrol(school_class, f)
    add_attempt(f, "history", {Q1: 0.0, Q2: 0.0, Q3: 0.0}, state="in_progress")
    g = make_user("g@example.com")  # not in the class
    add_attempt(g, "history", {Q1: 0.0, Q2: 1.0, Q3: 1.0}, {Q1: 3, Q2: False})
    return school_class


@pytest.fixture
def known(app) -> SchoolClass:
    return build_known()


def test_hand_computed_statistics(known):
    analysis = item_analysis(module("history"), Scope(class_id=known.id))
    assert analysis.attempts == 5
    assert [row.question.key for row in analysis.rows] == [Q1, Q3, Q2]  # module order
    for item in as_json(analysis):
        expected = HAND[item["key"]]
        assert item["n"] == 5
        for name, value in expected.items():
            assert item[name] == value, (item["key"], name)


def test_flags_and_prompts(known):
    rows = {row.question.key: row for row in item_analysis(module("history"), Scope(known.id)).rows}
    assert rows[Q2].stats.flags == ("negative_discrimination", "low_efficiency")
    assert rows[Q1].stats.flags == rows[Q3].stats.flags == ()
    assert "warm relations" in rows[Q2].version.prompt


def test_option_frequencies_use_each_responses_version(known):
    rows = {row.question.key: row for row in item_analysis(module("history"), Scope(known.id)).rows}
    q1 = [(o.label, o.correct, round(100 * o.picked, 2)) for o in rows[Q1].options]
    assert q1 == [
        ("The South and its US and UN allies", True, 60.0),
        ("The South alone", True, 20.0),  # part credit counts as earning credit
        ("China and the Soviet Union", False, 20.0),
        ("Japan and the United States", False, 0.0),
        (NO_ANSWER, False, 0.0),
    ]
    q2 = [(o.label, o.correct, round(100 * o.picked, 2)) for o in rows[Q2].options]
    assert q2 == [("True", False, 60.0), ("False", True, 40.0), (NO_ANSWER, False, 0.0)]
    assert rows[Q3].options is None  # numeric: no options


def test_every_student_scope_includes_students_outside_classes(known):
    analysis = item_analysis(module("history"), Scope())
    assert analysis.attempts == 6  # A..E and G
    assert as_json(analysis)[0]["facility"] != HAND[Q1]["facility"]


def test_json_and_csv_carry_the_hand_computed_values(known):
    analysis = item_analysis(module("history"), Scope(known.id))
    data = json.loads(json.dumps(as_json(analysis)))
    assert [d["prompt"][:14] for d in data] == [
        "In the 1950 to",
        "In what year d",
        "True or false:",
    ]
    rows = list(csv.DictReader(io.StringIO(to_csv(items_table(analysis, "Known attempts")))))
    for row in rows:
        expected = HAND[row["Key"]]
        assert row["Facility %"] == f"{expected['facility']:.2f}"
        assert row["SD %"] == f"{expected['sd']:.2f}"
        assert row["Discrimination %"] == f"{expected['discrimination']:.2f}"
        assert row["Efficiency %"] == f"{expected['efficiency']:.2f}"
        assert row["Random guess %"] == (
            "" if expected["random_guess"] is None else f"{expected['random_guess']:.2f}"
        )
    assert [bool(row["Flags"]) for row in rows] == [False, False, True]
    assert "Negative discrimination" in rows[2]["Flags"]
    options = list(csv.reader(io.StringIO(to_csv(options_table(analysis, "k")))))
    assert options[1] == [Q1, "The South and its US and UN allies", "yes", "60.00"]


def test_undefined_statistics_stay_empty(app):
    """One attempt: no SD, discrimination or efficiency (n < 2), shown as empty, not 0."""
    user = make_user("solo@example.com")
    add_attempt(user, "history", {Q1: 1.0, Q2: 1.0}, {Q1: 0, Q2: False})
    analysis = item_analysis(module("history"), Scope())
    item = as_json(analysis)[0]
    assert item["facility"] == 100.0 and item["flags"] == ["too_easy"]
    assert item["sd"] is None and item["discrimination"] is None and item["efficiency"] is None
    row = next(csv.DictReader(io.StringIO(to_csv(items_table(analysis, "x")))))
    assert row["SD %"] == row["Discrimination %"] == row["Efficiency %"] == ""


def test_no_attempts_no_rows(app):
    analysis = item_analysis(module("gifts"), Scope())
    assert analysis.rows == [] and analysis.attempts == 0
