"""Full quiz attempts per second under gunicorn, against a bare Flask page served the same way.

    .venv/bin/python bench/attempts.py [--clients 1,4,32] [--attempts 200] [--requests 400]
                                       [--submits 100] [--seconds 60] [--workers 2]

Prepares a fresh SQLite database in a temporary folder (schema, article, the four modules, one
student per client), serves a bare Flask page and then the app with `gunicorn -w 2` (sync
workers) on a free port of 127.0.0.1, and for each number of concurrent clients measures:

- the bare page and the quiz page (`GET /attempts/<id>` of an open attempt): requests/s, p50/p95;
- submits alone (`POST /attempts/<id>`, every answer, action=submit), on attempts opened first;
- full attempts, each client in a loop: start, open the quiz page, submit every answer, load the
  graded review; attempts/s and p50/p95 of each step;
- a page of the app that only requires a login (`bench/apps.py:signed_in`): the least any
  student page costs, for reading the quiz page's share of the bare page against.

Each phase stops at its count or after --seconds, whichever comes first. Finally it stops the
server and checks that the database holds exactly the attempts the clients started, each with one
stored answer per question for every attempt they submitted (none lost, none twice). Exits
non-zero on any error or mismatch; never because of speed.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from http_client import (
    Browser,
    HTTPError,
    Timings,
    percentile,
    question_count,
    quiz_answers,
    run_clients,
    split,
)

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-password-1"
MODULE = "history"


@dataclass
class Ledger:
    """What the clients did, to compare with the database afterwards."""

    started: set[int] = field(default_factory=set)
    submitted: dict[int, int] = field(default_factory=dict)  # attempt id -> answers sent
    uncertain: set[int] = field(default_factory=set)  # a submit whose reply never came


def prepare_database(path: Path, users: list[str]) -> None:
    """Schema, article and modules as `init-db` loads them; the students, with a cheap hash
    (the benchmark measures quizzes, not password hashing)."""
    from apps import quiz_config
    from sqlalchemy import insert
    from werkzeug.security import generate_password_hash

    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.models import User
    from quizapp.seed import init_database

    app = create_app(quiz_config(str(path)))
    init_database(app)
    hashed = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    with app.app_context():
        rows = [{"email": e, "name": e.split("@")[0], "password_hash": hashed} for e in users]
        db.session.execute(insert(User), [{**r, "role": "student"} for r in rows])
        db.session.commit()
        db.engine.dispose()


class Server:
    """gunicorn serving one of bench/apps.py on a free loopback port."""

    def __init__(self, target: str, workers: int, env: dict[str, str]) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        command = [sys.executable, "-m", "gunicorn", "--workers", str(workers),
                   "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}",
                   "--pythonpath", str(BENCH), "--log-level", "warning", target]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited with status {self.process.returncode}")
            try:
                Browser(self.port).request("GET", "/")
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        sys.exit("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by gunicorn and its workers (Linux /proc; None elsewhere).
        On a machine shared with other work this is the steadier measure of cost."""
        pids = [self.process.pid]
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            pids += [int(pid) for pid in children.read_text().split()]
            ticks = 0
            for pid in pids:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, ValueError, IndexError):
            return None
        return ticks / os.sysconf("SC_CLK_TCK")

    def measure(self, run: Callable[[], list[dict]]) -> list[dict]:
        """Run a phase; add the server's CPU milliseconds per request to its first row."""
        before = self.cpu_seconds()
        rows = run()
        after = self.cpu_seconds()
        first = rows[0]
        if before is not None and after is not None and first["count"]:
            first["cpu"] = 1000 * (after - before) / first["count"]
        return rows


def row(name: str, count: int, wall: float, times: list[float], errors: int) -> dict:
    return {
        "name": name,
        "count": count,
        "rate": count / wall if wall else 0.0,
        "p50": 1000 * percentile(times, 0.5),
        "p95": 1000 * percentile(times, 0.95),
        "errors": errors,
    }


def page_phase(name: str, browsers: list[Browser], paths: list[str], total: int, seconds: float):
    """Each client GETs its page repeatedly: requests/s and latency."""
    timings = Timings()

    def job(browser: Browser, path: str, count: int):
        def run(deadline: float) -> None:
            for _ in range(count):
                if time.perf_counter() > deadline:
                    return
                timings.quietly(name, lambda: timings.timed(name, lambda: browser.get(path)))

        return run

    counts = split(total, len(browsers))
    jobs = [job(b, p, n) for b, p, n in zip(browsers, paths, counts, strict=True)]
    wall = run_clients(jobs, seconds)
    done = len(timings.seconds[name])
    return row(name, done, wall, timings.seconds[name], timings.error_count)


def open_attempt(browser: Browser, ledger: Ledger, timings: Timings) -> tuple[str, str]:
    """Start (or resume) an attempt and open its page: (path, quiz HTML)."""
    reply = timings.timed("start", lambda: browser.post(f"/modules/{MODULE}/start", []))
    path = reply.location.removeprefix(f"http://127.0.0.1:{browser.port}")
    ledger.started.add(int(path.rsplit("/", 1)[1]))
    page = timings.timed("quiz page", lambda: browser.get(path))
    return path, page.text


