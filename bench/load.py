"""Load and fault test: a class logs in, takes a module and submits at once, against gunicorn.

    .venv/bin/python bench/load.py [--students 200] [--workers 4] [--postgres URL] [--redis URL]
                                   [--kill-workers 3] [--dir DIR]

Loopback only and bounded: it starts `gunicorn -w WORKERS wsgi:app` on 127.0.0.1 over a fresh
database (a new SQLite file, or --postgres: a scratch database that is EMPTIED first), creates
--students students, and runs them concurrently (one thread each, one connection per request):
log in, open the dashboard, start a module (round robin over the four), open the quiz; then all
submit full-credit answers at once. --kill-workers N sends SIGKILL to a worker N times during the
submissions; the attempt states are checked right then (each fully graded or still open), and the
students whose request died submit again, as they would. Afterwards every student must have
exactly one attempt, graded once at 100%, no response may be an error, and the server log must
not say "database is locked". Prints requests/s, p50/p95 latency and the counts; exits 1 when any
check fails (never because of speed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import SECRET, Browser, Page, server_env, start_gunicorn  # noqa: E402

PASSWORD = "load-password-1"
MODULES = ("history", "arms", "gifts", "quirks")


@dataclass
class Run:
    students: int = 200
    workers: int = 4
    postgres: str | None = None
    redis: str | None = None
    kill_workers: int = 0
    directory: Path | None = None


@dataclass
class Recorder:
    """Every request's time by kind, and everything that went wrong."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    interrupted: list[int] = field(default_factory=list)
    submitted: int = 0
    committed_before_cut: int = 0
    reloads: int = 0  # result pages cut by a killed worker and loaded again
    done: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, call, *args) -> Page:
        started = time.perf_counter()
        page = call(*args)
        with self.lock:
            self.times[kind].append(time.perf_counter() - started)
        return page

    def expect(self, page: Page, status: int, what: str, text: str = "") -> bool:
        if page.status == status and text in page.text:
            return True
        with self.lock:
            self.errors.append(f"{what}: HTTP {page.status} {page.location}".strip())
        return False


def app_for(url: str):
    from quizapp import create_app

    settings = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "AUTO_INIT_DB": False}
    return create_app({**settings, "SEED_DEMO_USERS": False, "RATELIMIT_ENABLED": False})


@contextmanager
def database(url: str):
    """An app context on the database, closing every connection when done."""
    from quizapp.extensions import db

    app = app_for(url)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def prepare(url: str, students: int) -> list[str]:
    """Schema, article and modules as `init-db` loads them, and the students (one hash)."""
    from sqlalchemy import insert, text
    from werkzeug.security import generate_password_hash

    from quizapp.extensions import db
    from quizapp.models import User
    from quizapp.seed import init_database

    with database(url) as app:
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
            db.session.remove()
        init_database(app)
        emails = [f"student{n}@load.example" for n in range(students)]
        hashed = generate_password_hash(PASSWORD)
        rows = [
            dict(email=e, name=f"Student {n}", role="student", password_hash=hashed)
            for n, e in enumerate(emails)
        ]
        db.session.execute(insert(User), rows)
        db.session.commit()
    return emails


def open_quiz(port: int, email: str, module: str, record: Recorder) -> tuple[Browser, int] | None:
    """Log in, open the dashboard, start the module and open the quiz page."""
    browser = Browser(port)
    try:
        page = record.timed("login page", browser.get, "/auth/login")
        data = {"email": email, "password": PASSWORD, "csrf_token": page.csrf()}
        page = record.timed("log in", browser.post, "/auth/login", data)
        if not record.expect(page, 302, f"log in {email}") or page.location != "/dashboard":
            return None
        page = record.timed("dashboard", browser.get, "/dashboard")
        if not record.expect(page, 200, f"dashboard {email}"):
            return None
        page = record.timed(
            "start", browser.post, f"/modules/{module}/start", {"csrf_token": page.csrf()}
        )
        if not record.expect(page, 302, f"start {email}"):
            return None
        attempt_id = int(page.location.rsplit("/", 1)[1])
        page = record.timed("quiz page", browser.get, page.location)
        if not record.expect(page, 200, f"quiz {email}", "csrf_token"):
            return None
        browser.csrf_token = page.csrf()
        return browser, attempt_id
    except (OSError, AssertionError) as exc:
        with record.lock:
            record.errors.append(f"{email}: {exc!r}")
        return None


def submit(
    browser: Browser, attempt_id: int, form: list, record: Recorder, retry: bool = False
) -> None:
    """Submit the answers and open the result; a connection cut by a killed worker is noted.

    A retry first reloads the page, as a student would: if it shows the result, the cut
    request had been committed and nothing is sent again.
    """
    path = f"/attempts/{attempt_id}"
    try:
        token = browser.csrf_token
        if retry:
            page = browser.get(path)
            if "your result" in page.text:
                with record.lock:
                    record.committed_before_cut += 1
                return
            token = page.csrf()
        page = record.timed("submit", browser.post, path, [*form, ("csrf_token", token)])
    except OSError:
        with record.lock:
            record.interrupted.append(attempt_id)
        return
    with record.lock:
        record.submitted += 1
    if record.expect(page, 302, f"submit {attempt_id}"):
        open_result(browser, path, record)


