"""Build the demo district: Zhifu District (芝罘区, 370602) of Yantai with its real streets,
generated enterprises, partner organisations, talent and one user per role. Everything it
makes is marked as demo data."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation
from demo import DEMO_PASSWORD
from demo.cultivation import seed_cultivation
from demo.dashboard import seed_dashboard
from demo.exchange import seed_exchange
from demo.financing import seed_financing
from demo.identity import make_id_number, make_uscc
from demo.incentives import seed_incentives
from demo.landscape import seed_landscape
from demo.marks import seed_outside_register
from demo.neighbours import seed_neighbours
from demo.notifications import seed_notifications
from demo.portfolio import seed_portfolio
from demo.protection import seed_protection
from refdata import divisions
from refdata.loading import ensure_loaded
from registry import actions as registry_actions
from registry.choices import EnterpriseSize, TalentKind

DISTRICT = "370602"

# Generated names: word lists combined at random; none of this is a real enterprise.
NAME_HEADS = list("瑞华德鑫恒宏远信诚泰盛丰源海利康隆昌安祥达兴嘉睿凯博新")
NAME_TAILS = list("科光材机电创通智联能芯医食酒船港仪")
INDUSTRIES = [
    "通用设备制造业",
    "专用设备制造业",
    "化学原料和化学制品制造业",
    "医药制造业",
    "酒、饮料和精制茶制造业",
    "食品制造业",
    "计算机、通信和其他电子设备制造业",
    "汽车制造业",
    "软件和信息技术服务业",
    "批发业",
]
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红")
FIELDS = ["机械工程", "生物医药", "新材料", "电子信息", "食品工程", "化学工程", "知识产权管理", "商标代理"]
PARKS = [
    ("芝罘演示科技创新园", "370602009", "电子信息、软件"),
    ("芝罘演示高端装备产业园", "370602010", "通用与专用设备"),
    ("芝罘演示生物医药园", "370602011", "医药、食品"),
    ("芝罘演示港城文创园", "370602007", "文化创意、酒类品牌"),
]
PARTNERS = [
    ("芝罘演示农商银行", OrganisationKind.BANK),
    ("烟台演示商业银行芝罘支行", OrganisationKind.BANK),
    ("烟台演示资产评估事务所", OrganisationKind.VALUER),
    ("芝罘区知识产权纠纷人民调解委员会（演示）", OrganisationKind.MEDIATION),
    ("烟台市公安局芝罘分局（演示）", OrganisationKind.POLICE),
    ("芝罘区人民法院（演示）", OrganisationKind.COURT),
]


class Command(BaseCommand):
    help = "Load the demo district (Zhifu District, Yantai). Safe to run again: it loads once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--enterprises", type=int, default=200)
        parser.add_argument("--seed", type=int, default=370602)

    def handle(self, *args: object, **options: Any) -> None:
        if Organisation.objects.filter(is_demo=True).exists():
            self.stdout.write("The demo district is already loaded (delete db.sqlite3 to start again).")
            self._print_logins()
            return
        if settings.DISTRICT_CODE != DISTRICT:
            self.stderr.write(f"DISTRICT_CODE is {settings.DISTRICT_CODE}; the demo is for {DISTRICT}.")
        rng = random.Random(int(options["seed"]))
        ensure_loaded()
        with transaction.atomic():
            enterprises = self._build(rng, int(options["enterprises"]))
            counts = seed_portfolio(rng, enterprises)
            counts.update(seed_incentives())
            counts.update(seed_financing())
            counts.update(seed_protection())
            counts.update(seed_landscape())
            counts.update(seed_cultivation())
            counts.update(seed_exchange())
            counts.update(seed_outside_register())
            counts.update(seed_dashboard())
            counts.update(seed_notifications(enterprises[0], enterprises[1]))
            counts.update(seed_neighbours(rng))
        self.stdout.write(
            f"Demo portfolio: {counts['patents']} patents, {counts['trademarks']} trademarks; "
            f"{counts['applications']} award applications; {counts['loans']} pledge loans; "
            f"{counts['outside_marks']} generated outside marks; "
            f"{counts['messages']} inbox messages from the nightly reminder round."
        )
        self.stdout.write(self.style.SUCCESS("Demo district loaded."))
        self._print_logins()

    def _build(self, rng: random.Random, n_enterprises: int) -> list:
        office = account_actions.create_organisation(
            actor=None, name="芝罘区市场监督管理局知识产权科（演示）", kind=OrganisationKind.OFFICE, is_demo=True
        )
        for username, role, name in [
            ("clerk", Role.CLERK, "办事员 王晓"),
            ("reviewer", Role.REVIEWER, "审核员 李明"),
            ("leader", Role.LEADER, "科长 张强"),
            ("enforcer", Role.ENFORCEMENT, "执法员 刘军"),
        ]:
            self._user(office, username, role, name)

        parks = [
            registry_actions.create_park(actor=None, name=name, street_code=street, focus=focus, is_demo=True)
            for name, street, focus in PARKS
        ]
        streets = [d.code for d in divisions.streets_of(DISTRICT)]
        enterprises: list = []
        used_names: set[str] = set()
        while len(enterprises) < n_enterprises:
            industry = rng.choice(INDUSTRIES)
            name = f"烟台{rng.choice(NAME_HEADS)}{rng.choice(NAME_HEADS)}{rng.choice(NAME_TAILS)}有限公司"
            if name in used_names:
                continue
            used_names.add(name)
            size = rng.choices(
                [EnterpriseSize.LARGE, EnterpriseSize.MEDIUM, EnterpriseSize.SMALL, EnterpriseSize.MICRO],
                weights=[5, 20, 45, 30],
            )[0]
            enterprises.append(
                registry_actions.register_enterprise(
                    actor=None,
                    uscc=make_uscc(rng, DISTRICT),
                    name=name,
                    street_code=rng.choice(streets),
                    park=rng.choice(parks) if rng.random() < 0.45 else None,
                    industry=industry,
                    size=size,
                    is_high_tech=rng.random() < 0.25,
                    is_tech_sme=rng.random() < 0.35,
                    is_specialised=rng.random() < 0.12,
                    legal_representative=self._person_name(rng),
                    contact_phone=f"13{rng.randrange(10**9):09d}",
                    founded_on=dt.date(rng.randint(1985, 2023), rng.randint(1, 12), rng.randint(1, 28)),
                    is_demo=True,
                )
            )
        first, second = enterprises[0], enterprises[1]
        self._user(first.organisation, "ent_manager", Role.MANAGER, f"{first.name} 经理")
        self._user(first.organisation, "ent_member", Role.MEMBER, f"{first.name} 专员")
        self._user(second.organisation, "ent2_manager", Role.MANAGER, f"{second.name} 经理")

        partner_users = {
            OrganisationKind.BANK: "bank_officer",
            OrganisationKind.VALUER: "valuer",
            OrganisationKind.MEDIATION: "mediator",
            OrganisationKind.POLICE: "police",
            OrganisationKind.COURT: "court",
        }
        seen: set[str] = set()
        for name, kind in PARTNERS:
            organisation = account_actions.create_organisation(actor=None, name=name, kind=kind, is_demo=True)
            if kind not in seen:
                self._user(organisation, partner_users[kind], Role.MEMBER, f"{name} 联络员")
                seen.add(kind)

        holders = [e.organisation for e in enterprises[:40]] + [office]
        for _ in range(60):
            born = dt.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
            registry_actions.add_talent(
                actor=None,
                name=self._person_name(rng),
                kind=rng.choice(list(TalentKind)),
                organisation=rng.choice(holders),
                field=rng.choice(FIELDS),
                id_number=make_id_number(rng, DISTRICT, born),
                phone=f"13{rng.randrange(10**9):09d}",
                is_demo=True,
            )
        return enterprises

    def _user(self, organisation, username: str, role: str, full_name: str):
        return account_actions.create_user(
            actor=None,
            organisation=organisation,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            full_name=full_name,
        )

    @staticmethod
    def _person_name(rng: random.Random) -> str:
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))

    def _print_logins(self) -> None:
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        for username, what in [
            ("clerk", "office clerk"),
            ("reviewer", "office reviewer"),
            ("leader", "office leader"),
            ("enforcer", "office enforcement officer"),
            ("enforcer2", "a second enforcement officer (a case is filed by two)"),
            ("leadership", "county leadership (read-only: dashboard and reports)"),
            ("bureau", "Yantai city IP bureau (read-only: the districts compared)"),
            ("ent_manager", "enterprise manager"),
            ("ent_member", "enterprise member"),
            ("ent2_manager", "manager of a second enterprise"),
            ("university", "a university's technology-transfer office (patent exchange)"),
            ("bank_officer", "bank loan officer"),
            ("valuer", "valuation agency"),
            ("mediator", "mediation body"),
            ("police", "police liaison"),
            ("court", "court liaison"),
        ]:
            self.stdout.write(f"  {username:<14} {what}")
