"""The case's time-limit forms (pause, the head's extension, the heads' further extension): a
refusal shows the case page again with what was typed kept and the reason beside the field, not
a message above the page; a foreigner gets 404."""

from django.test import TestCase
from django.urls import reverse

from protection import actions
from protection.models import Case, CasePause
from protection.tests.base import ProtectionMixin, at


class LimitFormTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def test_a_pause_reason_too_long_is_kept_and_the_reason_shown_beside_it(self):
        case = self.lead()
        self.client.force_login(self.enforcer)
        typed = "检验鉴定" * 80  # 320 characters, the record keeps 300
        page = self.client.post(reverse("protection:case_pause", args=[case.pk]), {"reason": typed})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="id_pause_reason_error"')
        self.assertContains(page, f'value="{typed}"')
        self.assertNotContains(page, 'class="messages"')
        self.assertFalse(CasePause.objects.exists())

    def test_a_pause_without_a_reason_is_refused_beside_the_reason(self):
        case = self.lead()
        self.client.force_login(self.enforcer)
        page = self.client.post(reverse("protection:case_pause", args=[case.pk]), {"reason": "  "})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="id_pause_reason_error"')
        self.assertFalse(CasePause.objects.exists())
        done = self.client.post(reverse("protection:case_pause", args=[case.pk]), {"reason": "商标鉴定"})
        self.assertEqual(done.status_code, 302)
        self.assertEqual(CasePause.objects.get().reason, "商标鉴定")

    def test_an_extension_without_a_reason_is_refused_beside_the_reason(self):
        case = self.lead()
        self.client.force_login(self.leader)
        page = self.client.post(reverse("protection:case_extend", args=[case.pk]), {"note": " "})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="id_extend_note_error"')
        self.assertNotContains(page, 'class="messages"')
        self.assertFalse(Case.objects.get(pk=case.pk).filing_extended)
        done = self.client.post(reverse("protection:case_extend", args=[case.pk]), {"note": "需现场核查"})
        self.assertEqual(done.status_code, 302)
        self.assertTrue(Case.objects.get(pk=case.pk).filing_extended)

    def test_a_further_extension_to_an_earlier_date_keeps_the_decision_and_says_why_beside_the_date(self):
        case = self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3))
        case = actions.extend_decision(actor=self.leader, case=case, note="案情复杂")
        self.client.force_login(self.leader)
        url = reverse("protection:case_extend_further", args=[case.pk])
        page = self.client.post(url, {"decision": "经集体讨论决定继续延期", "new_due": "2026-03-04"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="id_extend_further_new_due_error"')
        self.assertContains(page, 'value="经集体讨论决定继续延期"')
        self.assertContains(page, 'value="2026-03-04"')
        self.assertNotContains(page, 'class="messages"')
        self.assertFalse(case.further_extensions.exists())
        # No date at all: said beside the date, the decision kept.
        page = self.client.post(url, {"decision": "经集体讨论决定继续延期", "new_due": "不是日期"})
        self.assertContains(page, 'id="id_extend_further_new_due_error"')
        self.assertContains(page, 'value="经集体讨论决定继续延期"')
        self.assertFalse(case.further_extensions.exists())

    def test_a_foreigner_gets_404_on_each_form(self):
        case = self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3))
        self.client.force_login(self.ent_manager)
        for name, data in [
            ("case_pause", {"reason": "x"}),
            ("case_extend", {"note": "x"}),
            ("case_extend_further", {"decision": "x", "new_due": "2026-12-31"}),
        ]:
            with self.subTest(name):
                page = self.client.post(reverse(f"protection:{name}", args=[case.pk]), data)
                self.assertEqual(page.status_code, 404)
        case.refresh_from_db()
        self.assertFalse(case.decision_extended)
        self.assertFalse(CasePause.objects.exists())
