"""How an event reads: the action in words, a workflow step by the state it reached, values in
local time and by their labels (the stored event itself never changes)."""

from types import SimpleNamespace

from django.test import SimpleTestCase
from django.utils import translation

from audit.display import action_label, actor_label, changes, display_value


def event(action: str, object_type: str, before=None, after=None):
    return SimpleNamespace(action=action, object_type=object_type, before=before, after=after, actor=None,
                           actor_name="system")  # fmt: skip


class DisplayTests(SimpleTestCase):
    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    def test_a_named_action_and_a_workflow_step_read_in_chinese(self):
        self.assertEqual(action_label(event("patent.update", "portfolio.patent")), "修改专利")
        self.assertEqual(
            action_label(event("award_application.approved", "incentives.application")), "奖励资助申请：变为“已批准”"
        )

    def test_a_utc_stamp_reads_in_shanghai_time(self):
        self.assertEqual(display_value("2025-03-01T02:00:00+00:00"), "2025-03-01 10:00")

    def test_a_change_reads_field_old_new_with_choice_labels(self):
        lines = changes(
            event(
                "award_application.approved",
                "incentives.application",
                before={"status": "public_notice", "updated_at": "2025-03-01T02:00:00+00:00"},
                after={"status": "approved", "updated_at": "2025-03-02T02:00:00+00:00"},
            )
        )
        self.assertEqual(lines, ["状态: 公示中 → 已批准"])

    def test_the_platform_acts_when_no_person_did(self):
        self.assertEqual(actor_label(event("case.lead", "protection.enforcementcase")), "系统")
