"""The criminal thresholds of 法释〔2025〕5号 (in force 2025-04-26) beside the 2010 standard.

Each figure is tested at, just under and just over the text's wording ("……以上" includes the
figure itself); a case is measured by the version in force on the day of its facts, so one whose
facts predate 2025-04-26 is measured by the 2010 standard (立案追诉标准（二） arts. 69-70)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from protection import actions
from protection.choices import Measure, Offence
from protection.models import Case, CriminalThreshold
from protection.tests.base import ProtectionMixin, at
from protection.thresholds import facts_day, punished_within, thresholds_met

BEFORE = dt.date(2025, 4, 25)  # the last day of the 2010 standard
FROM = dt.date(2025, 4, 26)  # the 2025 interpretation takes effect
LATER = dt.date(2025, 9, 1)


def case(offence=Offence.COUNTERFEIT_MARK, facts=LATER, marks=1, **figures) -> Case:
    """An unsaved case with the given figures (the check reads only the thresholds' table)."""
    values = {
        name: Decimal(str(v)) if name in ("business_volume", "illegal_gain", "unsold_value") else v
        for name, v in figures.items()
    }
    return Case(offence=offence, facts_on=facts, marks_count=marks, received_at=at(2026, 1, 5), **values)


def measures(met) -> set[tuple[str, Decimal, int | None]]:
    return {(t.measure, t.amount, t.repeat_within_years) for t in met}


class ShippedVersionsTests(TestCase):
    def test_the_2010_rows_end_the_day_before_and_the_2025_rows_begin_on_2025_04_26(self):
        old = CriminalThreshold.objects.filter(effective_from=dt.date(2010, 5, 7))
        new = CriminalThreshold.objects.filter(effective_from=FROM)
        self.assertTrue(old.exists() and new.exists())
        self.assertEqual(set(old.values_list("effective_to", flat=True)), {BEFORE})
        self.assertEqual(set(new.values_list("effective_to", flat=True)), {None})
        # Every shipped row names its source and where its text was read.
        for row in CriminalThreshold.objects.all():
            self.assertTrue(row.effective_from.year == 2010 or (row.basis and row.source_url.startswith("http")))
        for row in new:
            self.assertIn("法释〔2025〕5号", row.basis)
            self.assertTrue(row.source_url.startswith("http"))
            self.assertTrue(row.note)


class CounterfeitMarkTests(TestCase):
    """假冒注册商标（商品）：违法所得数额三万元以上或者非法经营数额五万元以上；假冒两种以上注册商标，
    违法所得二万元以上或者非法经营三万元以上；二年内受过刑事处罚或者行政处罚后再次实施，违法所得二万元
    以上或者非法经营三万元以上."""

    def test_illegal_gain_of_30000_at_under_and_over(self):
        self.assertTrue(thresholds_met(case(illegal_gain="30000")))
        self.assertFalse(thresholds_met(case(illegal_gain="29999.99")))
        self.assertTrue(thresholds_met(case(illegal_gain="30000.01")))

    def test_business_volume_of_50000_at_under_and_over(self):
        self.assertEqual(measures(thresholds_met(case(business_volume="50000"))), {("business_volume", 50000, None)})
        self.assertFalse(thresholds_met(case(business_volume="49999.99")))
        self.assertTrue(thresholds_met(case(business_volume="50000.01")))

    def test_two_marks_use_20000_gain_or_30000_volume(self):
        self.assertTrue(thresholds_met(case(marks=2, illegal_gain="20000")))
        self.assertFalse(thresholds_met(case(marks=2, illegal_gain="19999.99")))
        self.assertTrue(thresholds_met(case(marks=2, business_volume="30000")))
        self.assertFalse(thresholds_met(case(marks=2, business_volume="29999.99")))
        # One mark: the same figures are below the threshold.
        self.assertFalse(thresholds_met(case(marks=1, illegal_gain="20000")))

    def test_a_repeat_within_two_years_after_a_punishment_uses_the_lower_figures(self):
        facts = dt.date(2025, 6, 1)
        punished = dt.date(2024, 1, 10)
        self.assertEqual(
            measures(thresholds_met(case(facts=facts, illegal_gain="20000", prior_punishment_on=punished))),
            {("illegal_gain", 20000, 2)},
        )
        self.assertTrue(thresholds_met(case(facts=facts, business_volume="30000", prior_punishment_on=punished)))
        self.assertFalse(thresholds_met(case(facts=facts, illegal_gain="19999.99", prior_punishment_on=punished)))
        # Exactly two years before the facts is within; a day more is not.
        self.assertTrue(
            thresholds_met(case(facts=facts, illegal_gain="20000", prior_punishment_on=dt.date(2023, 6, 1)))
        )
        self.assertFalse(
            thresholds_met(case(facts=facts, illegal_gain="20000", prior_punishment_on=dt.date(2023, 5, 31)))
        )
        # Without an earlier punishment the repeat figures do not apply.
        self.assertFalse(thresholds_met(case(facts=facts, illegal_gain="20000")))

    def test_the_two_year_window_counts_from_a_29_february(self):
        self.assertTrue(punished_within(case(prior_punishment_on=dt.date(2024, 2, 29)), 2, dt.date(2026, 2, 28)))
        self.assertFalse(punished_within(case(prior_punishment_on=dt.date(2024, 2, 29)), 2, dt.date(2026, 3, 1)))
        # A punishment after the facts is not an earlier one.
        self.assertFalse(punished_within(case(prior_punishment_on=dt.date(2025, 7, 1)), 2, dt.date(2025, 6, 1)))


class SellingCounterfeitsTests(TestCase):
    """销售明知是假冒注册商标的商品，违法所得数额三万元以上，或者销售金额五万元以上；尚未销售，货值金额
    十五万元以上，或者已销售金额与尚未销售的货值金额合计十五万元以上的，以犯罪未遂论."""

    def test_gain_sales_and_unsold_value(self):
        selling = Offence.SELLING_COUNTERFEITS
        self.assertTrue(thresholds_met(case(selling, illegal_gain="30000")))
        self.assertFalse(thresholds_met(case(selling, illegal_gain="29999.99")))
        self.assertEqual(
            measures(thresholds_met(case(selling, business_volume="50000"))), {("sales_amount", 50000, None)}
        )
        self.assertFalse(thresholds_met(case(selling, business_volume="49999.99")))
        # Attempt: nothing sold yet, or sold and unsold together.
        self.assertEqual(
            measures(thresholds_met(case(selling, unsold_value="150000"))), {("sales_and_unsold", 150000, None)}
        )
        self.assertFalse(thresholds_met(case(selling, unsold_value="149999.99")))
        self.assertTrue(thresholds_met(case(selling, business_volume="40000", unsold_value="110000")))
        self.assertFalse(thresholds_met(case(selling, business_volume="40000", unsold_value="109999.99")))

    def test_facts_before_2025_04_26_are_measured_by_the_2010_standard(self):
        selling = Offence.SELLING_COUNTERFEITS
        # The 2010 standard counts the sales amount, not the illegal gain.
        self.assertFalse(thresholds_met(case(selling, facts=BEFORE, illegal_gain="30000")))
        self.assertTrue(thresholds_met(case(selling, facts=FROM, illegal_gain="30000")))
        old = thresholds_met(case(selling, facts=BEFORE, business_volume="50000"))
        self.assertEqual([t.effective_from for t in old], [dt.date(2010, 5, 7)])
        self.assertTrue(thresholds_met(case(selling, facts=BEFORE, unsold_value="150000")))
        new = thresholds_met(case(selling, facts=FROM, business_volume="50000"))
        self.assertEqual([t.effective_from for t in new], [FROM])


class SellingInfringingCopiesTests(TestCase):
    """销售侵权复制品，违法所得数额在五万元以上的；销售金额十万元以上；二年内受过刑事处罚或者行政处罚后
    再次实施，违法所得三万元以上或者销售金额五万元以上；销售复制件数量合计一千份（张）以上；尚未销售的
    货值金额达到上述标准三倍以上."""

    copies = Offence.SELLING_INFRINGING_COPIES

    def test_each_figure_at_and_just_under(self):
        for figures, under in (
            ({"illegal_gain": "50000"}, {"illegal_gain": "49999.99"}),
            ({"business_volume": "100000"}, {"business_volume": "99999.99"}),
            ({"copies_count": 1000}, {"copies_count": 999}),
            ({"unsold_value": "300000"}, {"unsold_value": "299999.99"}),
            (
                {"business_volume": "90000", "unsold_value": "210000"},
                {"business_volume": "90000", "unsold_value": "209999"},
            ),
        ):
            with self.subTest(figures=figures):
                self.assertTrue(thresholds_met(case(self.copies, **figures)))
                self.assertFalse(thresholds_met(case(self.copies, **under)))

    def test_a_repeat_within_two_years_uses_30000_gain_or_50000_sales(self):
        punished = dt.date(2024, 9, 1)
        self.assertTrue(thresholds_met(case(self.copies, illegal_gain="30000", prior_punishment_on=punished)))
        self.assertTrue(thresholds_met(case(self.copies, business_volume="50000", prior_punishment_on=punished)))
        self.assertFalse(thresholds_met(case(self.copies, illegal_gain="29999.99", prior_punishment_on=punished)))
        self.assertFalse(thresholds_met(case(self.copies, illegal_gain="30000")))

    def test_there_was_no_threshold_for_it_before_2025_04_26(self):
        self.assertFalse(thresholds_met(case(self.copies, facts=BEFORE, illegal_gain="900000")))


class FactsDayTests(TestCase):
    def test_without_a_facts_day_the_day_the_lead_was_received_counts(self):
        undated = case(Offence.SELLING_COUNTERFEITS, facts=None, illegal_gain="30000")
        undated.received_at = at(2025, 4, 25, 23, 30)
        self.assertEqual(facts_day(undated), BEFORE)
        self.assertFalse(thresholds_met(undated))
        undated.received_at = at(2025, 4, 26, 0, 10)
        self.assertTrue(thresholds_met(undated))


class TransferByFactsDayTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def _case(self, facts):
        case = self.investigate(
            self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)),
            at(2026, 3, 4),
            gain="30000",
            offence=Offence.SELLING_COUNTERFEITS,
        )
        return actions.update_case(actor=self.enforcer, case=case, facts_on=facts)

    def test_the_transfer_is_proposed_by_the_thresholds_of_the_facts_day(self):
        with translation.override("en"), self.assertRaisesMessage(PermissionDenied, "do not meet"):
            actions.propose_transfer(actor=self.enforcer, case=self._case(BEFORE), police=self.police)
        transfer = actions.propose_transfer(actor=self.enforcer, case=self._case(FROM), police=self.police)
        self.assertFalse(transfer.on_suspicion)
        self.assertIn("≥ 30000", transfer.grounds)

    def test_the_figures_form_keeps_the_new_figures_and_refuses_bad_ones(self):
        case = self._case(FROM)
        self.client.force_login(self.enforcer)
        url = reverse("protection:case_figures", args=[case.pk])
        data = {
            "offence": Offence.SELLING_INFRINGING_COPIES,
            "marks_count": 1,
            "business_volume": "0",
            "illegal_gain": "0",
            "unsold_value": "0",
            "labels_count": "0",
            "copies_count": "1000",
            "facts_on": "2025-05-02",
            "prior_punishment_on": "",
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        case.refresh_from_db()
        self.assertEqual((case.copies_count, case.facts_on), (1000, dt.date(2025, 5, 2)))
        # A client that does not send the new figures keeps them.
        older = {k: data[k] for k in ("offence", "marks_count", "business_volume", "illegal_gain")}
        self.assertEqual(self.client.post(url, older).status_code, 302)
        case.refresh_from_db()
        self.assertEqual((case.copies_count, case.facts_on), (1000, dt.date(2025, 5, 2)))
        bad = {**data, "copies_count": "-1", "facts_on": "not a day"}
        response = self.client.post(url, bad)
        self.assertLess(response.status_code, 500)
        case.refresh_from_db()
        self.assertEqual(case.copies_count, 1000)
        with self.assertRaises(ValidationError):  # an "earlier" punishment after the facts
            actions.update_case(actor=self.enforcer, case=case, prior_punishment_on=dt.date(2025, 6, 1))
        detail = self.client.get(reverse("protection:case_detail", args=[case.pk]))
        self.assertContains(detail, "1000")


class ThresholdsPageTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def test_the_page_groups_the_versions_and_shows_each_source(self):
        self.client.force_login(self.clerk)
        with translation.override("en"):
            page = self.client.get(reverse("protection:thresholds"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, 'id="version-2025-04-26"')
        self.assertContains(page, 'id="version-2010-05-07"')
        body = page.content.decode()
        self.assertLess(body.index("version-2025-04-26"), body.index("version-2010-05-07"))
        self.assertContains(page, "http://www.xiaoyaolawyer.com/falv-show.php?c=3&amp;id=1913")
        self.assertContains(page, "法释〔2025〕5号")

    def test_a_new_repeat_figure_ends_only_the_same_repeat_row(self):
        kwargs = {"offence": Offence.COUNTERFEIT_MARK, "min_marks": 1, "measure": Measure.ILLEGAL_GAIN}
        actions.set_threshold(
            actor=self.leader,
            amount=Decimal("15000"),
            repeat_within_years=2,
            effective_from=dt.date(2027, 1, 1),
            **kwargs,
        )
        plain = CriminalThreshold.objects.get(effective_from=FROM, repeat_within_years=None, **kwargs)
        repeat = CriminalThreshold.objects.get(effective_from=FROM, repeat_within_years=2, **kwargs)
        self.assertIsNone(plain.effective_to)
        self.assertEqual(repeat.effective_to, dt.date(2026, 12, 31))

    def test_bad_input_on_the_page_is_refused_with_a_reason(self):
        self.client.force_login(self.leader)
        url = reverse("protection:thresholds")
        for data in (
            {
                "offence": "other",
                "min_marks": 1,
                "measure": "illegal_gain",
                "amount": "1",
                "effective_from": "2027-01-01",
            },
            {"offence": "copyright", "min_marks": 1, "measure": "nope", "amount": "1", "effective_from": "2027-01-01"},
            {"offence": "copyright", "min_marks": 1, "measure": "illegal_gain", "amount": "x", "effective_from": "x"},
            {
                "offence": "copyright",
                "min_marks": 1,
                "measure": "illegal_gain",
                "amount": "1",
                "effective_from": "2027-01-01",
                "repeat_within_years": "0",
                "source_url": "not a url",
            },
        ):
            with self.subTest(data=data):
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)


class MilderLaterVersionTests(ProtectionMixin, TestCase):
    """高检发释字〔2001〕5号 art. 3: facts before a new interpretation are handled by the one of their
    day, but the new one applies where it favours the suspect."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def _set(self, amount):
        actions.set_threshold(
            actor=self.leader,
            offence=Offence.COUNTERFEIT_MARK,
            min_marks=1,
            measure=Measure.BUSINESS_VOLUME,
            amount=Decimal(amount),
            effective_from=dt.date(2027, 1, 1),
        )

    def test_a_higher_later_figure_favours_the_party(self):
        self._set("80000")
        facts = dt.date(2026, 6, 1)
        self.assertTrue(thresholds_met(case(facts=facts, business_volume="60000")))
        self.assertTrue(thresholds_met(case(facts=facts, business_volume="60000"), today=dt.date(2026, 12, 31)))
        self.assertEqual(thresholds_met(case(facts=facts, business_volume="60000"), today=dt.date(2027, 1, 2)), [])
        # Figures the later version also counts keep the facts' day's threshold.
        met = thresholds_met(case(facts=facts, business_volume="80000"), today=dt.date(2027, 1, 2))
        self.assertEqual([t.effective_from for t in met], [FROM])

    def test_a_lower_later_figure_does_not_reach_back(self):
        self._set("40000")
        facts = dt.date(2026, 6, 1)
        self.assertEqual(thresholds_met(case(facts=facts, business_volume="45000"), today=dt.date(2027, 1, 2)), [])
        self.assertTrue(thresholds_met(case(facts=dt.date(2027, 1, 1), business_volume="45000")))
