"""The rules the code applied before they became data, each with the text it comes from.

Where the published text was found, ``source_url`` says where it was read; ``verified`` is
False where the value is today's but its source text was not found (docs/rules.md lists them).
"""

import datetime as dt

from django.db import migrations

D = dt.date

TRANSFER = "《行政执法机关移送涉嫌犯罪案件的规定》"
TRANSFER_NO = "国务院令第310号公布，国务院令第730号修订（2020年8月7日）"
TRANSFER_URL = "http://erqi.vip/guixi/xingshifagui/1299.html"
SAMR = "《市场监督管理行政处罚程序规定》"
SAMR_URL = "https://www.np.gov.cn/cms/html/npszf/2022-11-08/1621293728.html"
SAMR_NOTE = "期限的文字见市场监管部门公开的行政处罚流程图；条文序号未在所见文本中核对。"
MEDIATION_LAW = "《中华人民共和国人民调解法》"
MEDIATION_URL = "https://www.daowen.com/book/content/235878214/3352260.html"
CONFIRMATION = "《最高人民法院关于人民调解协议司法确认程序的若干规定》"
CONFIRMATION_NO = "法释〔2011〕5号"
CONFIRMATION_URL = "http://www.6065bob.com/fagui/64552.html"
SUBSIDY = "《国家知识产权局关于进一步严格规范专利申请行为的通知》"
SUBSIDY_NO = "国知发保字〔2021〕1号"
SUBSIDY_URL = "http://www.sqskxw.cn/qygj/4141.html"
PATENT_RULES = "《中华人民共和国专利法实施细则》"
TRADEMARK_LAW = "《中华人民共和国商标法》"
TRADEMARK_URL = "http://hunanlong.com/c/3348889.html"


def limit(amount, unit):
    return {"amount": amount, "unit": unit}


