"""The opposition period of a preliminarily approved trademark (from 2001-12-01, the 2001
revision's art. 30, then from 2014-05-01 art. 33) and the five years of an
invalidation on relative grounds, with their sources.

商标法 (2013 revision, in force 2014-05-01 and unchanged in this in the 2019 revision) art. 33:
opposition within three months from the publication; art. 45 para. 1: invalidation on relative
grounds within five years from registration. How the three months are counted is 商标法实施条例
(2014) art. 12 (start day not counted; the corresponding day of the last month; a holiday end
moves to the next working day), which ``similarity.opposition`` applies. Same row shape as 0002;
the test conftest reloads these after every flush.
"""

import datetime as dt
from importlib import import_module

from django.db import migrations

SHIPPED = import_module("rules.migrations.0002_rules_in_use")
limit = SHIPPED.limit

TRADEMARK_LAW = SHIPPED.TRADEMARK_LAW
ART_33_URL = "https://flzsb.com/zhishichanquan/shangbiao/d506gw.html"
ART_30_2001_URL = "http://crsrw.com/zhishichanquanbaohu/85653.html"
ART_45_URL = "http://www.yingyonglm.com/2021/sbzcwt_1217/6591.html"
ART_12 = (
    "期限按《中华人民共和国商标法实施条例》第十二条计算：期限开始的当日不计算在期限内；期限以月计算的，以期限最后一月的相应日为"
    "期限届满日，该月无相应日的，以该月最后一日为期限届满日；期限届满日是节假日的，以节假日后的第一个工作日为期限届满日"
    "（条文见商标局《商标业务期限计算规定》转载：http://hkfhsc.com/news-info-3786.html）。"
)

RULES = [
    # The 2001 revision (in force 2001-12-01) had the same three months in its art. 30; the
    # counting rule of the Implementing Regulations art. 12 came only in 2014, so a window of
    # that time may differ by a day from what the office then counted (long closed in any case).
    (
        "portfolio.trademark_opposition_period",
        "portfolio",
        limit(3, "months"),
        dt.date(2001, 12, 1),
        "law",
        TRADEMARK_LAW + "（2001年修正）",
        "",
        "第三十条",
        ART_30_2001_URL,
        True,
        "对初步审定的商标，自公告之日起三个月内，任何人均可以提出异议。公告期满无异议的，予以核准注册，发给商标注册证，并予公告。",
    ),
    (
        "portfolio.trademark_opposition_period",
        "portfolio",
        limit(3, "months"),
        dt.date(2014, 5, 1),
        "law",
        TRADEMARK_LAW,
        "",
        "第三十三条",
        ART_33_URL,
        True,
        "对初步审定公告的商标，自公告之日起三个月内，在先权利人、利害关系人或者任何人（按异议理由）可以向商标局提出异议。"
        + ART_12,
    ),
    (
        "portfolio.trademark_invalidation_relative",
        "portfolio",
        {"amount": 5, "unit": "years"},
        dt.date(2014, 5, 1),
        "law",
        TRADEMARK_LAW,
        "",
        "第四十五条第一款",
        ART_45_URL,
        True,
        "已经注册的商标，违反本法第十三条第二款和第三款、第十五条、第十六条第一款、第三十条、第三十一条、第三十二条规定的，"
        "自商标注册之日起五年内，在先权利人或者利害关系人可以请求商标评审委员会宣告该注册商标无效。"
        "对恶意注册的，驰名商标所有人不受五年的时间限制。",
    ),
]


def load(apps, schema_editor):
    SHIPPED.load(apps, schema_editor, rules=RULES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0005_police_answer_latest")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