def submit(browser: Browser, path: str, html: str, ledger: Ledger, timings: Timings) -> None:
    answers = quiz_answers(html)
    attempt_id = int(path.rsplit("/", 1)[1])
    ledger.uncertain.add(attempt_id)
    timings.timed("submit", lambda: browser.post(path, [*answers, ("action", "submit")]))
    ledger.uncertain.discard(attempt_id)
    ledger.submitted[attempt_id] = question_count(html)


def one_attempt(browser: Browser, ledger: Ledger, timings: Timings) -> None:
    """Start, open the quiz page, submit every answer, load the graded review."""
    path, html = open_attempt(browser, ledger, timings)
    submit(browser, path, html, ledger, timings)
    review = timings.timed("review", lambda: browser.get(path))
    if "your result" not in review.text:
        raise HTTPError(f"{path}: no result on the review page")


def attempts_phase(browsers: list[Browser], total: int, seconds: float, ledger: Ledger):
    """Each client runs whole attempts in a loop: start, quiz page, submit, review."""
    timings, whole = Timings(), []

    def job(browser: Browser, count: int):
        def run(deadline: float) -> None:
            for _ in range(count):
                if time.perf_counter() > deadline:
                    return
                began = time.perf_counter()
                if timings.quietly("attempt", lambda: one_attempt(browser, ledger, timings)):
                    whole.append(time.perf_counter() - began)

        return run

    counts = split(total, len(browsers))
    wall = run_clients([job(b, n) for b, n in zip(browsers, counts, strict=True)], seconds)
    rows = [row("full attempt", len(whole), wall, whole, timings.error_count)]
    for step in ("start", "quiz page", "submit", "review"):
        times = timings.seconds[step]
        rows.append(row(f"  {step}", len(times), wall, times, len(timings.errors[step])))
    return rows


def concurrently(items: list, clients: int, work) -> int:
    """Untimed set-up: `work(item)` for every item, spread over `clients` threads. Errors."""
    failures = Timings()

    def job(group: list):
        def run(_deadline: float) -> None:
            for item in group:
                failures.quietly("set-up", lambda item=item: work(item))

        return run

    run_clients([job(items[i::clients]) for i in range(min(clients, len(items)))], 3600)
    return failures.error_count


def submits_phase(browsers: list[Browser], clients: int, seconds: float, ledger: Ledger):
    """Submits alone: every browser (one student each) opens an attempt first, untimed; then
    `clients` clients submit them all."""
    opened: list[tuple[Browser, str, str]] = []
    prep = Timings()
    errors = concurrently(
        browsers, clients, lambda b: opened.append((b, *open_attempt(b, ledger, prep)))
    )
    timings = Timings()

    def job(items: list[tuple[Browser, str, str]]):
        def run(deadline: float) -> None:
            for browser, path, html in items:
                if time.perf_counter() > deadline:
                    return
                item = (browser, path, html)
                timings.quietly("submit", lambda i=item: submit(*i, ledger, timings))

        return run

    wall = run_clients([job(opened[i::clients]) for i in range(clients)], seconds)
    times = timings.seconds["submit"]
    return row("submit", len(times), wall, times, timings.error_count + errors)


def log_in(browsers_by_email: dict[str, Browser], clients: int) -> int:
    return concurrently(
        list(browsers_by_email.items()), clients, lambda item: item[1].login(item[0], PASSWORD)
    )


def run_level(server: Server, clients: int, args, ledger: Ledger) -> tuple[list[dict], int]:
    """All phases of the app at one concurrency. Returns the rows and the set-up errors."""
    port = server.port
    students = {f"a{clients}-{i}@bench.example": Browser(port) for i in range(clients)}
    submitters = {f"s{clients}-{i}@bench.example": Browser(port) for i in range(args.submits)}
    errors = log_in(students, clients) + log_in(submitters, clients)
    browsers, paths = list(students.values()), []
    prep = Timings()
    for browser in browsers:  # one open attempt each, for the quiz page phase
        paths.append(open_attempt(browser, ledger, prep)[0])
    errors += prep.error_count
    submitters_ = list(submitters.values())
    rows = server.measure(
        lambda: [page_phase("quiz page", browsers, paths, args.requests, args.seconds)]
    )
    rows += server.measure(lambda: [submits_phase(submitters_, clients, args.seconds, ledger)])
    rows += server.measure(lambda: attempts_phase(browsers, args.attempts, args.seconds, ledger))
    signed_in = [SIGNED_IN] * len(browsers)
    rows += server.measure(
        lambda: [page_phase("signed-in page", browsers, signed_in, args.requests, args.seconds)]
    )
    return rows, errors


SIGNED_IN = "/bench/signed-in"  # bench/apps.py:signed_in, a page that only checks the login


