"""The mark-watch hit's decision: a refusal shows the hit's page again with the note as typed
and the reason beside it, not a message above the page; a foreigner gets 404."""

from django.urls import reverse

from similarity.choices import WatchStatus
from similarity.models import WatchHit
from similarity.tests.test_watch import WatchTestCase


class HitStepFormTests(WatchTestCase):
    def post(self, hit, data):
        return self.client.post(reverse("similarity:hit_transition", args=[hit.pk]), data)

    def test_a_decision_without_a_note_says_why_beside_the_note_and_the_page_stays(self):
        hit = self.lead_hit()
        self.client.force_login(self.reviewer)
        page = self.post(hit, {"status": "dismissed", "note": "   "})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="decide"')
        self.assertContains(page, 'id="id_note_error"')
        self.assertNotContains(page, 'class="messages"')
        self.assertEqual(WatchHit.objects.get(pk=hit.pk).status, WatchStatus.NEW)
        done = self.post(hit, {"status": "dismissed", "note": "线索笔误"})
        self.assertRedirects(done, reverse("similarity:hit_detail", args=[hit.pk]))
        self.assertEqual(WatchHit.objects.get(pk=hit.pk).status, WatchStatus.DISMISSED)

    def test_a_note_too_long_is_kept_as_typed_with_the_reason_beside_it(self):
        hit = self.lead_hit()
        self.client.force_login(self.reviewer)
        typed = "近似商标" * 260  # 1040 characters, the note keeps 1000
        page = self.post(hit, {"status": "confirmed", "note": typed})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="id_note_error"')
        self.assertContains(page, typed)
        self.assertEqual(WatchHit.objects.get(pk=hit.pk).status, WatchStatus.NEW)

    def test_an_unknown_status_is_refused_on_the_page_not_500(self):
        hit = self.lead_hit()
        self.client.force_login(self.reviewer)
        page = self.post(hit, {"status": "nonsense", "note": "看一下"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "看一下")
        self.assertContains(page, 'class="errorlist')
        self.assertEqual(WatchHit.objects.get(pk=hit.pk).status, WatchStatus.NEW)

    def test_a_foreigner_gets_404(self):
        hit = self.lead_hit()
        for outsider in (self.ent_manager, self.other_manager):
            with self.subTest(outsider.username):
                self.client.force_login(outsider)
                self.assertEqual(self.post(hit, {"status": "dismissed", "note": "x"}).status_code, 404)
        self.assertEqual(WatchHit.objects.get(pk=hit.pk).status, WatchStatus.NEW)
