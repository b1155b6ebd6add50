"""Load test: the main pages under 50 concurrent logged-in people for two minutes.

Usage: .venv/bin/python bench/load_test.py [--users 50] [--spawn-rate 10] [--duration 2m] [--workers 2]

Builds the demo district in a scratch SQLite database, starts gunicorn on loopback with DEBUG
off, runs locust headless (bench/locustfile.py) for a fixed time, and prints p50/p95/p99 and the
errors: for page views, for log-ins, and for everything. Nothing touches db.sqlite3.

Several machines on this one (issue 21):

    .venv/bin/python bench/load_test.py --nodes 2 --database postgres --users 200 --spawn-rate 20 \
        --postgres-url postgres://postgres@127.0.0.1:5432/ipcounty_load

seeds the demo district into that scratch PostgreSQL database (created, and dropped at the end),
puts cache, sessions and the job queue on Redis (``--redis``, two of its databases, emptied first),
starts two gunicorn nodes on two loopback ports, each with its own index and landscape folders,
and an RQ worker (core/tests/nodes.py, as the multi-node test does); each simulated person uses
one node, alternately. The figures are printed per node too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from load_pages import PAGES

from core.tests.nodes import Machines, node_env

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


Sample = tuple[str, float, bool, str]  # page, milliseconds, failed, node (host:port)


def summary(label: str, samples: list[Sample]) -> str:
    times = [s[1] for s in samples]
    errors = sum(1 for s in samples if s[2])
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


def process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by a process and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(cpu.get(pid, 0.0) for pid in tree)


def scratch_postgres(url: str, *, drop: bool = False) -> None:
    """Create (or drop) the database that ``url`` names, through the server's ``postgres`` one."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"not a plain database name: {name}")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            admin.execute(f'CREATE DATABASE "{name}"')