def open_result(browser: Browser, path: str, record: Recorder) -> None:
    """Open the result page; when a killed worker cuts it, reload once, as a student would."""
    for tries_left in (1, 0):
        try:
            page = record.timed("result", browser.get, path)
        except OSError:
            with record.lock:
                record.reloads += 1
            if not tries_left:
                raise
            time.sleep(1)
            continue
        record.expect(page, 200, f"result {path}", "your result")
        return


def answer_forms(url: str, attempt_ids: list[int]) -> dict[int, list]:
    """Full-credit answers for each attempt, as the quiz page's form would send them."""
    from quizapp.learn.services import load_attempt
    from tests.functional.helpers import correct_form

    with database(url):
        return {i: list(correct_form(load_attempt(i)).items(multi=True)) for i in attempt_ids}


def check(url: str, emails: list[str]) -> dict[str, int]:
    """What the database holds: attempts per student, graded or open, and half-recorded ones."""
    from sqlalchemy import func, select

    from quizapp.extensions import db
    from quizapp.models import Attempt, Response, User

    with database(url):
        attempts = db.session.execute(
            select(Attempt.id, Attempt.user_id, Attempt.state, Attempt.score, Attempt.max_score)
            .join(User, User.id == Attempt.user_id)
            .where(User.email.in_(emails))
        ).all()
        rows = db.session.execute(
            select(Response.attempt_id, func.count(Response.id), func.count(Response.credit))
            .where(Response.attempt_id.in_([a.id for a in attempts]))
            .group_by(Response.attempt_id)
        ).all()
    marked = {attempt_id: (total, graded) for attempt_id, total, graded in rows}
    per_user = defaultdict(int)
    for attempt in attempts:
        per_user[attempt.user_id] += 1
    done = [a for a in attempts if a.state == "submitted"]
    return {
        "attempts": len(attempts),
        "submitted": len(done),
        "open": len(attempts) - len(done),
        "full_marks": sum(1 for a in done if a.score == a.max_score),
        "duplicates": sum(n - 1 for n in per_user.values() if n > 1),
        "half_recorded": sum(1 for a in attempts if half_recorded(a, *marked.get(a.id, (0, 0)))),
    }


def half_recorded(attempt, responses: int, graded: int) -> bool:
    """Closed but not fully graded, or still open with some grade stored."""
    if attempt.state == "submitted":
        return attempt.score is None or graded != responses
    return attempt.score is not None or graded != 0


def killer(server, record: Recorder, kills: int, total: int) -> list[int]:
    """SIGKILL a worker each time another share of the submissions has gone out."""
    killed: list[int] = []
    for n in range(1, kills + 1):
        while record.submitted + len(record.interrupted) < total * n // (kills + 1):
            if record.done.wait(0.005):
                return killed
        killed.append(server.kill_worker())
    return killed


def submit_all(pool, server, opened: list, forms: dict, record: Recorder, kills: int) -> list:
    """Everyone submits at once, while a thread kills workers; the pids killed."""
    killed: list[int] = []
    thread = threading.Thread(
        target=lambda: killed.extend(killer(server, record, kills, len(opened)))
    )
    thread.start()
    list(pool.map(lambda q: submit(q[0], q[1], forms[q[1]], record), opened))
    record.done.set()
    thread.join()
    return killed


def run(config: Run) -> dict:
    """The whole scenario; returns the figures and the counts."""
    work = Path(config.directory or tempfile.mkdtemp(prefix="quizapp-load-"))
    work.mkdir(parents=True, exist_ok=True)
    url = config.postgres or f"sqlite:///{work / 'load.sqlite'}"
    emails = prepare(url, config.students)
    server = start_gunicorn(server_env(url, config.redis), config.workers, work / "gunicorn.log")
    record = Recorder()
    try:
        with ThreadPoolExecutor(config.students) as pool:
            started = time.perf_counter()
            jobs = [(e, MODULES[n % len(MODULES)]) for n, e in enumerate(emails)]
            opened = [q for q in pool.map(lambda j: open_quiz(server.port, *j, record), jobs) if q]
            first_half = time.perf_counter() - started
            forms = answer_forms(url, [attempt_id for _browser, attempt_id in opened])
            started = time.perf_counter()
            killed = submit_all(pool, server, opened, forms, record, config.kill_workers)
            second_half = time.perf_counter() - started
            after_kill = check(url, emails)  # before anyone retries
            retry = [q for q in opened if q[1] in set(record.interrupted)]
            list(pool.map(lambda q: submit(q[0], q[1], forms[q[1]], record, retry=True), retry))
    finally:
        server.stop()
    final = check(url, emails)
    seconds = first_half + second_half
    requests = sum(len(t) for t in record.times.values())
    return {
        "database": "postgresql" if config.postgres else "sqlite",
        "students": config.students,
        "workers": config.workers,
        "requests": requests,
        "seconds": round(seconds, 2),
        "requests_per_second": round(requests / seconds, 1),
        "latency_ms": {kind: percentiles(times) for kind, times in record.times.items()},
        "server_ms": server_times(server),
        "errors": record.errors,
        "workers_killed": len(killed),
        "interrupted_requests": len(record.interrupted),
        "cut_but_committed": record.committed_before_cut,
        "result_pages_cut": record.reloads,
        "after_kill": after_kill,
        "final": final,
        "lost": config.students - final["submitted"],
        "database_locked": server.log_text().count("database is locked"),
        "load_average": round(os.getloadavg()[0], 1),  # the machine's, other work included
    }


