"""The criminal thresholds for transfers to the police as the office starts with them
(立案追诉标准（二）, arts. 69 and 70); the head of the office keeps them up to date on a page."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

BASIS_69 = "《最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》第六十九条"
BASIS_70 = "《最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》第七十条"
FROM = dt.date(2010, 5, 7)
ROWS = [
    ("counterfeit_mark", 1, "business_volume", "50000", BASIS_69),
    ("counterfeit_mark", 1, "illegal_gain", "30000", BASIS_69),
    ("counterfeit_mark", 2, "business_volume", "30000", BASIS_69),
    ("counterfeit_mark", 2, "illegal_gain", "20000", BASIS_69),
    ("selling_counterfeits", 1, "business_volume", "50000", BASIS_70),
]


def load(apps, schema_editor):
    threshold = apps.get_model("protection", "CriminalThreshold")
    for offence, marks, measure, amount, basis in ROWS:
        threshold.objects.get_or_create(
            offence=offence,
            min_marks=marks,
            measure=measure,
            effective_from=FROM,
            defaults={"amount": Decimal(amount), "basis": basis},
        )


class Migration(migrations.Migration):
    dependencies = [("protection", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