RULES = [
    # protection: enforcement cases
    ("protection.filing_decision", "protection", limit(15, "workdays"), D(2019, 7, 1), "departmental", SAMR, "", "",
     SAMR_URL, True, "自发现线索或者收到材料之日起十五个工作日内核查，决定是否立案。" + SAMR_NOTE),
    ("protection.filing_extension", "protection", limit(15, "workdays"), D(2019, 7, 1), "departmental", SAMR, "", "",
     SAMR_URL, True, "特殊情况下经负责人批准可以延长十五个工作日。" + SAMR_NOTE),
    ("protection.case_decision", "protection", limit(90, "days"), D(2019, 7, 1), "departmental", SAMR, "", "",
     SAMR_URL, True, "自立案之日起九十日内作出处理决定；中止、听证、公告和检测、检验、检疫、鉴定等时间不计入。" + SAMR_NOTE),
    ("protection.case_decision_extension", "protection", limit(30, "days"), D(2019, 7, 1), "departmental", SAMR, "",
     "", SAMR_URL, True,
     "经负责人批准可以延长三十日；案情特别复杂，经延期仍不能作出处理决定的，由负责人集体讨论决定是否继续延期，"
     "决定继续延期的，应当同时确定延长的合理期限。" + SAMR_NOTE),
    # protection: transfers to the police
    ("protection.transfer_head_decision", "protection", limit(3, "days"), D(2001, 7, 9), "regulation", TRANSFER,
     TRANSFER_NO, "第五条第二款", TRANSFER_URL, True, "正职负责人或者主持工作的负责人自接到报告之日起3日内作出批准移送或者不批准移送的决定。"),
    ("protection.transfer_sending", "protection", limit(24, "hours"), D(2001, 7, 9), "regulation", TRANSFER,
     TRANSFER_NO, "第五条第二款", TRANSFER_URL, True, "决定批准的，应当在24小时内向同级公安机关移送。"),
    ("protection.police_answer", "protection", limit(3, "days"), D(2001, 7, 9), "regulation", TRANSFER, TRANSFER_NO,
     "第八条", TRANSFER_URL, True,
     "公安机关自接受移送之日起3日内依照有关规定决定是否立案。公安机关对复杂、重大案件的更长期限按其自己的规定，"
     "未收入本表（见 docs/rules.md）。期限文字见转述文本，条文序号未逐字核对。"),
    ("protection.reconsideration_request", "protection", limit(3, "days"), D(2001, 7, 9), "regulation", TRANSFER,
     TRANSFER_NO, "第九条", TRANSFER_URL, True, "对不予立案决定有异议的，可以自接到不予立案通知书之日起3日内提请复议，也可以建议人民检察院依法进行立案监督。"
     "期限文字见转述文本，条文序号未逐字核对。"),
    ("protection.reconsideration_answer", "protection", limit(3, "days"), D(2001, 7, 9), "regulation", TRANSFER,
     TRANSFER_NO, "第九条", TRANSFER_URL, True, "公安机关自收到复议申请之日起3日内作出复议决定。期限文字见转述文本，条文序号未逐字核对。"),
    ("protection.seized_items_handover", "protection", limit(3, "days"), D(2001, 7, 9), "regulation", TRANSFER,
     TRANSFER_NO, "", "https://pfflw.com/guwen/falv/6m52ww.html", True,
     "对公安机关决定立案的案件，应当自接到立案通知书之日起3日内将涉案物品以及与案件有关的其他材料移交公安机关，"
     "并办结交接手续；法律、行政法规另有规定的，依照其规定。文字见转述文本，条文序号未核对。"),
    ("protection.transfer_goal", "protection", limit(24, "hours"), D(2020, 1, 1), "district", "区知识产权保护工作规则",
     "", "", "", True, "本区目标：从提出移送到公安机关接受，一个工作日内办结（按工作时间计）。"),
    # protection: mediation and judicial confirmation
    ("protection.mediation_answer", "protection", limit(3, "workdays"), D(2020, 1, 1), "district",
     "区知识产权保护工作规则", "", "", "", True, "调解组织受理或者不予受理调解申请的本区工作时限，不是法定期限。"),
    ("protection.mediation_term", "protection", limit(30, "days"), D(2020, 1, 1), "district",
     "区知识产权保护工作规则（法定依据待核）", "", "", "", False,
     "沿用原有30日。诉前委派调解期限的法定出处未找到原文，列为待核（见 docs/rules.md）。"),
    ("protection.confirmation_window", "protection", limit(30, "days"), D(2011, 1, 1), "law", MEDIATION_LAW, "",
     "第三十三条", MEDIATION_URL, True, "双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。"),
    ("protection.confirmation_acceptance", "protection", limit(3, "days"), D(2011, 3, 30), "interpretation",
     CONFIRMATION, CONFIRMATION_NO, "第四条", CONFIRMATION_URL, True, "人民法院收到司法确认申请，应当在三日内决定是否受理。"),
    ("protection.confirmation_decision", "protection", limit(15, "days"), D(2011, 3, 30), "interpretation",
     CONFIRMATION, CONFIRMATION_NO, "第五条", CONFIRMATION_URL, True, "人民法院应当自受理司法确认申请之日起十五日内作出是否确认的决定。"),
    ("protection.confirmation_extension", "protection", limit(10, "days"), D(2011, 3, 30), "interpretation",
     CONFIRMATION, CONFIRMATION_NO, "第五条", CONFIRMATION_URL, True, "因特殊情况需要延长的，经本院院长批准，可以延长十日。"),
    # incentives
    ("incentives.notice_workdays", "incentives", limit(5, "workdays"), D(2020, 1, 1), "district", "区知识产权奖励资助办法",
     "", "", "", True, "奖励资助名单公示期的默认工作日数（各项目可另定）。"),
    ("incentives.patent_subsidy_policy", "incentives",
     {"application_subsidy": True, "grant_subsidy": True, "grant_max_share_of_official_fees": 50,
      "annuity_subsidy": False, "agency_fee_subsidy": False},
     D(2021, 1, 27), "normative", SUBSIDY, SUBSIDY_NO, "二、调整专利资助政策", SUBSIDY_URL, True,
     "资助对象所获各级各类资助总额不得高于其获得专利权所缴纳的官方规定费用的50%，不得资助专利年费和专利代理等中介服务费。"
     "申请阶段的资助须在2021年6月底前全面取消。"),
    ("incentives.patent_subsidy_policy", "incentives",
     {"application_subsidy": False, "grant_subsidy": True, "grant_max_share_of_official_fees": 50,
      "annuity_subsidy": False, "agency_fee_subsidy": False},
     D(2021, 7, 1), "normative", SUBSIDY, SUBSIDY_NO, "二、调整专利资助政策", SUBSIDY_URL, True,
     "各地方不得以资助、奖励、补贴等任何形式对专利申请行为给予财政资金支持；资助范围限于获得授权的发明专利"
     "（包括通过PCT及其他途径在境外获得授权的发明专利），采用授权后补助形式。"),
    ("incentives.patent_subsidy_policy", "incentives",
     {"application_subsidy": False, "grant_subsidy": False, "grant_max_share_of_official_fees": 50,
      "annuity_subsidy": False, "agency_fee_subsidy": False},
     D(2025, 1, 1), "normative", SUBSIDY, SUBSIDY_NO, "二、调整专利资助政策", SUBSIDY_URL, True,
     "“十四五”期间逐步减少对专利授权的各类财政资助，在2025年以前全部取消。"),
    # landscape
    ("landscape.high_value_pledge_amount", "landscape", {"amount": 10000000, "unit": "yuan"}, D(2021, 1, 1),
     "normative", "国家知识产权局高价值发明专利统计口径（出处待核）", "", "", "", False,
     "统计口径第四类为“实现较高质押融资金额的发明专利”；沿用原有的1000万元，其数额出处未找到原文，列为待核。"),
    # portfolio
    ("portfolio.annuity_grace", "portfolio", {"amount": 6, "unit": "months", "late_fee_percent_per_month": 5},
     D(2010, 2, 1), "regulation", PATENT_RULES, "2010年修订", "第九十八条",
     "https://huggingface.co/datasets/ShiwenNi/instruction_patent_20k_conversations", True,
     "自应当缴纳年费期满之日起6个月内补缴，同时缴纳滞纳金，每超过1个月加收当年全额年费的5%。2023年修订后的条文序号未核对。"),
    ("portfolio.annuity_lookahead", "portfolio", limit(90, "days"), D(2020, 1, 1), "district", "区知识产权工作规则", "", "",
     "", True, "年费到期前提醒的天数，本区工作规则。"),
    ("portfolio.trademark_renewal_window", "portfolio", {"amount": 12, "unit": "months"}, D(2014, 5, 1), "law",
     TRADEMARK_LAW, "", "第四十条", TRADEMARK_URL, True, "应当在期满前十二个月内按照规定办理续展手续。"),
    ("portfolio.trademark_renewal_grace", "portfolio", {"amount": 6, "unit": "months"}, D(2014, 5, 1), "law",
     TRADEMARK_LAW, "", "第四十条", TRADEMARK_URL, True, "在此期间未能办理的，可以给予六个月的宽展期。"),
]


def load(apps, schema_editor, rules=RULES):
    """Add each row of ``rules`` not yet in the store (later data migrations pass their own)."""
    Rule = apps.get_model("rules", "Rule")
    for key, domain, value, start, basis, title, number, article, url, verified, note in rules:
        Rule.objects.get_or_create(
            key=key,
            valid_from=start,
            defaults={
                "domain": domain,
                "value": value,
                "basis": basis,
                "source_title": title,
                "source_number": number,
                "source_article": article,
                "source_url": url,
                "verified": verified,
                "note": note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_rule")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
