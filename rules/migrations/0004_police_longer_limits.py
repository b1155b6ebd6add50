"""The police's longer limits for deciding on a transferred economic crime, with their source.

关于公安机关办理经济犯罪案件的若干规定 (最高人民检察院、公安部, 公通字〔2017〕25号, in force
2018-01-01), art. 16; read in a reproduction of the full text (``source_url``). Same row shape as
0002; the test conftest reloads these after every flush.
"""

import datetime as dt
from importlib import import_module

from django.db import migrations

SHIPPED = import_module("rules.migrations.0002_rules_in_use")
limit = SHIPPED.limit

ECONOMIC = "《最高人民检察院 公安部关于公安机关办理经济犯罪案件的若干规定》"
ECONOMIC_NO = "公通字〔2017〕25号（2018年1月1日起施行）"
ECONOMIC_URL = "https://191i.com/i/1545029207750729307.html"
ARTICLE_16 = (
    "公安机关接受行政执法机关移送的涉嫌经济犯罪案件后，移送材料符合相关规定的，应当在三日以内进行审查并决定是否立案，"
    "至迟应当在十日以内作出决定。案情重大、疑难、复杂或者跨区域性的，经县级以上公安机关负责人批准，应当在三十日以内"
    "决定是否立案。情况特殊的，经上一级公安机关负责人批准，可以再延长三十日作出决定。"
)


RULES = [
    ("protection.police_answer_complex", "protection", limit(30, "days"), dt.date(2018, 1, 1), "normative",
     ECONOMIC, ECONOMIC_NO, "第十六条", ECONOMIC_URL, True,
     ARTICLE_16 + "（本条：案情重大、疑难、复杂或者跨区域性的，自接受移送起三十日以内决定。）"),
    ("protection.police_answer_special", "protection", limit(30, "days"), dt.date(2018, 1, 1), "normative",
     ECONOMIC, ECONOMIC_NO, "第十六条", ECONOMIC_URL, True,
     ARTICLE_16 + "（本条：情况特殊的，在三十日之外再延长三十日。）"),
]


OLD_NOTE_TAIL = "公安机关对复杂、重大案件的更长期限按其自己的规定，未收入本表（见 docs/rules.md）。"
NEW_NOTE_TAIL = "案情重大、疑难、复杂或者跨区域性的，公安机关的更长期限见 protection.police_answer_complex 与 protection.police_answer_special。"


def load(apps, schema_editor):
    SHIPPED.load(apps, schema_editor, rules=RULES)
    # The 3-day rule's note said the longer limits were not in the table; now they are.
    Rule = apps.get_model("rules", "Rule")
    for rule in Rule.objects.filter(key="protection.police_answer", note__contains=OLD_NOTE_TAIL):
        rule.note = rule.note.replace(OLD_NOTE_TAIL, NEW_NOTE_TAIL)
        rule.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [("rules", "0003_landscape_domain")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
