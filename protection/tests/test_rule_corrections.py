"""Corrections of issue 16, each built from the wording of its source."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone, translation

from audit.models import AuditEvent
from protection import actions
from protection.choices import MediationStatus
from protection.clocks import case_step, mediation_step
from protection.tests.base import ProtectionMixin, at


class TransferOnReasonableSuspicionTests(ProtectionMixin, TestCase):
    """行政执法机关移送涉嫌犯罪案件的规定 (2020 revision) art. 3 para. 2: in IP cases, the office
    transfers when, on the evidence and facts found, it believes there is a reasonable suspicion
    of a crime and police measures are needed to obtain evidence of whether the prosecution
    threshold is met."""

    GROUNDS = (
        "根据调查收集的证据和查明的案件事实，认为存在犯罪的合理嫌疑，需要公安机关采取措施进一步获取证据"
        "以判断是否达到刑事案件立案追诉标准：仓库内查见大量假冒注册商标的商品，账册被转移。"
    )

    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def case_below_threshold(self):
        return self.investigate(self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4), volume="1000")

    def test_a_case_below_every_threshold_is_not_transferred_without_a_suspicion(self):
        case = self.case_below_threshold()
        with translation.override("en"), self.assertRaisesMessage(PermissionDenied, "reasonable suspicion"):
            actions.propose_transfer(actor=self.enforcer, case=case, police=self.police, now=at(2026, 3, 5))

    def test_a_suspicion_needs_the_officers_stated_grounds(self):
        case = self.case_below_threshold()
        with self.assertRaises(ValidationError) as caught:
            actions.propose_transfer(
                actor=self.enforcer, case=case, police=self.police, on_suspicion=True, now=at(2026, 3, 5)
            )
        self.assertIn("grounds", caught.exception.message_dict)

    def test_an_ip_case_goes_to_the_police_on_a_reasonable_suspicion_with_its_grounds(self):
        case = self.case_below_threshold()
        transfer = actions.propose_transfer(
            actor=self.enforcer,
            case=case,
            police=self.police,
            on_suspicion=True,
            grounds=self.GROUNDS,
            now=at(2026, 3, 5),
        )
        self.assertTrue(transfer.on_suspicion)
        self.assertEqual(transfer.grounds, self.GROUNDS)

    def test_a_case_that_meets_a_threshold_is_not_marked_as_a_suspicion(self):
        case = self.investigate(self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4), volume="60000")
        transfer = actions.propose_transfer(
            actor=self.enforcer, case=case, police=self.police, on_suspicion=True, now=at(2026, 3, 5)
        )
        self.assertFalse(transfer.on_suspicion)


class FurtherExtensionByTheHeadsTests(ProtectionMixin, TestCase):
    """市场监督管理行政处罚程序规定: 90 days from filing; 30 more with the head's approval; a case
    still undecided may be extended further by the heads' collective decision, which sets a
    reasonable new date (决定继续延期的，应当同时确定延长的合理期限)."""

    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def test_after_90_and_30_days_the_heads_extend_to_the_date_they_decided(self):
        case = self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3))
        with translation.override("en"), self.assertRaisesMessage(PermissionDenied, "30-day extension comes first"):
            actions.extend_decision_further(
                actor=self.leader, case=case, decision="集体讨论", new_due=dt.date(2026, 7, 31)
            )
        case = actions.extend_decision(actor=self.leader, case=case, note="案情复杂")
        now = at(2026, 6, 29)
        # 3 March + 120 days = 1 July 2026 (a Wednesday).
        self.assertEqual(timezone.localtime(case_step(case, now).clock.due).date(), dt.date(2026, 7, 1))
        with self.assertRaises(PermissionDenied):
            actions.extend_decision_further(actor=self.enforcer, case=case, decision="x", new_due=dt.date(2026, 7, 31))
        with self.assertRaises(ValidationError):
            actions.extend_decision_further(actor=self.leader, case=case, decision=" ", new_due=dt.date(2026, 7, 31))
        with self.assertRaises(ValidationError):
            actions.extend_decision_further(
                actor=self.leader, case=case, decision="集体讨论", new_due=dt.date(2026, 6, 30), now=now
            )
        extension = actions.extend_decision_further(
            actor=self.leader,
            case=case,
            decision="经局负责人集体讨论，决定继续延期至2026年7月31日：需境外权利人鉴别。",
            new_due=dt.date(2026, 7, 31),
            now=now,
        )
        self.assertEqual(extension.days, 30)
        case.refresh_from_db()
        self.assertEqual(timezone.localtime(case_step(case, now).clock.due).date(), dt.date(2026, 7, 31))


class JudicialConfirmationTests(ProtectionMixin, TestCase):
    """人民调解法 art. 33: both parties may apply together within 30 days of the agreement taking
    effect; 法释〔2011〕5号 art. 5: the court decides within 15 days of accepting, 10 more with its
    president's approval."""

    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def agreed(self):
        mediation = self.mediate(self.peoples_mediation(at(2026, 3, 2)), at(2026, 3, 3), at(2026, 3, 3, 10))
        return self.agree(mediation, at(2026, 3, 10))

    def apply(self, mediation, when, both=True):
        return actions.transition_mediation(
            actor=self.ent_manager,
            mediation=mediation,
            to_status=MediationStatus.CONFIRMATION,
            both_parties=both,
            now=when,
        )

    def test_one_party_alone_cannot_apply(self):
        with self.assertRaises(ValidationError) as caught:
            self.apply(self.agreed(), at(2026, 3, 12), both=False)
        self.assertIn("both_parties", caught.exception.message_dict)

    def test_the_joint_application_is_made_within_30_days_of_the_agreement_taking_effect(self):
        mediation = self.agreed()
        with self.assertRaisesMessage(ValidationError, "30"):
            self.apply(mediation, at(2026, 4, 14))
        mediation = self.apply(mediation, at(2026, 4, 9))
        self.assertTrue(mediation.confirmation_joint)

    def test_the_court_rules_within_15_days_and_the_outcome_is_recorded(self):
        mediation = self.apply(self.agreed(), at(2026, 3, 12))
        step = mediation_step(mediation, at(2026, 3, 13))
        # 12 March + 15 days = 27 March 2026 (a Friday).
        self.assertEqual(timezone.localtime(step.clock.due).date(), dt.date(2026, 3, 27))
        mediation = actions.transition_mediation(
            actor=self.mediator, mediation=mediation, to_status=MediationStatus.CONFIRMED, now=at(2026, 3, 20)
        )
        self.assertEqual(mediation.status, MediationStatus.CONFIRMED)
        self.assertIsNotNone(mediation.confirmation_decided_at)
        self.assertIsNone(mediation_step(mediation, at(2026, 3, 21)))

    def test_a_refusal_is_recorded_with_the_courts_reasons(self):
        mediation = self.apply(self.agreed(), at(2026, 3, 12))
        with self.assertRaises(ValidationError):
            actions.transition_mediation(
                actor=self.mediator, mediation=mediation, to_status=MediationStatus.CONFIRMATION_REFUSED
            )
        mediation = actions.transition_mediation(
            actor=self.mediator,
            mediation=mediation,
            to_status=MediationStatus.CONFIRMATION_REFUSED,
            note="调解协议内容违反法律强制性规定",
            court_extended=True,
            now=at(2026, 4, 3),
        )
        self.assertEqual(mediation.status, MediationStatus.CONFIRMATION_REFUSED)
        self.assertTrue(mediation.confirmation_extended)


class FurtherExtensionPageTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def test_the_head_records_the_collective_decision_on_the_case_page(self):
        from django.urls import reverse

        case = self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3))
        case = actions.extend_decision(actor=self.leader, case=case, note="案情复杂")
        url = reverse("protection:case_extend_further", args=[case.pk])
        self.client.force_login(self.enforcer)
        self.client.post(url, {"decision": "集体讨论", "new_due": "2026-07-31"})
        self.assertFalse(case.further_extensions.exists())
        self.client.force_login(self.leader)
        page = self.client.get(reverse("protection:case_detail", args=[case.pk])).content.decode()
        self.assertIn('id="extend-further"', page)
        self.client.post(url, {"decision": "经集体讨论决定继续延期", "new_due": "2026-07-31"})
        self.assertEqual(case.further_extensions.get().new_due, dt.date(2026, 7, 31))
        page = self.client.get(reverse("protection:case_detail", args=[case.pk])).content.decode()
        self.assertIn("经集体讨论决定继续延期", page)


class AfterThePoliceAnswerTests(ProtectionMixin, TestCase):
    """行政执法机关移送涉嫌犯罪案件的规定: once the police file the case, the office hands over the
    seized items and other materials within 3 days of the filing notice; against a refusal it may
    ask for reconsideration within 3 days, or ask the procuratorate to supervise (立案监督)."""

    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def sent(self):
        case = self.investigate(self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4), volume="60000")
        return self.transfer_until_sent(case, at(2026, 3, 5, 9), at(2026, 3, 5, 10), at(2026, 3, 5, 11))

    def test_the_seized_items_are_handed_over_within_3_days_of_the_filing_notice(self):
        from protection.clocks import transfer_step

        transfer = self.accept(self.sent(), at(2026, 3, 6, 10))  # a Friday
        step = transfer_step(transfer, at(2026, 3, 7))
        # 6 March + 3 days = Monday 9 March 2026.
        self.assertEqual(timezone.localtime(step.clock.due).date(), dt.date(2026, 3, 9))
        with self.assertRaises(PermissionDenied):
            actions.record_items_handover(actor=self.clerk, transfer=transfer)
        transfer = actions.record_items_handover(actor=self.enforcer, transfer=transfer, now=at(2026, 3, 9, 9))
        self.assertIsNone(transfer_step(transfer, at(2026, 3, 9, 10)))
        with self.assertRaises(PermissionDenied):
            actions.record_items_handover(actor=self.enforcer, transfer=transfer)

    def test_after_a_refusal_the_head_may_ask_the_procuratorate_instead_of_reconsideration(self):
        from protection.choices import TransferStatus as T

        transfer = actions.transition_transfer(
            actor=self.police_liaison, transfer=self.sent(), to_status=T.REFUSED, note="不构成犯罪", now=at(2026, 3, 6)
        )
        with self.assertRaises(ValidationError):
            actions.transition_transfer(actor=self.leader, transfer=transfer, to_status=T.PROCURATORATE)
        transfer = actions.transition_transfer(
            actor=self.leader,
            transfer=transfer,
            to_status=T.PROCURATORATE,
            note="建议人民检察院依法进行立案监督",
            now=at(2026, 3, 7),
        )
        self.assertEqual(transfer.status, T.PROCURATORATE)


