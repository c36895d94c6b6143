"""Real app servers on loopback for load and multi-server tests: gunicorn processes, a prepared
database, and a small cookie-keeping HTTP client (one per simulated student)."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SECRET = "load-test-secret-" + "x" * 32
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')  # form or plain input


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, redis_url: str | None = None) -> dict[str, str]:
    """The environment a deployment sets (README: several servers)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "RATELIMIT_"))}
    env.update({"DATABASE_URL": database_url, "SECRET_KEY": SECRET, "QUIZAPP_PRODUCTION": "1"})
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(M)s"  # method, path, status, milliseconds in the app


@dataclass
class Server:
    """One gunicorn master and its workers, on 127.0.0.1:port."""

    process: subprocess.Popen
    port: int
    log: Path

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill_worker(self) -> int:
        """SIGKILL a worker, as the kernel's OOM killer would; gunicorn starts another.

        A worker that is running (most likely in the middle of a request) is chosen first.
        """
        pids = self.worker_pids()
        busy = [pid for pid in pids if _state(pid) in ("R", "D")]
        pid = (busy or pids)[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def service_times(self) -> list[tuple[str, str, int, int]]:
        """(method, path, status, ms) per request, as the workers timed them (no queueing)."""
        access = self.log.with_suffix(".access")
        lines = access.read_text().splitlines() if access.exists() else []
        rows = [line.split() for line in lines]
        return [(r[0], r[1], int(r[2]), int(r[3])) for r in rows if len(r) == 4]

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _state(pid: int) -> str:
    """The process state letter from /proc (R running, S sleeping, D waiting on disk)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "?"


def start_gunicorn(env: dict[str, str], workers: int, log: Path, port: int = 0) -> Server:
    """`gunicorn -w N wsgi:app` as the README deploys it; returns once it answers."""
    port = port or free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    command += ["--timeout", "120", "--graceful-timeout", "10", *_no_control_socket()]
    access = log.with_suffix(".access")
    command += ["--access-logfile", str(access), "--access-logformat", ACCESS_FORMAT, "wsgi:app"]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    server = Server(process, port, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.log_text()[-2000:]}")
        try:
            if (
                Browser(port).get("/auth/login").status == 200
                and len(server.worker_pids()) == workers
            ):
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer on port {port}: {server.log_text()[-2000:]}")


def _no_control_socket() -> list[str]:
    """Newer gunicorn opens a control socket at one fixed path per user: servers started side
    by side must not share it."""
    from gunicorn.config import KNOWN_SETTINGS

    return (
        ["--no-control-socket"]
        if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS)
        else []
    )


@dataclass
class Page:
    status: int
    location: str
    text: str

    def csrf(self) -> str:
        match = CSRF.search(self.text)
        if not match:
            raise AssertionError(f"no CSRF token on the page (status {self.status})")
        return match.group(1)


@dataclass
class Browser:
    """Keeps cookies like a browser (cookies ignore the port, so one browser may talk to two
    servers on 127.0.0.1); never follows redirects, so each request is timed on its own."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 600  # a whole class queues for a few workers: waits are measured, not errors
    csrf_token: str = ""  # the last form's token, for the next POST

    def get(self, path: str, port: int | None = None) -> Page:
        return self.request("GET", path, None, port)

    def post(self, path: str, data: dict | list, port: int | None = None) -> Page:
        return self.request("POST", path, urlencode(data, doseq=True), port)

    def request(self, method: str, path: str, body: str | None, port: int | None) -> Page:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port or self.port, timeout=self.timeout
        )
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            location = urlsplit(response.headers.get("Location", "")).path
            return Page(response.status, location, text)
        finally:
            connection.close()

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if not value or "expires=thu, 01 jan 1970" in header.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def log_in(self, email: str, password: str, port: int | None = None) -> Page:
        token = self.get("/auth/login", port).csrf()
        data = {"email": email, "password": password, "csrf_token": token}
        return self.post("/auth/login", data, port)