# Where the slowest page's time goes (--profile): pyinstrument around three requests of it through
# Django's test client, in a process of its own against the same database and Redis.
PROFILE_PAGE = """
from django.test import Client
from pyinstrument import Profiler
from accounts.models import User
client = Client()
client.force_login(User.objects.get(username=%(user)r))
client.get(%(path)r)
profiler = Profiler(interval=0.001)
profiler.start()
for _ in range(3):
    assert client.get(%(path)r).status_code == 200
profiler.stop()
print(profiler.output_text(unicode=True, color=False))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--duration", default="2m")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765, help="the first node's port; the next ones follow")
    parser.add_argument("--nodes", type=int, default=1, help="web nodes (gunicorn) on loopback")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("LOAD_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/ipcounty_load"),
        help="the scratch PostgreSQL database: created (dropped first if it exists) and dropped at the end",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379", help="Redis for several nodes")
    parser.add_argument("--redis-dbs", default="8,9", help="Redis databases for cache+sessions and queue (emptied)")
    parser.add_argument("--profile", action="store_true", help="profile the slowest page (pyinstrument) at the end")
    parser.add_argument(
        "--log-in",
        action="store_true",
        help="log every simulated person in through the form instead of a prepared session",
    )
    args = parser.parse_args()
    if not shutil.which("gunicorn", path=str(BIN)):
        raise SystemExit("gunicorn is not installed in the virtualenv (pip install gunicorn)")
    if args.nodes > 1 and args.database == "sqlite":
        raise SystemExit("several nodes share one PostgreSQL database: add --database postgres")
    tmp = tempfile.mkdtemp(prefix="ipcounty-load-")
    scratch = Path(tmp)
    database_url = f"sqlite:///{tmp}/load.sqlite3"
    if args.database == "postgres":
        database_url = args.postgres_url
        scratch_postgres(database_url)
    common = {
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOAD_SAMPLES": f"{tmp}/samples.json",
    }
    secret_key = "load-test-only-" + os.urandom(8).hex()
    shared_redis = args.nodes > 1

    def env_of(node: str) -> dict[str, str]:
        if shared_redis:
            cache_db, queue_db = (int(d) for d in args.redis_dbs.split(","))
            env = node_env(
                scratch / node,
                database_url=database_url,
                cache_url=f"{args.redis}/{cache_db}",
                queue_url=f"{args.redis}/{queue_db}",
                secret_key=secret_key,
                sessions_in_cache=True,
            )
        else:
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "MEDIA_ROOT": f"{tmp}/media",
                "SIMILARITY_INDEX_DIR": f"{tmp}/index",
                "SECRET_KEY": secret_key,
            }
        return {**env, **common}

    if shared_redis:
        import redis

        for db in args.redis_dbs.split(","):
            redis.Redis.from_url(f"{args.redis}/{int(db)}").flushdb()
    machines = Machines(scratch)
    try:
        env = env_of("seed")
        for command in (["migrate", "-v0"], ["seed_demo"]):
            subprocess.check_call(  # noqa: S603
                [sys.executable, "manage.py", *command], env=env, cwd=ROOT, stdout=subprocess.DEVNULL
            )
        if not args.log_in:
            names = [PEOPLE[i % len(PEOPLE)] for i in range(args.users)]
            common["LOAD_SESSIONS"] = f"{tmp}/sessions.json"
            code = PREPARE_SESSIONS % {"names": names, "path": common["LOAD_SESSIONS"]}
            subprocess.check_call(  # noqa: S603
                [sys.executable, "manage.py", "shell", "-c", code],
                env=env_of("seed"),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
        hosts = []
        for n in range(args.nodes):
            node = f"node{n + 1}"
            hosts.append(
                machines.start_web(node, args.port + n, env_of(node), workers=args.workers, threads=args.threads)
            )
        if shared_redis:
            machines.start_worker("worker", env_of("worker"))
        for host in hosts:
            warm_up(host, common.get("LOAD_SESSIONS"), args.workers)
        print(f"nodes: {', '.join(hosts)}; database: {args.database}; users: {args.users}", flush=True)
        print(f"load before: {os.getloadavg()[0]:.2f} (1-minute average, {os.cpu_count()} cores)", flush=True)
        cpu_before = {name: process_tree_cpu(p.pid) for name, p in machines.processes.items()}
        started, started_cpu = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--host",
                hosts[0],
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
            env={**env_of("locust"), "LOAD_HOSTS": ",".join(hosts)},
            cwd=ROOT,
            check=False,
            timeout=30 * 60,
        )
        elapsed = time.monotonic() - started
        locust_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = {name: process_tree_cpu(p.pid) - cpu_before[name] for name, p in machines.processes.items()}
        print(f"load after: {os.getloadavg()[0]:.2f}; locust ran {elapsed:.0f} s", flush=True)
        print(
            "CPU during the run (user + system, s): "
            + ", ".join(f"{name} {seconds:.1f}" for name, seconds in cpu.items())
            + f", locust {locust_cpu.ru_utime + locust_cpu.ru_stime - started_cpu.ru_utime - started_cpu.ru_stime:.1f}"
        )
        samples: list[Sample] = [
            (s[0], s[1], s[2], s[3] if len(s) > 3 else "") for s in json.loads(Path(common["LOAD_SAMPLES"]).read_text())
        ]
        pages = [s for s in samples if s[0] != "log-in"]
        print(summary("page views", pages))
        print(summary("log-ins", [s for s in samples if s[0] == "log-in"]))
        print(summary("all", samples))
        print(f"throughput: {len(samples) / elapsed:.1f} requests/s")
        if args.nodes > 1:
            for host in hosts:
                print(summary(host.rsplit(":", 1)[1], [s for s in pages if s[3] == host.split("//", 1)[1]]))
        by_page: dict[str, list[Sample]] = {}
        for sample in pages:
            by_page.setdefault(sample[0], []).append(sample)
        for name, group in sorted(by_page.items()):
            times = [s[1] for s in group]
            print(
                f"  {name:<28} n {len(times):>5}  errors {sum(1 for s in group if s[2]):>3}  "
                f"p50 {percentile(times, 50):>5.0f}  p95 {percentile(times, 95):>5.0f}  "
                f"p99 {percentile(times, 99):>5.0f}"
            )
        if args.profile and by_page:
            slowest = max(by_page, key=lambda page: percentile([s[1] for s in by_page[page]], 95))
            role = next(role for role, paths in PAGES.items() if slowest in paths)
            user = {"office": "clerk", "leadership": "leadership", "enterprise": "ent_manager"}[role]
            print(f"profile of {slowest} as {user} (three requests, after one to warm up):", flush=True)
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "shell", "-c", PROFILE_PAGE % {"user": user, "path": slowest}],
                env={**env_of("profile"), "ALLOWED_HOSTS": "testserver"},
                cwd=ROOT,
                check=False,
            )
        return 0
    finally:
        machines.stop_all()
        if args.database == "postgres":
            scratch_postgres(database_url, drop=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