class PoliceLongerLimitsTests(ProtectionMixin, TestCase):
    """关于公安机关办理经济犯罪案件的若干规定 (公通字〔2017〕25号) art. 16: the police decide on a
    transferred case within 3 days; a major, difficult, complex or cross-regional case, with the
    approval of a head at county level or above, within 30 days; in special circumstances, with
    the approval of a head one level up, 30 days more."""

    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def sent(self):
        case = self.investigate(self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4), volume="60000")
        # Sent on Monday 9 March 2026.
        return self.transfer_until_sent(case, at(2026, 3, 9, 9), at(2026, 3, 9, 10), at(2026, 3, 9, 11))

    def due(self, transfer):
        from protection.clocks import transfer_step

        return timezone.localtime(transfer_step(transfer, at(2026, 3, 10)).clock.due).date()

    def extend(self, transfer, level, on, who="县公安局副局长 王某", actor=None):
        return actions.record_police_extension(
            actor=actor or self.police_liaison,
            transfer=transfer,
            level=level,
            approved_by=who,
            approved_on=on,
            now=at(on.year, on.month, on.day, 17),
        )

    def test_a_major_case_has_30_days_and_special_circumstances_30_more(self):
        from audit.models import AuditEvent

        transfer = self.sent()
        self.assertEqual(self.due(transfer), dt.date(2026, 3, 12))  # 三日以内
        transfer = self.extend(transfer, "complex", dt.date(2026, 3, 10))
        self.assertEqual(self.due(transfer), dt.date(2026, 4, 8))  # 9 March + 30 days
        self.assertEqual(transfer.complex_approved_by, "县公安局副局长 王某")
        transfer = self.extend(transfer, "special", dt.date(2026, 4, 1), who="市公安局副局长 李某")
        self.assertEqual(self.due(transfer), dt.date(2026, 5, 8))  # 30 more days
        self.assertEqual(transfer.special_approved_on, dt.date(2026, 4, 1))
        actions_recorded = AuditEvent.objects.filter(object_id=str(transfer.pk)).values_list("action", flat=True)
        self.assertIn("transfer.police_limit_complex", actions_recorded)
        self.assertIn("transfer.police_limit_special", actions_recorded)

    def test_an_ordinary_case_is_due_in_3_days_and_decided_at_the_latest_in_10(self):
        # 公通字〔2017〕25号 art. 16: 应当在三日以内进行审查并决定是否立案，至迟应当在十日以内作出决定.
        from protection.clocks import police_answer_latest, transfer_step

        transfer = self.sent()
        self.assertEqual(self.due(transfer), dt.date(2026, 3, 12))  # the flag stays on the 3 days
        self.assertEqual(timezone.localtime(police_answer_latest(transfer)).date(), dt.date(2026, 3, 19))
        with translation.override("en"):
            self.assertIn("at the latest 2026-03-19", transfer_step(transfer, at(2026, 3, 13)).label)
        # A major or complex case has its own 30 days instead.
        transfer = self.extend(transfer, "complex", dt.date(2026, 3, 10))
        self.assertIsNone(police_answer_latest(transfer))
        with translation.override("en"):
            self.assertNotIn("at the latest", transfer_step(transfer, at(2026, 3, 13)).label)

    def test_the_overdue_board_reads_the_longer_limit(self):
        from protection.board import open_steps

        transfer = self.sent()
        label = f"{transfer.case.number} → {transfer.police.name}"
        past_three_days = at(2026, 3, 13, 9)
        self.assertIn(label, [r.label for r in open_steps(self.police_liaison, past_three_days)])
        self.extend(transfer, "complex", dt.date(2026, 3, 11))
        self.assertNotIn(label, [r.label for r in open_steps(self.police_liaison, past_three_days)])

    def test_only_the_station_it_was_sent_to_records_a_longer_limit_in_order_with_its_approval(self):
        transfer = self.sent()
        for someone in (self.enforcer, self.leader, self.other_police_liaison):
            with self.subTest(user=someone.username), self.assertRaises(PermissionDenied):
                self.extend(transfer, "complex", dt.date(2026, 3, 10), actor=someone)
        with self.assertRaises(PermissionDenied):  # a further extension follows the first
            self.extend(transfer, "special", dt.date(2026, 3, 10))
        with self.assertRaises(ValidationError) as caught:
            self.extend(transfer, "complex", dt.date(2026, 3, 10), who=" ")
        self.assertIn("approved_by", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.extend(transfer, "complex", dt.date(2026, 3, 8))  # before the sending
        self.assertIn("approved_on", caught.exception.message_dict)
        transfer = self.extend(transfer, "complex", dt.date(2026, 3, 10))
        with self.assertRaises(PermissionDenied):
            self.extend(transfer, "complex", dt.date(2026, 3, 11))
        transfer = self.accept(transfer, at(2026, 3, 20))
        with self.assertRaises(PermissionDenied):  # the answer is given
            self.extend(transfer, "special", dt.date(2026, 3, 20))

    def test_the_police_record_it_on_the_transfer_page(self):
        from django.urls import reverse

        transfer = self.sent()
        url = reverse("protection:transfer_police_limit", args=[transfer.pk, "complex"])
        page = reverse("protection:transfer_detail", args=[transfer.pk])
        self.client.force_login(self.enforcer)
        self.assertNotContains(self.client.get(page), 'id="police-limit-complex-form"')
        self.client.force_login(self.police_liaison)
        self.assertContains(self.client.get(page), 'id="police-limit-complex-form"')
        today = timezone.localdate()
        self.client.post(url, {"approved_by": "县公安局副局长 王某", "approved_on": today.isoformat()})
        transfer.refresh_from_db()
        self.assertEqual(transfer.complex_approved_on, today)
        self.assertContains(self.client.get(page), "县公安局副局长 王某")


class MediationTermExtensionTests(ProtectionMixin, TestCase):
    """A court's pre-litigation referral is mediated within 30 days; when both parties agree, the
    mediation goes on to the day they agreed (the extension by consent of issue 16, item 5). No
    national text caps it; docs/rules.md names the court rules that were read."""

    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def running(self):
        # Accepted on Tuesday 3 March 2026: 30 days run to Thursday 2 April.
        return self.mediate(self.court_referral(at(2026, 3, 2)), at(2026, 3, 3), at(2026, 3, 3, 10))

    def extend(self, mediation, new_due, when, both=True, consent="双方于调解笔录中签字同意延长", actor=None):
        return actions.extend_mediation_term(
            actor=actor or self.mediator,
            mediation=mediation,
            both_agree=both,
            consent=consent,
            new_due=new_due,
            now=when,
        )

    def due(self, mediation, when):
        mediation.refresh_from_db()
        return timezone.localtime(mediation_step(mediation, when).clock.due).date()

    def test_both_parties_agree_and_the_term_runs_to_the_day_they_agreed(self):
        mediation = self.running()
        self.assertEqual(self.due(mediation, at(2026, 3, 20)), dt.date(2026, 4, 2))
        extension = self.extend(mediation, dt.date(2026, 4, 22), at(2026, 3, 30))
        self.assertEqual(extension.days, 20)
        self.assertEqual(self.due(mediation, at(2026, 4, 10)), dt.date(2026, 4, 22))
        # A second agreement moves it again.
        self.extend(mediation, dt.date(2026, 5, 13), at(2026, 4, 20))
        self.assertEqual(self.due(mediation, at(2026, 4, 25)), dt.date(2026, 5, 13))
        self.assertEqual(mediation.term_extensions.count(), 2)
        self.assertEqual(
            list(AuditEvent.objects.filter(action="mediation.extend_term").values_list("object_id", flat=True)),
            [str(mediation.pk)] * 2,
        )

    def test_one_party_alone_cannot_extend_it(self):
        mediation = self.running()
        with self.assertRaises(ValidationError) as caught:
            self.extend(mediation, dt.date(2026, 4, 22), at(2026, 3, 30), both=False)
        self.assertIn("both_agree", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.extend(mediation, dt.date(2026, 4, 22), at(2026, 3, 30), consent="  ")
        self.assertIn("consent", caught.exception.message_dict)
        self.assertFalse(mediation.term_extensions.exists())

    def test_the_new_day_comes_after_the_current_last_day(self):
        mediation = self.running()
        with self.assertRaises(ValidationError) as caught:
            self.extend(mediation, dt.date(2026, 4, 2), at(2026, 3, 30))
        self.assertIn("new_due", caught.exception.message_dict)

    def test_only_the_body_or_its_mediator_records_it_and_only_while_mediation_runs(self):
        mediation = self.running()
        for outsider in (self.ent_manager, self.court_liaison, self.other_mediator, self.clerk):
            with self.subTest(outsider.username), self.assertRaises(PermissionDenied):
                self.extend(mediation, dt.date(2026, 4, 22), at(2026, 3, 30), actor=outsider)
        mediation = self.agree(mediation, at(2026, 3, 31))
        with self.assertRaises(PermissionDenied):
            self.extend(mediation, dt.date(2026, 4, 22), at(2026, 4, 1))

    def test_the_body_records_it_on_the_mediation_page_and_a_foreigner_gets_404(self):
        from django.urls import reverse

        mediation = self.running()
        url = reverse("protection:mediation_extend", args=[mediation.pk])
        for foreigner in (self.other_mediator, self.other_manager, self.police_liaison):
            self.client.force_login(foreigner)
            with self.subTest(foreigner.username):
                self.assertEqual(
                    self.client.post(url, {"both_agree": "on", "consent": "x", "new_due": "2026-04-22"}).status_code,
                    404,
                )
        self.assertFalse(mediation.term_extensions.exists())
        self.client.force_login(self.mediator)
        detail = reverse("protection:mediation_detail", args=[mediation.pk])
        self.assertContains(self.client.get(detail), 'id="extend"')
        # Unchecked: said beside the box, what was typed kept, nothing written.
        page = self.client.post(url, {"consent": "双方书面同意", "new_due": "2026-04-22"})
        self.assertContains(page, 'value="双方书面同意"')
        self.assertContains(page, 'id="id_extend_both_agree_error"')
        self.assertFalse(mediation.term_extensions.exists())
        page = self.client.post(url, {"both_agree": "on", "consent": "双方书面同意", "new_due": "2026-04-22"})
        self.assertRedirects(page, detail)
        page = self.client.get(detail).content.decode()
        self.assertIn("双方书面同意", page)
        self.assertIn("2026-04-22", page)
