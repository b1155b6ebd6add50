"""Every page the demo's people open reads as the office's Chinese: no English msgid left
untranslated, no raw action code (``patent.update``), no Python dict or UTC stamp from the audit
trail, and no file path (``docs/…``, ``manage.py``) put in front of a user.

The pages are found as a person finds them: from the home page, each link, then the first links
of each page reached (a breadth-first walk with a budget per person), in the demo district."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.conf import settings
from django.test import TestCase

from audit.display import ACTIONS, WORKFLOWS
from core.tests.demo_world import DemoWorldMixin

PEOPLE = ("clerk", "leader", "enforcer", "leadership", "ent_manager", "bank_officer", "valuer", "mediator", "police",
          "court")  # fmt: skip
PAGES_PER_PERSON = 80
# Links a walk must not take: they change things, leave the pages, or download files (audited).
# A filter (``?street=…``) shows the same page again, so the walk spends its budget elsewhere.
SKIP = re.compile(
    r"^/(api/|static/|media/|i18n/|accounts/logout|admin/)|/(download|export)|\?|\.(pdf|xlsx|csv|png)$|/evidence/"
)
_PREFIXES = sorted({code.split(".")[0] for code in ACTIONS} | {prefix.rstrip(".") for prefix in WORKFLOWS})
RAW_ACTION = re.compile(rf"\b(?:{'|'.join(_PREFIXES)})\.[a-z_]+\b")
PATH = re.compile(r"\b(?:docs|refdata|core|templates|static|scripts|var)/[\w./-]+|\bmanage\.py\b|\b[\w-]+\.md\b")
PYTHON_DICT = re.compile(r"\{['\"][a-z_]+['\"]: ")
UTC_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\+00:00")
# English prose: three or more English words and not one Chinese character. A string that never
# reached the catalogue (so the msgid check cannot know it) still shows up this way.
ENGLISH_PROSE = re.compile(r"^(?!.*[\u3400-\u9fff])(?=(?:.*\b[A-Za-z]{2,}\b){3}).*[a-z]{2}.*$")


class VisibleText(HTMLParser):
    """The text a person sees: text nodes and the placeholders, titles and labels of controls;
    never scripts, styles, attribute names or link targets. Text inside ``<code>`` is kept apart
    in ``code``: a page marks that way what is technical on purpose (a rule's key and JSON value
    that the head edits, a file's SHA-256)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.code: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._in_code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        if tag == "code":
            self._in_code += 1
        values = dict(attrs)
        for name in ("placeholder", "title", "aria-label"):
            if values.get(name):
                self.texts.append(values[name] or "")
        if tag == "a" and (values.get("href") or "").startswith("/"):
            self.links.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1
        if tag == "code" and self._in_code:
            self._in_code -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            (self.code if self._in_code else self.texts).append(" ".join(data.split()))


def untranslated_msgids() -> set[str]:
    """The English msgids whose Chinese differs: one of them as a whole text on a Chinese page
    is a string that missed ``{% translate %}`` or ``gettext``."""
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    return {
        entry.msgid
        for entry in catalogue.translated_entries()
        if not entry.msgid_plural and entry.msgstr != entry.msgid and re.search("[a-z]{3}", entry.msgid)
    }


class WordsOnPagesTests(DemoWorldMixin, TestCase):
    def walk(self, username: str) -> dict[str, VisibleText]:
        """GET the pages a person reaches from home; each page's visible texts by its path."""
        self.client.force_login(self.demo[username])
        seen: dict[str, VisibleText] = {}
        queue = deque(["/"])
        menu: set[str] = set()
        while queue and len(seen) < PAGES_PER_PERSON:
            path = queue.popleft()
            if path in seen or SKIP.search(path):
                continue
            response = self.client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
            seen[path] = VisibleText()
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            parser = seen[path]
            parser.feed(response.content.decode())
            # Home gives the menu; every other page gives its first few links that are not the
            # menu's (its rows: the detail pages, where the history is).
            if path == "/":
                menu = set(parser.links)
                queue.extend(dict.fromkeys(parser.links))
            else:
                fresh = [link for link in dict.fromkeys(parser.links) if link not in menu and link not in seen]
                queue.extend(fresh[:5])
        return seen

    def test_the_demo_people_see_chinese_words_action_names_and_no_paths(self):
        # A user name is data, even when it is an English word that is also a msgid ("mediator").
        msgids = untranslated_msgids() - set(self.demo)
        problems: list[str] = []
        pages = 0
        for username in PEOPLE:
            for path, page in self.walk(username).items():
                pages += 1
                problems += [f"{username} {path}: path: {text[:80]}" for text in page.code if PATH.search(text)]
                for text in page.texts:
                    for what, found in (
                        ("untranslated", text if text in msgids else None),
                        # The landscape shows outside patents as published (English titles and
                        # applicants); WIPO's field names are translated (refdata.techfields).
                        ("english", None if path.startswith("/landscape/") else ENGLISH_PROSE.search(text)),
                        ("action code", RAW_ACTION.search(text)),
                        ("path", PATH.search(text)),
                        ("python dict", PYTHON_DICT.search(text)),
                        ("utc stamp", UTC_STAMP.search(text)),
                    ):
                        if found:
                            problems.append(f"{username} {path}: {what}: {text[:80]}")
        self.assertGreater(pages, 150)
        self.maxDiff = None
        self.assertEqual(sorted(set(problems)), [])

    def test_the_language_switch_names_each_language_in_itself(self):
        self.client.force_login(self.demo["clerk"])
        response = self.client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        self.assertContains(response, ">English</option>")
        self.assertContains(response, ">简体中文</option>")
        self.assertNotContains(response, "英语")

    def test_the_checks_catch_what_they_look_for(self):
        """The detectors themselves: each finds its kind of leak in a sample page."""
        parser = VisibleText()
        parser.feed(
            '<p>patent.update</p><p>See docs/value-score.md</p><td>{"title": "x"}</td>'
            "<td>2025-03-01T02:00:00+00:00</td>"
            '<script>var a = "case.lead";</script><a href="/docs/x.md">链接</a><input placeholder="reason (required)">'
            "<code>rule.key</code>"
        )
        self.assertEqual(
            parser.texts,
            ["patent.update", "See docs/value-score.md", '{"title": "x"}', "2025-03-01T02:00:00+00:00", "链接",
             "reason (required)"],
        )  # fmt: skip
        self.assertTrue(RAW_ACTION.search(parser.texts[0]))
        self.assertTrue(PATH.search(parser.texts[1]))
        self.assertTrue(PYTHON_DICT.search(parser.texts[2]))
        self.assertTrue(UTC_STAMP.search(parser.texts[3]))
        self.assertTrue(ENGLISH_PROSE.search("Give the reason for declining."))
        self.assertFalse(ENGLISH_PROSE.search("Bob Ltd"))
        self.assertFalse(ENGLISH_PROSE.search("评分 = 100 × points of the known"))
        self.assertIn("reason (required)", untranslated_msgids())
        self.assertEqual(parser.links, ["/docs/x.md"])
        self.assertEqual(parser.code, ["rule.key"])
