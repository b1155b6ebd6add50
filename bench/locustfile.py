"""Load test of the main pages: logged-in people of the demo district, each browsing the pages
of their role with a pause of one to three seconds between clicks.

Run through bench/load_test.py (a scratch database, a server on loopback, fixed duration);
by hand: .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8765 --headless -u 50 -r 10 -t 2m
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import PAGES

PASSWORD = os.environ.get("LOAD_PASSWORD", "demo-Zhifu-2026")
# Demo log-ins, handed out in turn: four office people, the county leadership, an enterprise.
PEOPLE = itertools.cycle(["clerk", "leader", "reviewer", "leadership", "enforcer", "ent_manager"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Sessions prepared by bench/load_test.py ({username: [session key, …]}); empty: log in by the form.
_SESSION_FILE = os.environ.get("LOAD_SESSIONS")
SESSIONS: dict[str, list[str]] = json.loads(Path(_SESSION_FILE).read_text(encoding="utf-8")) if _SESSION_FILE else {}
# Several web nodes (bench/load_test.py --nodes 2): each simulated person uses one, in turn, as a
# load balancer keeping a person on one machine would.
HOSTS = itertools.cycle([h for h in os.environ.get("LOAD_HOSTS", "").split(",") if h] or [None])
# Every response time, so that bench/load_test.py computes exact percentiles (pages and log-ins
# apart, and per node).
SAMPLES: list[tuple[str, float, bool, str]] = []


@events.request.add_listener
def _sample(name, response_time, exception, url="", **_kwargs) -> None:
    node = url.split("//", 1)[-1].split("/", 1)[0]
    SAMPLES.append((name, float(response_time), exception is not None, node))


@events.quitting.add_listener
def _write_samples(environment, **_kwargs) -> None:
    target = os.environ.get("LOAD_SAMPLES")
    if target:
        with open(target, "w", encoding="utf-8") as out:
            json.dump(SAMPLES, out)


class DistrictPerson(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        host = next(HOSTS)
        if host:
            self.host = self.client.base_url = host
        self.username = next(PEOPLE)
        role = {"leadership": "leadership", "ent_manager": "enterprise"}.get(self.username, "office")
        # Each person starts somewhere else in the round, as people do.
        start = random.randrange(len(PAGES[role]))
        self.pages = itertools.cycle(PAGES[role][start:] + PAGES[role][:start])
        prepared = SESSIONS.get(self.username)
        if prepared:
            # A session made before the run (bench/load_test.py): the run measures the pages,
            # not fifty password hashes in the first five seconds.
            self.client.cookies.set("sessionid", prepared.pop(), domain="127.0.0.1")
            return
        self.log_in()

    def log_in(self) -> None:
        page = self.client.get("/accounts/login/", name="log-in")
        token = CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="log-in",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"log-in of {self.username} answered {response.status_code}")

    @task
    def open_next_page(self) -> None:
        path = next(self.pages)
        with self.client.get(path, name=path, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code} {response.error or ''} for {self.username}")
