"""The police's outer limit for an ordinary transferred case: 公通字〔2017〕25号 art. 16 — 应当在三日
以内进行审查并决定是否立案，至迟应当在十日以内作出决定. The 3 days (the State Council's regulation
and the same article) stay the limit the clock flags; the 10 days are the latest day the answer may
come. Read in three reproductions of the article (``source_url`` and docs/rules.md). Same row shape
as 0002; the test conftest reloads it after every flush.
"""

import datetime as dt
from importlib import import_module

from django.db import migrations

SHIPPED = import_module("rules.migrations.0002_rules_in_use")
LONGER = import_module("rules.migrations.0004_police_longer_limits")

RULES = [
    (
        "protection.police_answer_latest",
        "protection",
        SHIPPED.limit(10, "days"),
        dt.date(2018, 1, 1),
        "normative",
        LONGER.ECONOMIC,
        LONGER.ECONOMIC_NO,
        "第十六条",
        LONGER.ECONOMIC_URL,
        True,
        LONGER.ARTICLE_16 + "（本条：一般移送案件，三日以内审查决定，至迟自接受移送起十日以内作出决定。"
        "又见 http://www.jianbiaoku.com/webarbs/book/165010/4717552.shtml 、http://buzi.cc/news/64d279883.html。）",
    ),
]


def load(apps, schema_editor):
    SHIPPED.load(apps, schema_editor, rules=RULES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0004_police_longer_limits")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