def verify(path: Path, ledger: Ledger) -> list[str]:
    """Differences between what the clients did and what the database holds."""
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        asked = conn.scalar(
            text(
                "SELECT count(*) FROM questions q JOIN modules m ON m.id = q.module_id "
                "WHERE m.slug = :slug AND NOT q.retired"
            ),
            {"slug": MODULE},
        )
        stored = {
            r.id: r
            for r in conn.execute(
                text(
                    "SELECT a.id, a.state, a.score, count(r.id) AS slots, count(r.answer) AS "
                    "answered, count(r.credit) AS graded FROM attempts a LEFT JOIN responses r "
                    "ON r.attempt_id = a.id GROUP BY a.id"
                )
            )
        }
    engine.dispose()
    problems = [
        f"attempt {i} started but not in the database" for i in ledger.started - set(stored)
    ]
    problems += [
        f"attempt {i} in the database but never started" for i in set(stored) - ledger.started
    ]
    for attempt_id in ledger.started & set(stored) - ledger.uncertain:
        problems += check_attempt(stored[attempt_id], ledger.submitted.get(attempt_id), asked)
    return problems


def check_attempt(r, sent: int | None, asked: int) -> list[str]:
    """One attempt against the ledger: its state, its slots, its answers and grades."""
    state = "submitted" if sent is not None else "in_progress"
    answered = sent or 0
    found = (r.state, r.slots, r.answered, r.graded if sent is not None else 0)
    wanted = (state, asked, answered, answered)
    if found != wanted or (sent is not None and r.score is None):
        return [f"attempt {r.id}: (state, slots, answers, grades) {found}, expected {wanted}"]
    return []


def print_table(bare: dict[int, dict], levels: dict[int, list[dict]]) -> None:
    head = (
        f"{'':3}{'step':16}{'count':>7}{'per s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}"
        f"{'server CPU ms':>15}"
    )
    for clients, rows in levels.items():
        base, floor = bare[clients], rows[-1]
        quiz = rows[0]
        share = 100 * quiz["rate"] / base["rate"] if base["rate"] else 0
        floor_share = 100 * floor["rate"] / base["rate"] if base["rate"] else 0
        cost = ""
        if quiz.get("cpu") and base.get("cpu"):
            cost = f"; server CPU per request {base['cpu'] / quiz['cpu']:.0%} of the bare page's"
        print(
            f"\n{clients} concurrent client(s): quiz page at {share:.0f} % of the bare page{cost}"
            f"; a page that only checks the login at {floor_share:.0f} %"
        )
        print(head)
        for r in [base, floor, *rows[:-1]]:
            print(
                f"{'':3}{r['name']:16}{r['count']:7d}{r['rate']:9.1f}{r['p50']:9.1f}"
                f"{r['p95']:9.1f}{r['errors']:8d}"
                + (f"{r['cpu']:15.2f}" if "cpu" in r else f"{'–':>15}")
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="1,4,32", help="concurrency levels, comma-separated")
    parser.add_argument("--attempts", type=int, default=200, help="full attempts per level")
    parser.add_argument("--requests", type=int, default=400, help="page requests per level")
    parser.add_argument("--submits", type=int, default=100, help="lone submits per level")
    parser.add_argument("--seconds", type=float, default=60, help="cap on each phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="quizapp-attempts-"))
    path = folder / "bench.sqlite"
    users = [f"{kind}{c}-{i}@bench.example" for c in levels for kind, n in
             (("a", c), ("s", args.submits)) for i in range(n)]  # fmt: skip
    prepare_database(path, users)
    print(f"{path}: {len(users)} students; gunicorn --workers {args.workers} (sync), 127.0.0.1")

    server = Server("apps:hello()", args.workers, {})
    try:
        bare = {
            c: server.measure(lambda c=c: [page_phase(
                "bare page", [Browser(server.port) for _ in range(c)], ["/"] * c, args.requests,
                args.seconds)])[0]
            for c in levels
        }  # fmt: skip
    finally:
        server.stop()
    ledger, results, setup_errors = Ledger(), {}, 0
    server = Server("apps:signed_in()", args.workers, {"QUIZAPP_BENCH_DB": str(path)})
    try:
        for c in levels:
            results[c], errors = run_level(server, c, args, ledger)
            setup_errors += errors
    finally:
        server.stop()
    print_table(bare, results)
    errors = setup_errors + sum(r["errors"] for rows in results.values() for r in rows[:2])
    errors += sum(results[c][-1]["errors"] for c in levels)
    errors += sum(results[c][2]["errors"] for c in levels)
    problems = verify(path, ledger)
    sent = sum(ledger.submitted.values())
    print(
        f"\nDatabase: {len(ledger.started)} attempts started, {len(ledger.submitted)} submitted "
        f"with {sent} answers: " + ("all stored exactly once." if not problems else "MISMATCH")
    )
    for problem in problems[:20]:
        print("  " + problem)
    print(f"Errors: {errors} (set-up: {setup_errors})")
    return 1 if errors or problems else 0


if __name__ == "__main__":
    sys.exit(main())
