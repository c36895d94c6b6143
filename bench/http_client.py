"""A small HTTP load client for bench/attempts.py: one `Browser` per simulated student (cookies,
CSRF token, the quiz form read from the page), concurrent runs with a deadline, percentiles.

Standard library only; every request goes to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
INPUT = re.compile(r"<input\b([^>]*)>")
SELECT = re.compile(r'<select\b[^>]*name="(q\d+)-(\d+)"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]+)"')
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


class HTTPError(Exception):
    """A response the benchmark did not expect (wrong status, missing content)."""


class Recorded(Exception):
    """An error already counted in a `Timings`; raised on to abandon the client's work item."""


@dataclass
class Reply:
    status: int
    location: str
    text: str


class Browser:
    """One student's browser: keeps the session cookie and the latest CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> Reply:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            text = raw.read().decode()
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            reply = Reply(raw.status, raw.getheader("Location") or "", text)
        finally:
            conn.close()
        if token := CSRF.search(reply.text):
            self.csrf = token.group(1)
        return reply

    def get(self, path: str, expect: int = 200) -> Reply:
        return _expect(self.request("GET", path), expect, path)

    def post(self, path: str, form: list[tuple[str, str]], expect: int = 302) -> Reply:
        return _expect(self.request("POST", path, [("csrf_token", self.csrf), *form]), expect, path)

    def login(self, email: str, password: str) -> None:
        self.get("/auth/login")
        self.post("/auth/login", [("email", email), ("password", password)])


def _expect(reply: Reply, status: int, path: str) -> Reply:
    if reply.status != status:
        raise HTTPError(f"{path}: HTTP {reply.status}, expected {status}")
    return reply


def quiz_answers(html: str) -> list[tuple[str, str]]:
    """An answer for every question on a quiz page, read from its inputs as a student would
    fill them in: the first option of each radio or checkbox group, a distinct choice in each
    select of a question (a valid ordering or matching), "1" in numbers, a word in text."""
    fields: dict[str, str] = {}
    for raw in INPUT.findall(html):
        attrs = dict(ATTR.findall(raw))
        name = attrs.get("name", "")
        if not re.fullmatch(r"q\d+", name) or name in fields:
            continue
        kind = attrs.get("type", "text")
        if kind in ("radio", "checkbox"):
            fields[name] = attrs["value"]
        elif kind == "text":
            fields[name] = "1" if attrs.get("inputmode") == "decimal" else "answer"
    answers = list(fields.items())
    for name, pos, body in SELECT.findall(html):
        options = OPTION.findall(body)
        answers.append((f"{name}-{pos}", options[int(pos) % len(options)]))
    return answers


def question_count(html: str) -> int:
    return len(set(re.findall(r'id="slot-(\d+)"', html)))


@dataclass
class Timings:
    """Latencies (seconds) by step name, and errors by step name; thread-safe."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, step: str, call: Callable[[], Reply]) -> Reply:
        start = time.perf_counter()
        try:
            reply = call()
        except Exception as exc:
            self.error(step, exc)
            raise Recorded(step) from exc
        with self.lock:
            self.seconds[step].append(time.perf_counter() - start)
        return reply

    def error(self, step: str, problem: object) -> None:
        with self.lock:
            self.errors[step].append(str(problem))

    def quietly(self, step: str, call: Callable[[], object]) -> bool:
        """Run one work item; any error is counted (once) and the client carries on. Whether
        it went through."""
        try:
            call()
        except Recorded:
            return False
        except Exception as exc:
            self.error(step, exc)
            return False
        return True

    @property
    def error_count(self) -> int:
        return sum(len(v) for v in self.errors.values())


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run_clients(jobs: list[Callable[[float], None]], seconds: float) -> float:
    """Run one callable per client in its own thread, all started together; each gets the
    deadline (a perf_counter value) and must stop starting work after it. Returns wall time."""
    start_line = threading.Barrier(len(jobs) + 1)
    deadline: list[float] = []

    def wrap(job: Callable[[float], None]) -> None:
        start_line.wait()
        job(deadline[0])

    threads = [threading.Thread(target=wrap, args=(job,), daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    deadline.append(time.perf_counter() + seconds)
    started = time.perf_counter()
    start_line.wait()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def split(total: int, parts: int) -> list[int]:
    """`total` spread as evenly as possible over `parts`."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
