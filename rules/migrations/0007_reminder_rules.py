"""The limits the reminders that reach people (the ``notifications`` app) read, with their sources.

- ``portfolio.restoration_request``: a right lost by a missed time limit (an annuity unpaid at
  the end of its grace) may be restored on request within 2 months of receiving the CNIPA's
  notice (专利法实施细则, 2010 revision, art. 6 para. 2), read in a reproduction of the text
  (``source_url``); as with ``portfolio.annuity_grace``, the article's number in the 2023
  revision was not checked.
- ``portfolio.office_lapse_alert``: the office is alerted this many days before a key right
  (a high-value invention patent, a pledged patent, a protected mark) lapses: the district's own
  working rule.

Same row shape as 0002; the test conftest reloads these after every flush.
"""

import datetime as dt
from importlib import import_module

from django.db import migrations

SHIPPED = import_module("rules.migrations.0002_rules_in_use")
limit = SHIPPED.limit

RESTORATION_URL = "https://ip.66law.cn/zs/128760.html"
RESTORATION = (
    "除前款规定的情形外，当事人因其他正当理由延误专利法或者本细则规定的期限或者国务院专利行政部门指定的期限，导致其权利丧失的，"
    "可以自收到国务院专利行政部门的通知之日起2个月内向国务院专利行政部门请求恢复权利。2023年修订后的条文序号未核对。"
)

RULES = [
    ("portfolio.restoration_request", "portfolio", {"amount": 2, "unit": "months"}, dt.date(2010, 2, 1),
     "regulation", SHIPPED.PATENT_RULES, "2010年修订", "第六条第二款", RESTORATION_URL, True, RESTORATION),
    ("portfolio.office_lapse_alert", "portfolio", limit(60, "days"), dt.date(2026, 1, 1), "district",
     "区知识产权工作规则", "", "", "", True,
     "高价值发明专利、已质押专利、受保护商标失效前提醒区知识产权局的天数，本区工作规则。"),
]


def load(apps, schema_editor):
    SHIPPED.load(apps, schema_editor, rules=RULES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0006_trademark_opposition")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
