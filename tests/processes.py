"""Helpers for tests that run real processes (Celery workers, gunicorn, nginx): a clean
production-like environment, the test database's address, free ports, waiting, and process
groups that are always killed at the end."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
TEST_SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")

# Test-only overrides (pytest-env) and anything else that would leak into the child.
_DROP = ("DJANGO_", "DATABASE_URL", "CACHE_URL", "CELERY_", "EMAIL_URL", "SQLITE_PATH")


def database_environ(connection) -> dict:
    """DATABASE_URL (PostgreSQL) or SQLITE_PATH pointing at the database this test uses."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"SQLITE_PATH": str(db["NAME"])}
    credentials = ""
    if db.get("USER"):
        credentials = quote(db["USER"], safe="")
        if db.get("PASSWORD"):
            credentials += ":" + quote(db["PASSWORD"], safe="")
        credentials += "@"
    host = quote(db.get("HOST") or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return {"DATABASE_URL": f"postgres://{credentials}{host}{port}/{quote(db['NAME'], safe='')}"}


def child_environ(connection, **extra) -> dict:
    """The environment of a production-like child process on the test database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROP)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=TEST_SECRET_KEY,  # the test's own, so its sessions are valid there
        PYTHONUNBUFFERED="1",
        **database_environ(connection),
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def free_port(host="127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float, interval: float = 0.1, what="condition"):
    """Poll `condition` until it is true; `what` (text, or a function giving it, such as a
    child's log) explains a timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(
        f"Gave up waiting for {what() if callable(what) else what} after {timeout} s"
    )


def port_open(port: int, host="127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


class Child:
    """A child process in its own process group, its output in a log file."""

    def __init__(self, command, *, env, log: Path, cwd=ROOT):
        self.log = log
        self._log_file = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        self._log_file.flush()
        return self.log.read_text(errors="replace")

    def kill(self, sig=signal.SIGKILL) -> None:
        """Signal the whole group (a gunicorn or nginx master and its workers)."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)

    def stop(self, timeout: float = 10) -> None:
        self.kill(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)
            self.process.wait(timeout)
        self._log_file.close()


@contextmanager
def children():
    """Collect Child processes; all of them are stopped on the way out, failure or not."""
    started: list[Child] = []

    def start(command, **kwargs) -> Child:
        child = Child(command, **kwargs)
        started.append(child)
        return child

    try:
        yield start
    finally:
        for child in reversed(started):
            child.stop()


PYTHON = sys.executable
