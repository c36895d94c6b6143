"""CPU cost of each step of an attempt, in process, without gunicorn or a network in between.

    .venv/bin/python bench/profile_requests.py [--rounds 200] [--profile quiz|start|submit|review]

Prepares a fresh SQLite database as bench/attempts.py does, then one logged-in student runs
--rounds whole attempts through the WSGI app (start, quiz page, submit, review) and a bare
Flask page is served --rounds times the same way. Prints the mean process CPU milliseconds per
request of each step and its ratio to the bare page: the figure to compare before and after a
change, steadier than requests per second on a shared machine. With --profile STEP, prints a
pyinstrument profile of that step over all rounds (pip install pyinstrument).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import nullcontext
from pathlib import Path

from werkzeug.datastructures import MultiDict

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from apps import hello, quiz_config  # noqa: E402
from attempts import MODULE, PASSWORD, prepare_database  # noqa: E402
from http_client import CSRF, question_count, quiz_answers  # noqa: E402

STEPS = ("start", "quiz", "submit", "review")


class Student:
    """A test client that keeps the latest CSRF token, like bench/http_client.Browser."""

    def __init__(self, client) -> None:
        self.client = client
        self.csrf = ""

    def request(self, method: str, path: str, form: list | None = None, expect: int = 200):
        data = None
        if form is not None:
            data = MultiDict([("csrf_token", self.csrf), *form])
        reply = self.client.open(path, method=method, data=data)
        if reply.status_code != expect:
            sys.exit(f"{method} {path}: HTTP {reply.status_code}, expected {expect}")
        text = reply.get_data(as_text=True)
        if token := CSRF.search(text):
            self.csrf = token.group(1)
        return reply, text


def one_attempt(student: Student, cpu: dict[str, list[float]], profiled: str | None, profiler):
    def timed(step: str, call):
        context = profiler if step == profiled and profiler else nullcontext()
        began = time.process_time()
        with context:
            result = call()
        cpu[step].append(time.process_time() - began)
        return result

    reply, _ = timed(
        "start", lambda: student.request("POST", f"/modules/{MODULE}/start", [], expect=302)
    )
    path = reply.headers["Location"]
    _, html = timed("quiz", lambda: student.request("GET", path))
    answers = quiz_answers(html)
    if len(answers) < question_count(html):
        sys.exit("the quiz page lost questions")
    timed("submit", lambda: student.request("POST", path, [*answers, ("action", "submit")], 302))
    _, review = timed("review", lambda: student.request("GET", path))
    if "your result" not in review:
        sys.exit("no result on the review page")


def bare_cost(rounds: int) -> float:
    client = hello().test_client()
    began = time.process_time()
    for _ in range(rounds):
        client.get("/")
    return (time.process_time() - began) / rounds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", choices=STEPS)
    args = parser.parse_args()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)

    path = Path(tempfile.mkdtemp(prefix="quizapp-profile-")) / "bench.sqlite"
    email = "p-0@bench.example"
    prepare_database(path, [email])
    from quizapp import create_app

    app = create_app(quiz_config(str(path)))
    student = Student(app.test_client())
    student.request("GET", "/auth/login")
    student.request("POST", "/auth/login", [("email", email), ("password", PASSWORD)], 302)
    for _ in range(5):  # warm caches and imports, untimed
        one_attempt(student, defaultdict(list), None, None)
    cpu: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.rounds):
        one_attempt(student, cpu, args.profile, profiler)
    bare = bare_cost(args.rounds * 4)
    print(f"{args.rounds} attempts in process; CPU ms per request (bare page {bare * 1e3:.2f})")
    total = 0.0
    for step in STEPS:
        mean = sum(cpu[step]) / len(cpu[step])
        total += mean
        print(f"  {step:8}{mean * 1e3:8.2f} ms  {mean / bare:6.1f} x bare")
    print(f"  {'attempt':8}{total * 1e3:8.2f} ms")
    if profiler:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
