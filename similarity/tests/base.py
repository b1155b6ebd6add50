"""A test base with a fresh trademark index directory per test (the index is a directory on
disk, outside the database transaction every test rolls back)."""

from __future__ import annotations

import shutil
import tempfile

from django.test import override_settings

from core.tests.people import PeopleTestCase
from portfolio import actions as portfolio_actions
from similarity import index, logos


class IndexedTestCase(PeopleTestCase):
    def setUp(self) -> None:
        super().setUp()
        directory = tempfile.mkdtemp(prefix="ipcounty-index-")
        self.addCleanup(shutil.rmtree, directory, True)
        self.enterContext(override_settings(SIMILARITY_INDEX_DIR=directory))
        self.addCleanup(index.forget_open_indexes)
        logos.forget()
        self.addCleanup(logos.forget)

    @staticmethod
    def add_mark(owner, number: str, text: str, groups: list[str], **fields):
        values = {"filing_date": "2020-01-01", "status": "applied", **fields}
        return portfolio_actions.add_trademark(
            actor=None, number=number, owner=owner, groups=groups, mark_text=text, **values
        )


def corpus_csv(rows: list[list[str]], header: list[str] | None = None, encoding: str = "utf-8") -> bytes:
    header = header or ["注册号/申请号", "商标", "申请人/权利人", "国际分类", "类似群", "申请日", "商标状态"]
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)
