"""The patent annuity fee schedule, the fee reductions and the late-payment surcharge (issue 16,
for the annuity reminders of issue 19), each with the page its text was read on.

How far each was verified (docs/rules.md, "Patent fees"):

- ``portfolio.annuity_invention`` / ``_utility_model`` / ``_design``: the CNIPA's annuity
  rows (yuan per year, by band of patent years). The official notice's text was **not** read
  (the NDRC/MoF notice re-issuing the CNIPA's fees was not found in any readable copy); the
  figures were read in several independent secondary pages that agree (``note`` lists them),
  so the rows are marked *not verified*. The version starts on 2018-08-01: the earliest
  dated page read that states all three tables is a table "国内专利收费标准（2018年08月01日实施）";
  older pages show the same figures, but the day the schedule took effect was not read, and an
  older due date shows no amount rather than a guessed one.
- ``portfolio.annuity_design_extended``: designs' years 11–15 (terms of 15 years, Patent Law
  2020 art. 42, for designs filed from 2021-06-01): 3,000 yuan a year, 发改价格〔2022〕465号
  item 1, read in a reproduction of the notice; in force from 2022-05-05 (a second page's
  report of the notice).
- ``portfolio.fee_reduction``: 《专利收费减缴办法》 财税〔2016〕78号 (from 2016-09-01): 85 % for a
  single qualifying person or unit, 70 % for co-owners who each qualify, on the annuities of
  the first 6 years from the grant year (arts. 2–4); 财税〔2018〕37号 item 3 (from 2018-08-01):
  the first 10 years; 财税〔2019〕45号 (from 2019-07-01): the income ceilings raised.
- ``portfolio.annuity_late_fee``: 专利法实施细则 (2010) art. 98, 5 % of the full annuity for
  each month late beyond the first; bands read in several secondary pages that agree.

- ``portfolio.restoration_fee``: 恢复权利请求费 1,000 yuan, not reduced: the same 2018-08-01
  table and an older fee list agree; official text not read (*not verified*).
Same row shape as 0002; the test conftest reloads these after every flush.
"""

import datetime as dt
from importlib import import_module

from django.db import migrations

SHIPPED = import_module("rules.migrations.0002_rules_in_use")
D = dt.date

SCHEDULE = "国家知识产权局专利收费标准（年费）"
SCHEDULE_URL = "http://m.meiqi88.com/baike/show.php?itemid=205"
SCHEDULE_NOTE = (
    "年费标准（元/年）。官方收费文件原文未读到（国家发展改革委、财政部核定国家知识产权局收费标准的通知未找到可读文本），"
    "以下多个相互独立的二手页面所载数额一致：http://m.meiqi88.com/baike/show.php?itemid=205（“2018年最新国家知识产权局"
    "国内专利收费标准（2018年08月01日实施）”，发布于2018-08-01，三类专利年费及费减后数额）、"
    "http://www.ybtelecom.cn/xinxi/ckedmxk.html（2023-12-16）、https://vikecn.com/baike/14993.html（发明专利）、"
    "https://flbkb.com/falvwen/falv/v4ngnn.html（三类专利）、http://m.6065bob.com/changshi/848022.html"
    "（三类专利，2025-12-25）、https://faniuwenda.com/changshi/7879.html（发明专利）。"
    "生效日期未读到：本版本自所见最早注明日期的收费表（2018-08-01实施）起，更早的年费不由本规则计算。"
)
INVENTION = {"bands": [[1, 3, "900"], [4, 6, "1200"], [7, 9, "2000"], [10, 12, "4000"], [13, 15, "6000"],
                       [16, 20, "8000"]]}  # fmt: skip
UTILITY_OR_DESIGN = {"bands": [[1, 3, "600"], [4, 5, "900"], [6, 8, "1200"], [9, 10, "2000"]]}

