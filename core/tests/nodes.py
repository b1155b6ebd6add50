"""Several machines on this one: web nodes (gunicorn) and workers as processes of their own, each
node with its own folders, sharing one database and one Redis (and, when given, one S3 bucket).

Plain Python, no Django import: the multi-node test (core/tests/test_multinode.py) and the load
bench over two nodes (bench/load_test.py --nodes 2) start their machines with it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def redis_is_up(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@dataclass
class Bucket:
    """An S3 bucket the nodes share (moto's server in the tests, MinIO in an office)."""

    endpoint_url: str
    name: str
    access_key: str = "k"
    secret_key: str = "s"  # moto accepts any key
    region: str = "us-east-1"


def node_env(
    folder: Path,
    *,
    database_url: str,
    cache_url: str,
    queue_url: str,
    bucket: Bucket | None = None,
    secret_key: str,
    sessions_in_cache: bool = False,
) -> dict[str, str]:
    """The environment of one machine: what every machine shares (database, Redis, bucket, secret
    key), and its own folders under ``folder`` (the mark index, the landscape store, media)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "CACHE_URL": cache_url,
        "TASKS_BACKEND": "rq",
        "REDIS_URL": queue_url,
        "MEDIA_ROOT": str(folder / "media"),
        "SIMILARITY_INDEX_DIR": str(folder / "index"),
        "LANDSCAPE_STORE_DIR": str(folder / "landscape"),
        "EXCHANGE_INDEX_DIR": str(folder / "exchange-index"),
        "RATELIMIT_ENABLE": "0",
        "LOG_LEVEL": "WARNING",
        "REQUEST_LOG": "0",
    }
    if sessions_in_cache:
        env["SESSION_STORE"] = "cache"
    if bucket is not None:
        env.update(
            {
                "FILE_STORAGE": "s3",
                "AWS_S3_ENDPOINT_URL": bucket.endpoint_url,
                "AWS_STORAGE_BUCKET_NAME": bucket.name,
                "AWS_S3_ACCESS_KEY_ID": bucket.access_key,
                "AWS_S3_SECRET_ACCESS_KEY": bucket.secret_key,
                "AWS_S3_REGION_NAME": bucket.region,
            }
        )
    return env


def wait_until_up(base: str, seconds: float = 60) -> bool:
    """True once ``base``/healthz answers at all (a 503 while the index is missing counts)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):  # noqa: S310  # loopback only
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.2)
    return False


@dataclass
class Machines:
    """The processes of several machines, each in its own process group (killed as a machine
    dies: with its children), their output in ``scratch/<name>.log``."""

    scratch: Path
    env: dict[str, dict[str, str]] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    _logs: list[IO[str]] = field(default_factory=list)

    def _start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.scratch / f"{name}.log", "a")  # noqa: SIM115  # closed in stop_all
        self._logs.append(log)
        self.env[name] = env
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self.processes[name]

    def start_web(self, name: str, port: int, env: dict[str, str], *, workers: int = 1, threads: int = 4) -> str:
        """A gunicorn node on loopback; returns its base URL once it answers."""
        command = [sys.executable, "-m", "gunicorn", "ipcounty.wsgi", "-b", f"127.0.0.1:{port}"]
        command += ["-w", str(workers), "--threads", str(threads), "--timeout", "120"]
        # Longer than the longest pause between clicks of the load test, so that a node never
        # closes a kept-alive connection just as the next request goes out on it.
        command += ["--keep-alive", "10", "--log-level", "warning"]
        self._start(name, command, env)
        base = f"http://127.0.0.1:{port}"
        if not wait_until_up(base):
            raise RuntimeError(f"{name} did not start: {self.log(name)[-2000:]}")
        return base

    def start_worker(self, name: str, env: dict[str, str]) -> None:
        self._start(name, [sys.executable, "manage.py", "run_worker", "--no-schedule"], env)

    def log(self, name: str) -> str:
        path = self.scratch / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.kill(name)
        for log in self._logs:
            log.close()
        self._logs.clear()
