"""The criminal thresholds under 法释〔2025〕5号 (最高人民法院 最高人民检察院关于办理侵犯知识产权刑事案件
适用法律若干问题的解释, in force 2025-04-26) as a new dated version; the 2010 rows (立案追诉标准（二）)
end on 2025-04-25 and still answer for cases whose facts predate it. Only figures read in
reproductions of the text or its commentaries are shipped; docs/rules.md says where each was read
and what was not found (the label offence, counterfeiting patents and copyright)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

OLD_FROM = dt.date(2010, 5, 7)
NEW_FROM = dt.date(2025, 4, 26)
OLD_TO = dt.date(2025, 4, 25)

INTERP = "《最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件适用法律若干问题的解释》（法释〔2025〕5号）"
BASIS_70 = "《最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》第七十条"

URL_213 = "http://www.chenweisong.com/4166.html"
URL_214 = "https://m.maxlaw.cn/n/20250910/11499568047390.shtml"
URL_218 = "http://www.xiaoyaolawyer.com/falv-show.php?c=3&id=1913"
URL_70 = "http://dfrtw.com/shangbiaozhuanrang/100818.html"

NOTE_213 = (
    "假冒注册商标（商品）：违法所得数额三万元以上或者非法经营数额五万元以上；假冒两种以上注册商标，违法所得"
    "二万元以上或者非法经营三万元以上；二年内因此受过刑事处罚或者行政处罚后再次实施，违法所得二万元以上或者"
    "非法经营三万元以上。Read in a lawyer's summary of the 2025 standard (chenweisong.com, 2025-12-30); the "
    "first two items equal the 2010 figures, and the 2025 press release (Xinhua, 2025-04-24, "
    "https://reportify.cn/news/1112877240397467648) names no change for this offence besides the lower "
    "figures after a punishment within two years. Article number (第三条) inferred from the commentaries' "
    "numbering, not read. For services the text gives other figures (违法所得五万元…), not modelled."
)
NOTE_214 = (
    "销售明知是假冒注册商标的商品，违法所得数额三万元以上，或者销售金额五万元以上；尚未销售，货值金额十五万元"
    "以上，或者已销售金额与尚未销售的货值金额合计十五万元以上的，以犯罪未遂论（第五条，第三款）. Read in one "
    "commentary (maxlaw.cn, 2025-09-10); the sales and unsold figures equal the 2010 standard's art. 70. "
    "The figures after a punishment within two years were not found and are not shipped."
)
NOTE_218 = (
    "销售侵权复制品，违法所得数额在五万元以上的，应当认定为“违法所得数额巨大”；其他严重情节：销售金额十万元"
    "以上；二年内因实施刑法第二百一十七条、第二百一十八条规定的行为受过刑事处罚或者行政处罚后再次实施，违法"
    "所得三万元以上或者销售金额五万元以上；销售复制件数量合计一千份（张）以上；尚未销售的货值金额或者数量达到"
    "上述标准三倍以上，或者与已销售的合计达到三倍以上. Read in a reproduction of the article "
    "(xiaoyaolawyer.com, 2025-06-09); the 50,000 yuan (lowered from 100,000) is also in the Xinhua release "
    "of 2025-04-24 (https://reportify.cn/news/1112877240397467648). Article number not read. The attempt "
    "row is three times the sales figure (300,000 yuan); three times the copies is not modelled."
)
NOTE_70 = (
    "（二）尚未销售，货值金额在十五万元以上的；（三）销售金额不满五万元，但已销售金额与尚未销售的货值金额合计"
    "在十五万元以上的. Read in reproductions of art. 70 (dfrtw.com; also https://m.fazhiji.com/falvguwen/"
    "falv/5nzeqv.html)."
)

B213 = f"{INTERP}第三条（条号未核）；刑法第二百一十三条"
B214 = f"{INTERP}第五条；刑法第二百一十四条"
B218 = f"{INTERP}（条号未核）；刑法第二百一十八条"

# offence, min_marks, measure, amount, repeat_within_years, basis, url, note
NEW_ROWS = [
    ("counterfeit_mark", 1, "illegal_gain", "30000", None, B213, URL_213, NOTE_213),
    ("counterfeit_mark", 1, "business_volume", "50000", None, B213, URL_213, NOTE_213),
    ("counterfeit_mark", 2, "illegal_gain", "20000", None, B213, URL_213, NOTE_213),
    ("counterfeit_mark", 2, "business_volume", "30000", None, B213, URL_213, NOTE_213),
    ("counterfeit_mark", 1, "illegal_gain", "20000", 2, B213, URL_213, NOTE_213),
    ("counterfeit_mark", 1, "business_volume", "30000", 2, B213, URL_213, NOTE_213),
    ("selling_counterfeits", 1, "illegal_gain", "30000", None, B214, URL_214, NOTE_214),
    ("selling_counterfeits", 1, "sales_amount", "50000", None, B214, URL_214, NOTE_214),
    ("selling_counterfeits", 1, "sales_and_unsold", "150000", None, B214, URL_214, NOTE_214),
    ("selling_copies", 1, "illegal_gain", "50000", None, B218, URL_218, NOTE_218),
    ("selling_copies", 1, "sales_amount", "100000", None, B218, URL_218, NOTE_218),
    ("selling_copies", 1, "illegal_gain", "30000", 2, B218, URL_218, NOTE_218),
    ("selling_copies", 1, "sales_amount", "50000", 2, B218, URL_218, NOTE_218),
    ("selling_copies", 1, "copy_count", "1000", None, B218, URL_218, NOTE_218),
    ("selling_copies", 1, "sales_and_unsold", "300000", None, B218, URL_218, NOTE_218),
]


def load(apps, schema_editor):
    threshold = apps.get_model("protection", "CriminalThreshold")
    # The 2010 standard also counts unsold goods for selling counterfeits (art. 70 items 2 and 3).
    threshold.objects.get_or_create(
        offence="selling_counterfeits",
        min_marks=1,
        measure="sales_and_unsold",
        repeat_within_years=None,
        effective_from=OLD_FROM,
        defaults={"amount": Decimal("150000"), "basis": BASIS_70, "source_url": URL_70, "note": NOTE_70},
    )
    # The 2010 rows end the day before the 2025 interpretation takes effect.
    threshold.objects.filter(effective_from__lt=NEW_FROM, effective_to__isnull=True).update(effective_to=OLD_TO)
    for offence, marks, measure, amount, repeat, basis, url, note in NEW_ROWS:
        threshold.objects.get_or_create(
            offence=offence,
            min_marks=marks,
            measure=measure,
            repeat_within_years=repeat,
            effective_from=NEW_FROM,
            defaults={"amount": Decimal(amount), "basis": basis, "source_url": url, "note": note},
        )


def unload(apps, schema_editor):
    threshold = apps.get_model("protection", "CriminalThreshold")
    threshold.objects.filter(effective_from=NEW_FROM).delete()
    threshold.objects.filter(effective_from=OLD_FROM, measure="sales_and_unsold").delete()
    threshold.objects.filter(effective_from__lt=NEW_FROM, effective_to=OLD_TO).update(effective_to=None)


class Migration(migrations.Migration):
    dependencies = [("protection", "0007_case_facts_and_threshold_kinds")]
    operations = [migrations.RunPython(load, unload)]