DESIGN_EXTENDED_URL = "http://www.corepress.com.cn/html/report/22015350-1.htm"
DESIGN_EXTENDED_NOTE = (
    "“一、外观设计专利第11—15年年费标准为每年3000元。”（原因：外观设计专利权期限由10年延长为15年，"
    "专利法2020年修正第四十二条，2021年6月1日施行。）通知全文见于转载页面（所注日期2022-04-01）；"
    "“该规定自2022年5月5日起执行”读于 http://yyyayy.com/a/20220331/2022033167g6.html（贸促会港专公司转发）。"
)

REDUCTION = "《专利收费减缴办法》"
REDUCTION_NO = "财税〔2016〕78号"
REDUCTION_URL = "https://www.xuexi88.com/zhishi/64960.html"
CONDITIONS_2016 = (
    "（一）上年度月均收入低于3500元（年4.2万元）的个人；（二）上年度企业应纳税所得额低于30万元的企业；"
    "（三）事业单位、社会团体、非营利性科研机构。两个或者两个以上的个人或者单位为共同专利申请人或者共有专利权人的，"
    "应当分别符合前款规定。"
)
CONDITIONS_2019 = (
    "（一）上年度月均收入低于5000元（年6万元）的个人；（二）上年度企业应纳税所得额低于100万元的企业；"
    "（三）事业单位、社会团体、非营利性科研机构。两个或者两个以上的个人或者单位为共同专利申请人或者共有专利权人的，"
    "应当分别符合前款规定。"
)


def reduction(years, conditions):
    return {"single_percent": "85", "joint_percent": "70", "annuity_years_from_grant": years,
            "conditions": conditions}  # fmt: skip


REDUCTION_2016_NOTE = (
    "第二条：可以请求减缴年费（自授予专利权当年起六年内的年费）；第三条：条件见value；第四条：专利申请人或者专利权人为个人"
    "或者单位的，减缴第二条规定收费的85%；两个或者两个以上的个人或者单位为共同专利申请人或者共有专利权人的，减缴70%。"
    "第三、四条读于 https://www.xuexi88.com/zhishi/64960.html，第二、三条读于 http://gxypx.cn/n1237678.htm；"
    "2016年9月1日起施行读于财政部发布消息的转载 http://www.specbsh.com/newsshow.php?Id=3651&SortID=69。"
)
REDUCTION_2018_URL = "http://puyuecs.com/shuishouzhengguanfa/2018/04-19/15586.html"
REDUCTION_2018_NOTE = (
    "《财政部 国家发展改革委关于停征、免征和调整部分行政事业性收费有关政策的通知》第三条：“自2018年8月1日起……"
    "对符合条件的申请人，专利年费的减缴期限由自授予专利权当年起6年内，延长至10年内”。通知全文读于转载页面。"
    "减缴比例（85%/70%）不变。所见转载未载标题，标题按正文首句（“现就停征、免征和调整部分行政事业性收费有关政策通知如下”）拟出。"
)
REDUCTION_2019_URL = "http://cnipr.com/sj/zc/zcfb/201906/t20190610_232992.html"
REDUCTION_2019_NOTE = (
    "《财政部 国家发展改革委关于减免部分行政事业性收费有关政策的通知》：将财税〔2016〕78号第三条的条件由上年度月均收入低于"
    "3500元（年4.2万元）的个人调整为低于5000元（年6万元）的个人，由上年度企业应纳税所得额低于30万元的企业调整为低于100万元的"
    "企业，自2019年7月1日起执行。读于中国知识产权网转载 http://cnipr.com/sj/zc/zcfb/201906/t20190610_232992.html；"
    "文号读于 http://www.yanxintax.com/news_d.asp?id=65；另见 http://news.qyzyw.com/article/1237。"
)