SERVED = [  # (method, path pattern) -> kind, for the workers' own timings
    ("GET", re.compile(r"/auth/login$"), "login page"),
    ("POST", re.compile(r"/auth/login$"), "log in"),
    ("GET", re.compile(r"/dashboard$"), "dashboard"),
    ("POST", re.compile(r"/modules/\w+/start$"), "start"),
    ("GET", re.compile(r"/attempts/\d+$"), "quiz/result"),
    ("POST", re.compile(r"/attempts/\d+$"), "submit"),
]


def server_times(server) -> dict[str, dict[str, float]]:
    """p50/p95 of the time each kind of request spent in a worker (queueing excluded)."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    for method, path, _status, ms in server.service_times():
        kind = next((k for m, p, k in SERVED if m == method and p.search(path)), None)
        if kind:
            by_kind[kind].append(ms / 1000)
    return {kind: percentiles(times) for kind, times in by_kind.items()}


def percentiles(times: list[float]) -> dict[str, float]:
    ms = sorted(t * 1000 for t in times)
    cut = statistics.quantiles(ms, n=20) if len(ms) > 1 else ms * 19
    return {"n": len(ms), "p50": round(cut[9], 1), "p95": round(cut[18], 1)}


def problems(result: dict) -> list[str]:
    """Why the run failed (empty when it did not); speed is never a reason."""
    final = result["final"]
    found = [f"error: {e}" for e in result["errors"][:20]]
    cut = result["interrupted_requests"] + result["result_pages_cut"]
    if cut and not result["workers_killed"]:
        found.append(f"{cut} connection(s) cut with no worker killed")
    if result["lost"]:
        found.append(f"{result['lost']} submission(s) lost")
    for key in ("duplicates", "half_recorded"):
        if final[key] or result["after_kill"][key]:
            found.append(
                f"{key}: {result['after_kill'][key]} after the kill, {final[key]} at the end"
            )
    if final["full_marks"] != result["students"]:
        found.append(f"only {final['full_marks']} of {result['students']} graded at 100%")
    if result["database_locked"]:
        found.append(f'"database is locked" {result["database_locked"]} time(s) in the log')
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--postgres", help="a scratch PostgreSQL URL (its public schema is emptied)"
    )
    parser.add_argument("--redis", help="Redis URL for the rate limits (default: per worker)")
    parser.add_argument("--kill-workers", type=int, default=0, help="SIGKILL a worker N times")
    parser.add_argument("--dir", type=Path, help="where the SQLite file and server log go")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop gunicorn on the way out
    config = Run(
        args.students, args.workers, args.postgres, args.redis, args.kill_workers, args.dir
    )
    result = run(config)
    print(json.dumps(result, indent=2) if args.json else report(result))
    failed = problems(result)
    for problem in failed:
        print("FAIL", problem, file=sys.stderr)
    return 1 if failed else 0


def report(result: dict) -> str:
    lines = [
        f"{result['database']}: {result['students']} students, gunicorn -w {result['workers']}, "
        f"{result['requests']} requests in {result['seconds']} s = "
        f"{result['requests_per_second']} req/s (machine load average {result['load_average']})",
    ]
    lines.append("  as the students saw it (queueing for a worker included):")
    for kind, figures in result["latency_ms"].items():
        p50, p95 = figures["p50"], figures["p95"]
        lines.append(f"    {kind:11} n={figures['n']:4}  p50 {p50:8.1f} ms  p95 {p95:8.1f} ms")
    lines.append("  time in the worker (gunicorn access log):")
    for kind, figures in result["server_ms"].items():
        p50, p95 = figures["p50"], figures["p95"]
        lines.append(f"    {kind:11} n={figures['n']:4}  p50 {p50:8.1f} ms  p95 {p95:8.1f} ms")
    lines.append(
        f"  errors {len(result['errors'])}, lost {result['lost']}, "
        f"database locked {result['database_locked']}, final {result['final']}"
    )
    if result["workers_killed"]:
        lines.append(
            f"  workers killed {result['workers_killed']}, submissions cut "
            f"{result['interrupted_requests']} (of which already committed: "
            f"{result['cut_but_committed']}), result pages cut and reloaded "
            f"{result['result_pages_cut']}; right after the kills: {result['after_kill']}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
