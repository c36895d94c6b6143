"""Benchmark the report pages on a large class, through the WSGI app.

    .venv/bin/python bench/reports.py [--students 10000] [--attempts 3] [--repeat 5] [--db PATH]

Seeds a fresh SQLite database (schema, article and the four modules as `init-db` loads them, then
one teacher, one class and --students students, each with --attempts submitted attempts at every
module, answering every question), then requests each report page and CSV through the app's test
client as the teacher and prints, per page: the rows the report reads, the best time of --repeat
runs, rows per second, and the time as a multiple of a plain page (the student dashboard).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp import create_app  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import (  # noqa: E402
    Attempt,
    Enrollment,
    Evidence,
    Module,
    Question,
    QuestionVersion,
    Response,
    SchoolClass,
    User,
)
from quizapp.seed import init_database  # noqa: E402

PASSWORD = "bench-password-1"
T0 = datetime(2026, 3, 2, 9, 0)


def make_app(path: Path):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "AUTO_INIT_DB": False,
            "SEED_DEMO_USERS": False,
        }
    )


def answer_for(qtype: str, data: dict, credit: float):
    """A stored answer consistent with the credit for choice questions; text for the others."""
    if qtype == "true_false":
        return data["answer"] if credit >= 1 else not data["answer"]
    choices = data.get("choices", [])
    if qtype == "single_choice":
        return min(range(len(choices)), key=lambda i: abs(choices[i]["credit"] - credit))
    if qtype == "multiple_response":
        right = [i for i, c in enumerate(choices) if c["credit"] > 0]
        wrong = [i for i, c in enumerate(choices) if c["credit"] <= 0]
        return right if credit >= 1 else (right[:1] if credit > 0 else wrong[:1])
    return "answer"


def seed(students: int, attempts: int) -> tuple[int, int]:
    """Bulk-insert the teacher, the class, students, attempts and responses. Returns ids."""
    rng = random.Random(2026)
    password_hash = generate_password_hash(PASSWORD)
    teacher = User(email="teacher@example.com", name="Bench Teacher", role="teacher")
    teacher.password_hash = password_hash
    db.session.add(teacher)
    db.session.flush()
    school_class = SchoolClass(name="Bench class", teacher_id=teacher.id, join_code="BENCH234")
    db.session.add(school_class)
    db.session.flush()
    first_id = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    db.session.execute(
        insert(User),
        [
            {"id": first_id + i, "email": f"s{i}@example.com", "name": f"Student {i:05d}",
             "password_hash": password_hash, "role": "student", "created_at": T0}
            for i in range(students)
        ],
    )  # fmt: skip
    user_ids = list(range(first_id, first_id + students))
    db.session.execute(
        insert(Enrollment), [{"class_id": school_class.id, "user_id": u} for u in user_ids]
    )
    modules = db.session.scalars(select(Module).order_by(Module.position)).all()
    attempt_id = 0
    for module in modules:
        versions = db.session.scalars(
            select(QuestionVersion)
            .join(Question)
            .where(Question.module_id == module.id, QuestionVersion.is_current.is_(True))
            .order_by(Question.position)
        ).all()
        difficulty = {v.id: rng.uniform(-0.35, 0.35) for v in versions}
        attempt_rows, response_rows = [], []
        for user_id in user_ids:
            ability = rng.gauss(0.6, 0.2)
            for number in range(1, attempts + 1):
                attempt_id += 1
                score = 0.0
                for slot, v in enumerate(versions, start=1):
                    p = ability - difficulty[v.id] + 0.08 * (number - 1) + rng.gauss(0, 0.15)
                    credit = min(1.0, max(0.0, round(p * 4) / 4))
                    score += credit * v.points
                    response_rows.append(
                        {"attempt_id": attempt_id, "slot": slot, "version_id": v.id, "layout": {},
                         "answer": answer_for(v.type, v.data, credit), "credit": credit,
                         "mark": credit * v.points}
                    )  # fmt: skip
                attempt_rows.append(
                    {"id": attempt_id, "user_id": user_id, "module_id": module.id,
                     "number": number, "state": "submitted", "started_at": T0,
                     "submitted_at": T0, "score": score,
                     "max_score": sum(v.points for v in versions)}
                )  # fmt: skip
        db.session.execute(insert(Attempt), attempt_rows)
        db.session.execute(insert(Response), response_rows)
    db.session.commit()
    return school_class.id, first_id


def seeded_ids() -> tuple[int, int]:
    """The class and first student of a database `seed` filled before (for --reuse)."""
    class_id = db.session.scalar(select(SchoolClass.id).where(SchoolClass.join_code == "BENCH234"))
    first = db.session.scalar(select(User.id).where(User.email == "s0@example.com"))
    if class_id is None or first is None:
        sys.exit("--reuse: this database was not seeded by bench/reports.py")
    return class_id, first


def count_rows(class_id: int, slug: str, latest: int) -> dict[str, int]:
    """The rows each report reads: attempts aggregated, or responses analysed (with their
    evidence, for the heatmap, which reads each student's latest attempt: number `latest`)."""
    in_class = select(Enrollment.user_id).where(Enrollment.class_id == class_id)
    module_id = db.session.scalar(select(Module.id).where(Module.slug == slug))
    attempts = db.session.scalar(
        select(func.count(Attempt.id)).where(Attempt.user_id.in_(in_class))
    )
    first = db.session.scalar(
        select(func.count(Response.id))
        .join(Attempt)
        .where(Attempt.user_id.in_(in_class), Attempt.module_id == module_id, Attempt.number == 1)
    )
    latest_cited = db.session.scalar(
        select(func.count(Response.id))
        .join(Attempt)
        .join(Evidence, Evidence.version_id == Response.version_id)
        .where(
            Attempt.user_id.in_(in_class),
            Attempt.module_id == module_id,
            Attempt.number == latest,
        )
    )
    return {"overview": attempts, "items": first, "passages": latest_cited}


def best_time(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time of `repeat` runs (after one warm-up run). The test
    client runs in this process, so CPU time is the app's own work: on a machine shared with
    other jobs it is the steadier of the two."""
    run()
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def get(client, url: str) -> Callable[[], object]:
    def run() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.data

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10000)
    parser.add_argument("--attempts", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--module", default="history")
    parser.add_argument("--db", type=Path, default=None, help="default: a new temporary file")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a --db this benchmark seeded before"
    )
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="quizapp-bench-")) / "bench.sqlite"
    if path.exists() and not args.reuse:
        sys.exit(f"{path} exists: the benchmark needs a fresh database (or --reuse)")
    app = make_app(path)
    if args.reuse:
        if not path.exists():
            sys.exit(f"--reuse: {path} does not exist")
        with app.app_context():
            class_id, first_student = seeded_ids()
            rows = count_rows(class_id, args.module, args.attempts)
        print(f"Reusing {path}")
        run_pages(app, class_id, first_student, rows, args)
        return
    started = time.perf_counter()
    init_database(app)
    with app.app_context():
        class_id, first_student = seed(args.students, args.attempts)
        rows = count_rows(class_id, args.module, args.attempts)
        responses = db.session.scalar(select(func.count(Response.id)))
    print(
        f"Seeded {path}: {args.students} students x 4 modules x {args.attempts} attempts "
        f"({responses} responses) in {time.perf_counter() - started:.1f} s"
    )
    run_pages(app, class_id, first_student, rows, args)


def run_pages(app, class_id: int, first_student: int, rows: dict[str, int], args) -> None:
    teacher, student = app.test_client(), app.test_client()
    teacher.post("/auth/login", data={"email": "teacher@example.com", "password": PASSWORD})
    student.post("/auth/login", data={"email": "s0@example.com", "password": PASSWORD})
    base, m = f"/reports/classes/{class_id}", args.module
    plain, plain_cpu = best_time(get(student, "/dashboard"), args.repeat)
    pages = [
        ("class overview", f"{base}", rows["overview"]),
        ("class overview CSV", f"{base}/overview.csv", rows["overview"]),
        ("class overview sorted", f"{base}?sort={m}&dir=desc", rows["overview"]),
        ("item analysis", f"{base}/modules/{m}/items", rows["items"]),
        ("item analysis CSV", f"{base}/modules/{m}/items.csv", rows["items"]),
        ("article heatmap", f"{base}/modules/{m}/passages", rows["passages"]),
        ("article heatmap CSV", f"{base}/modules/{m}/passages.csv", rows["passages"]),
        ("student drill-down", f"{base}/students/{first_student}", None),
    ]
    print(
        f"\nplain page (/dashboard): {1000 * plain:.1f} ms, {1000 * plain_cpu:.1f} ms CPU; "
        f"best of {args.repeat}\n"
    )
    print(f"{'page':24} {'rows read':>10} {'ms':>9} {'CPU ms':>9} {'rows/s':>12} {'x plain':>8}")
    with app.app_context():
        for name, url, n in pages:
            print_row(name, n, best_time(get(teacher, url), args.repeat), plain)
        own = best_time(get(student, "/reports/me"), args.repeat)
        print_row("my progress (student)", None, own, plain)


def print_row(name: str, n: int | None, times: tuple[float, float], plain: float) -> None:
    seconds, cpu = times
    rate = f"{n / seconds:,.0f}" if n else "–"
    shown = f"{n:,}" if n else "–"
    print(
        f"{name:24} {shown:>10} {1000 * seconds:9.1f} {1000 * cpu:9.1f} {rate:>12} "
        f"{seconds / plain:8.1f}"
    )


if __name__ == "__main__":
    main()
