"""The value score is reproducible, and docs/value-score.md describes what the code computes."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from django.test import SimpleTestCase, TestCase

from financing.scoring import patent_facts, score_asset
from financing.tests.base import FinancingMixin
from patentstore.valuescore import MAXIMA, PatentFacts, TrademarkFacts, score_patent, score_trademark

DOC = Path(__file__).resolve().parents[2] / "docs" / "value-score.md"
AS_OF = dt.date(2026, 3, 1)
HAND_MADE = PatentFacts(
    status="granted",
    expiry_date=dt.date(2031, 3, 1),
    grant_date=dt.date(2023, 3, 1),
    claims_count=8,
    ipc_codes=("F16H 1/28", "F16H 57/02", "B23K 31/02"),
    is_pct=True,
    has_foreign_family=False,
    citations=4,
)


def doc_table(heading: str) -> list[list[str]]:
    """The rows of the first table after a heading of the document (without its header)."""
    lines = DOC.read_text(encoding="utf-8").split(heading, 1)[1].splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("|"))
    table = []
    for line in lines[first + 2 :]:
        if not line.startswith("|"):
            break
        table.append([cell.strip() for cell in line.strip("|").split("|")])
    return table


class ValueScoreFormulaTests(SimpleTestCase):
    def test_the_hand_made_patent_scores_what_the_formula_says(self):
        score = score_patent(HAND_MADE, AS_OF)
        points = {i.code: i.points for i in score.indicators}
        self.assertEqual(
            points,
            {
                "status": Decimal(15),
                "remaining_term": Decimal("7.50"),  # 1,826 days = 4.9993 years of 10
                "claims": Decimal("8.00"),
                "ipc_breadth": Decimal("10.00"),  # F16H and B23K: 2 subclasses of 3
                "family": Decimal(10),  # PCT, no foreign family
                "use_age": Decimal("9.00"),  # 1,096 days = 3.0007 years of 5
                "citations": Decimal("6.00"),
            },
        )
        self.assertEqual(score.score, Decimal("65.5"))

    def test_an_unknown_indicator_is_left_out_of_points_and_maximum(self):
        unknown = PatentFacts(**{**HAND_MADE.__dict__, "citations": None})
        self.assertEqual(score_patent(unknown, AS_OF).score, Decimal("70.0"))  # 59.50 / 85

    def test_the_score_is_reproducible(self):
        runs = {
            repr((score_patent(HAND_MADE, AS_OF).score, score_patent(HAND_MADE, AS_OF).as_json())) for _ in range(5)
        }
        self.assertEqual(len(runs), 1)

    def test_the_documented_worked_example_is_what_the_code_computes(self):
        score = score_patent(HAND_MADE, AS_OF)
        computed = {i.code: (i.value.replace("+family", ""), i.points, i.maximum) for i in score.indicators}
        documented = doc_table("## Worked example")
        self.assertEqual(len(documented), len(computed))
        for code, value, points, maximum in documented:
            with self.subTest(indicator=code):
                self.assertEqual(computed[code][0], value)
                self.assertEqual(computed[code][1], Decimal(points))
                self.assertEqual(computed[code][2], Decimal(maximum))
        text = DOC.read_text(encoding="utf-8")
        self.assertIn(f"**{score.score}**", text)
        self.assertIn("**70.0**", text)

    def test_the_documented_maxima_are_the_codes(self):
        for heading in ("### Patents", "### Trademarks"):
            for code, _group, maximum, _rule in doc_table(heading):
                with self.subTest(indicator=code):
                    self.assertEqual(MAXIMA[code], Decimal(maximum))
        patent_codes = ("status", "remaining_term", "claims", "ipc_breadth", "family", "use_age", "citations")
        self.assertEqual(sum(MAXIMA[c] for c in patent_codes), 100)

    def test_a_well_known_registered_mark(self):
        facts = TrademarkFacts(
            status="registered",
            expiry_date=dt.date(2036, 3, 1),
            registration_date=dt.date(2016, 3, 1),
            nice_classes=3,
            goods_groups=5,
            is_well_known=True,
        )
        score = score_trademark(facts, AS_OF)
        # 15 + 15 + 5 + 15 + 15 + 15 = 80 of 85
        self.assertEqual(score.score, Decimal("94.1"))
        self.assertTrue(re.match(r"^\d+\.\d$", str(score.score)))


class PortfolioScoringTests(FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()

    def test_the_facts_come_from_the_portfolio_and_the_stored_score_can_be_recomputed(self):
        patent = self.patents[0]
        facts = patent_facts(patent, citations=3)
        self.assertEqual((facts.claims_count, facts.status, facts.grant_date), (8, "granted", dt.date(2022, 6, 1)))
        loan = self.apply(citations={patent.pk: 3})
        pledged = loan.assets.get()
        again = score_asset(patent, pledged.scored_on, pledged.citations)
        self.assertEqual(pledged.value_score, again.score)
        self.assertEqual(pledged.value_indicators, again.as_json())