LATE_FEE_URL = "http://oiptkx.com/fjzl/5572.html"
LATE_FEE_NOTE = (
    "第九十八条：“……自应当缴纳年费期满之日起6个月内补缴，同时缴纳滞纳金；滞纳金的金额按照每超过规定的缴费时间1个月，"
    "加收当年全额年费的5%计算”（条文读于 http://oiptkx.com/fjzl/5572.html 与 http://www.pppfeuiej.cn/ba/zxhmdfqf.html）。"
    "分段：超过期限不足1个月不缴；超过1个月至2个月（含）5%；2至3个月10%；3至4个月15%；4至5个月20%；5至6个月25%；"
    "以全额年费（非费减后数额）计：多个二手页面一致（http://m.ljsggw.cn/falvzhishi/2fd61bf739e6f6517a848ca27476e106.html、"
    "http://www.lucbrebion.com/Infopatent/1116.html、https://m.trustexporter.com/cz12741924.htm、"
    "http://rrxxw.com/fenlei/shenghuo/2023/04/20/532040.html）。2023年修订后的条文序号未核对。"
)

RESTORATION_FEE_NOTE = (
    "恢复权利请求费1000元，不予费减：见于“2018年最新国家知识产权局国内专利收费标准（2018年08月01日实施）”"
    "（http://m.meiqi88.com/baike/show.php?itemid=205）；较早的收费清单 https://faniuwenda.com/changshi/7879.html "
    "所载数额相同。官方收费文件原文未读到。"
)

RULES = [
    ("portfolio.annuity_invention", "portfolio", INVENTION, D(2018, 8, 1), "normative", SCHEDULE, "",
     "发明专利年费", SCHEDULE_URL, False, SCHEDULE_NOTE),
    ("portfolio.annuity_utility_model", "portfolio", UTILITY_OR_DESIGN, D(2018, 8, 1), "normative", SCHEDULE, "",
     "实用新型专利年费", SCHEDULE_URL, False, SCHEDULE_NOTE),
    ("portfolio.annuity_design", "portfolio", UTILITY_OR_DESIGN, D(2018, 8, 1), "normative", SCHEDULE, "",
     "外观设计专利年费（第1—10年）", SCHEDULE_URL, False, SCHEDULE_NOTE),
    ("portfolio.annuity_design_extended", "portfolio", {"bands": [[11, 15, "3000"]]}, D(2022, 5, 5), "normative",
     "《国家发展改革委 财政部关于外观设计专利年费、单独指定费标准有关问题的通知》", "发改价格〔2022〕465号", "第一条",
     DESIGN_EXTENDED_URL, True, DESIGN_EXTENDED_NOTE),
    ("portfolio.fee_reduction", "portfolio", reduction(6, CONDITIONS_2016), D(2016, 9, 1), "normative", REDUCTION,
     REDUCTION_NO, "第二条至第四条", REDUCTION_URL, True, REDUCTION_2016_NOTE),
    ("portfolio.fee_reduction", "portfolio", reduction(10, CONDITIONS_2016), D(2018, 8, 1), "normative",
     "《财政部 国家发展改革委关于停征、免征和调整部分行政事业性收费有关政策的通知》", "财税〔2018〕37号", "第三条",
     REDUCTION_2018_URL, True, REDUCTION_2018_NOTE),
    ("portfolio.fee_reduction", "portfolio", reduction(10, CONDITIONS_2019), D(2019, 7, 1), "normative",
     "《财政部 国家发展改革委关于减免部分行政事业性收费有关政策的通知》", "财税〔2019〕45号", "调整专利收费减缴条件",
     REDUCTION_2019_URL, True, REDUCTION_2019_NOTE),
    ("portfolio.restoration_fee", "portfolio", {"yuan": "1000", "reducible": False}, D(2018, 8, 1), "normative",
     SCHEDULE, "", "恢复权利请求费", SCHEDULE_URL, False, RESTORATION_FEE_NOTE),
    ("portfolio.annuity_late_fee", "portfolio", {"percent_by_month_late": ["0", "5", "10", "15", "20", "25"],
                                                 "of": "full_annuity"},
     D(2010, 2, 1), "regulation", SHIPPED.PATENT_RULES, "2010年修订", "第九十八条", LATE_FEE_URL, True, LATE_FEE_NOTE),
]  # fmt: skip


def load(apps, schema_editor):
    SHIPPED.load(apps, schema_editor, rules=RULES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0007_reminder_rules")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
