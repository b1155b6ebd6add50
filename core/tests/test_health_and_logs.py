"""/healthz says what is healthy without a log-in and without data; logs are JSON lines with the
user's id and never a password, a query string or a full ID number."""

from __future__ import annotations

import json
import logging

from core import health
from core.jsonlog import JsonFormatter
from core.tests.people import PASSWORD, PeopleTestCase


class HealthzTests(PeopleTestCase):
    def test_healthz_answers_without_log_in_and_names_each_check(self):
        response = self.client.get("/healthz")
        body = response.json()
        self.assertIn(response.status_code, {200, 503})
        self.assertIn("database", body["checks"])
        self.assertIn("mark_index", body["checks"])
        self.assertTrue(body["checks"]["database"]["ok"])
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_a_failing_check_makes_healthz_unhealthy_with_503(self):
        def broken() -> tuple[bool, str]:
            raise ConnectionError("down")

        health.register_check("test_broken", broken)
        self.addCleanup(health._checks.pop, "test_broken")
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["status"], "unhealthy")
        broken_check = response.json()["checks"]["test_broken"]
        self.assertEqual((broken_check["ok"], broken_check["detail"]), (False, "ConnectionError"))

    def test_healthz_holds_no_data_from_the_records(self):
        text = self.client.get("/healthz").content.decode()
        self.assertNotIn(self.enterprise.name, text)
        self.assertNotIn(self.clerk.username, text)


class JsonLogTests(PeopleTestCase):
    def lines(self, logs) -> list[dict]:
        formatter = JsonFormatter()
        return [json.loads(formatter.format(record)) for record in logs.records]

    def test_each_request_is_one_json_line_with_the_user_id_and_no_query_string(self):
        self.client.force_login(self.clerk)
        with self.assertLogs("ipcounty.request", level="INFO") as logs:
            self.client.get("/portfolio/reminders/", {"q": "370602199001011234"})
        (line,) = self.lines(logs)
        self.assertEqual(line["path"], "/portfolio/reminders/")
        self.assertEqual(line["status"], 200)
        self.assertEqual(line["user_id"], self.clerk.pk)
        self.assertEqual(line["method"], "GET")
        self.assertNotIn("370602199001011234", json.dumps(line))

    def test_a_log_in_never_writes_the_password(self):
        with self.assertLogs("ipcounty.request", level="INFO") as logs:
            self.client.post("/accounts/login/", {"username": self.clerk.username, "password": PASSWORD})
        self.assertNotIn(PASSWORD, json.dumps(self.lines(logs)))

    def test_id_and_phone_numbers_and_secrets_in_a_message_are_masked(self):
        record = logging.LogRecord(
            "x", logging.WARNING, __file__, 1, "person %s phone %s", ("370602199001011234", "13812345678"), None
        )
        record.password = "hunter2"
        line = JsonFormatter().format(record)
        self.assertNotIn("370602199001011234", line)
        self.assertNotIn("13812345678", line)
        self.assertNotIn("hunter2", line)
        self.assertIn("370602********1234", line)
        self.assertEqual(json.loads(line)["password"], "[hidden]")


class JobLogAndWorkerHealthTests(PeopleTestCase):
    def test_each_job_writes_one_json_line_with_its_outcome_and_user(self):
        from core import jobs

        with self.assertLogs("ipcounty.jobs", level="INFO") as logs:
            run = jobs.submit("core.ping", "ping:log-test", {"user_id": self.clerk.pk})
        run.refresh_from_db()
        (line,) = [json.loads(JsonFormatter().format(r)) for r in logs.records]
        self.assertEqual((line["job"], line["status"], line["user_id"]), ("core.ping", run.status, self.clerk.pk))
        self.assertIn("ms", line)

    def test_healthz_says_the_worker_is_down_until_it_beats(self):
        from core import jobs

        body = self.client.get("/healthz").json()
        self.assertFalse(body["checks"]["task_worker"]["ok"])
        jobs.beat()
        body = self.client.get("/healthz").json()
        self.assertTrue(body["checks"]["task_worker"]["ok"], body)
