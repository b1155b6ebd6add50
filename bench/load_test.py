"""Load test: the main pages under 50 concurrent logged-in people for two minutes.

Usage: .venv/bin/python bench/load_test.py [--users 50] [--spawn-rate 10] [--duration 2m] [--workers 2]

Builds the demo district in a scratch SQLite database, starts gunicorn on loopback with DEBUG
off, runs locust headless (bench/locustfile.py) for a fixed time, and prints p50/p95/p99 and the
errors: for page views, for log-ins, and for everything. Nothing touches db.sqlite3.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import PAGES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summary(label: str, samples: list[tuple[str, float, bool]]) -> str:
    times = [t for _name, t, _failed in samples]
    errors = sum(1 for _name, _t, failed in samples if failed)
    return (
        f"{label:<12} requests {len(samples):>6}  errors {errors:>4}  "
        f"p50 {percentile(times, 50):>6.0f} ms  p95 {percentile(times, 95):>6.0f} ms  "
        f"p99 {percentile(times, 99):>6.0f} ms  mean {statistics.fmean(times) if times else float('nan'):>6.0f} ms"
    )


# Made inside the scratch database with Django's own session store: the same session a log-in
# makes (user, backend, password hash, log-in time for the absolute time-out).
PREPARE_SESSIONS = """
import json, time
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from accounts.models import User
from accounts.signals import LOGIN_AT_KEY
store = import_module(settings.SESSION_ENGINE).SessionStore
out = {}
for username in %(names)r:
    user = User.objects.get(username=username)
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LOGIN_AT_KEY] = time.time()
    session.create()
    out.setdefault(username, []).append(session.session_key)
open(%(path)r, "w").write(json.dumps(out))
"""
PEOPLE = ["clerk", "leader", "reviewer", "leadership", "enforcer", "ent_manager"]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def warm_up(host: str, sessions_file: str | None, workers: int) -> None:
    """Open every page a few times before measuring, so each worker has imported its modules
    and read its reference tables (a cold start is not what the load test is about)."""
    if not sessions_file:
        return
    sessions = json.loads(Path(sessions_file).read_text())
    roles = {"clerk": "office", "leadership": "leadership", "ent_manager": "enterprise"}
    visits = [(sessions[name][0], PAGES[role]) for name, role in roles.items() if sessions.get(name)]
    for _round in range(2 * workers):
        for cookie, paths in visits:
            for path in paths:
                request = urllib.request.Request(f"{host}{path}", headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
                        response.read()
                except OSError:
                    pass  # a page this person may not open; the run itself reports errors


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--duration", default="2m")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--log-in",
        action="store_true",
        help="log every simulated person in through the form instead of a prepared session",
    )
    args = parser.parse_args()
    if not shutil.which("gunicorn", path=str(BIN)):
        raise SystemExit("gunicorn is not installed in the virtualenv (pip install gunicorn)")
    tmp = tempfile.mkdtemp(prefix="ipcounty-load-")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp}/load.sqlite3",
        "MEDIA_ROOT": f"{tmp}/media",
        "SIMILARITY_INDEX_DIR": f"{tmp}/index",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": "load-test-only-" + os.urandom(8).hex(),
        "LOAD_SAMPLES": f"{tmp}/samples.json",
    }
    server = None
    try:
        for command in (["migrate", "-v0"], ["seed_demo"]):
            subprocess.check_call(  # noqa: S603
                [sys.executable, "manage.py", *command], env=env, cwd=ROOT, stdout=subprocess.DEVNULL
            )
        if not args.log_in:
            names = [PEOPLE[i % len(PEOPLE)] for i in range(args.users)]
            env["LOAD_SESSIONS"] = f"{tmp}/sessions.json"
            code = PREPARE_SESSIONS % {"names": names, "path": env["LOAD_SESSIONS"]}
            subprocess.check_call(  # noqa: S603
                [sys.executable, "manage.py", "shell", "-c", code], env=env, cwd=ROOT, stdout=subprocess.DEVNULL
            )
        host = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "ipcounty.wsgi",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--timeout",
                "120",
                # Longer than the longest pause between clicks, so the server never closes a
                # kept-alive connection just as the next request goes out on it.
                "--keep-alive",
                "10",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        wait_for(f"{host}/healthz")
        warm_up(host, env.get("LOAD_SESSIONS"), args.workers)
        print(f"load before: {os.getloadavg()[0]:.2f} (1-minute average, {os.cpu_count()} cores)", flush=True)
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--host",
                host,
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                args.duration,
                "--only-summary",
                "--stop-timeout",
                "5",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            cwd=ROOT,
            check=False,
            timeout=30 * 60,
        )
        elapsed = time.monotonic() - started
        print(f"load after: {os.getloadavg()[0]:.2f}; locust ran {elapsed:.0f} s", flush=True)
        samples = [tuple(s) for s in json.loads(Path(env["LOAD_SAMPLES"]).read_text())]
        pages = [s for s in samples if s[0] != "log-in"]
        print(summary("page views", pages))
        print(summary("log-ins", [s for s in samples if s[0] == "log-in"]))
        print(summary("all", samples))
        print(f"throughput: {len(samples) / elapsed:.1f} requests/s")
        by_page: dict[str, list[float]] = {}
        for name, took, _failed in pages:
            by_page.setdefault(name, []).append(took)
        for name, times in sorted(by_page.items()):
            print(
                f"  {name:<28} n {len(times):>5}  p50 {percentile(times, 50):>5.0f}  p95 {percentile(times, 95):>5.0f}"
            )
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
