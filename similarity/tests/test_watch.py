"""The protected-mark watch: the list, automatic checks of new marks, and the review."""

import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from core.tests.querycount import assert_queries_do_not_grow
from portfolio import actions as portfolio_actions
from similarity import actions
from similarity.choices import NewMarkSource, ProtectedKind, WatchStatus
from similarity.importing import import_corpus_file
from similarity.models import ProtectedMark, WatchHit, WatchHitStatusChange
from similarity.tests.base import IndexedTestCase, corpus_csv
from similarity.watch import check_text_against_watch


class WatchTestCase(IndexedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.gi = portfolio_actions.add_geographical_indication(
            actor=None, name="烟台葡萄酒", product="葡萄酒", protection="certification_mark", nice_class=33
        )
        cls.well_known = cls.add_mark(
            cls.other_enterprise,
            "60000001",
            "张裕",
            ["3301"],
            is_well_known=True,
            status="registered",
            registration_date="2010-01-01",
        )
        cls.sign = portfolio_actions.add_special_sign(actor=None, name="奥林匹克", kind="olympic")
        actions.sync_protected_list(actor=None)

    def lead_hit(self) -> WatchHit:
        return check_text_against_watch("烟台葡萄洒", [33], "lead 7", self.enterprise)[0]


class ProtectedListTests(WatchTestCase):
    def test_sync_lists_well_known_marks_gis_and_special_signs(self):
        entries = {e.name: e for e in ProtectedMark.objects.all()}
        self.assertEqual(set(entries), {"烟台葡萄酒", "张裕", "奥林匹克"})
        self.assertEqual(entries["张裕"].kind, ProtectedKind.WELL_KNOWN)
        self.assertTrue(entries["张裕"].cross_class)
        self.assertEqual((entries["烟台葡萄酒"].nice_classes, entries["烟台葡萄酒"].cross_class), ([33], False))
        again = actions.sync_protected_list(actor=self.clerk)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 3))

    def test_a_mark_no_longer_well_known_stops_being_watched(self):
        portfolio_actions.update_trademark(actor=None, trademark=self.well_known, is_well_known=False)
        result = actions.sync_protected_list(actor=self.clerk)
        self.assertEqual(result.deactivated, 1)
        self.assertFalse(ProtectedMark.objects.get(name="张裕").is_active)
        self.assertTrue(AuditEvent.objects.filter(action="protected_mark.sync_deactivate").exists())

    def test_a_key_brand_is_added_by_hand_by_a_clerk_only(self):
        entry = actions.add_protected_mark(actor=self.clerk, name="芝罘湾", groups=["3301"])
        self.assertEqual((entry.kind, entry.nice_classes, entry.is_manual), (ProtectedKind.KEY_BRAND, [33], True))
        with self.assertRaises(PermissionDenied):
            actions.add_protected_mark(actor=self.enforcer, name="x")
        with self.assertRaises(ValidationError):
            actions.add_protected_mark(actor=self.clerk, name="x", nice_classes=[77])


class WatchCheckTests(WatchTestCase):
    def test_an_imported_mark_like_a_gi_is_a_hit_in_the_gis_class_only(self):
        rows = [
            ["70000001", "烟台葡萄酒庄", "某酒庄", "33", "", "", ""],
            ["70000002", "烟台葡萄酒", "某电子", "9", "", "", ""],
        ]
        with self.captureOnCommitCallbacks(execute=True):
            import_corpus_file(corpus_csv(rows), "extract.csv", actor=self.clerk, source="national register")
        hits = list(WatchHit.objects.all())
        self.assertEqual([(h.number, h.protected_mark.name) for h in hits], [("70000001", "烟台葡萄酒")])
        self.assertEqual(hits[0].source_kind, NewMarkSource.CORPUS)
        self.assertIn({"code": "same_chars", "detail": "烟台葡萄酒"}, hits[0].reasons)
        self.assertGreaterEqual(hits[0].score, 75)

    def test_a_hits_source_is_the_imports_name_in_no_ones_language(self):
        # the kind says where it was found (外部注册库); the source names the import, not a
        # sentence in the language of the worker that found it
        rows = [["70000001", "烟台葡萄酒庄", "某酒庄", "33", "", "", ""]]
        with translation.override("zh-hans"), self.captureOnCommitCallbacks(execute=True):
            import_corpus_file(corpus_csv(rows), "extract.csv", actor=self.clerk, source="national register")
        hit = WatchHit.objects.get()
        self.assertEqual((hit.source_kind, hit.source_label), (NewMarkSource.CORPUS, "national register"))
        with translation.override("zh-hans"), self.captureOnCommitCallbacks(execute=True):
            self.add_mark(self.enterprise, "70000003", "张裕园", ["0901"])
        hit = WatchHit.objects.get(source_kind=NewMarkSource.PORTFOLIO)
        self.assertEqual(hit.source_label, "")
        self.client.force_login(self.clerk)
        with translation.override("zh-hans"):
            page = self.client.get(reverse("similarity:hit_detail", args=[hit.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
        self.assertContains(page, "<dd>本区企业商标</dd>", html=True)

    def test_the_migration_keeps_only_the_names_of_older_hits_sources(self):
        import importlib

        from django.apps import apps

        migration = importlib.import_module("similarity.migrations.0007_watch_hit_source_names")
        old = {
            "portfolio": ["District portfolio", "本区企业商标", "lead 7"],
            "corpus": ["Outside register: a.csv", "外部注册库：extract.csv", "b"],
        }
        hit = self.lead_hit()
        made = []
        for kind, labels in old.items():
            for label in labels:
                hit.pk = None
                hit.source_kind, hit.source_label, hit.source_id = kind, label, (hit.source_id or 0) + 1
                hit.save()
                made.append(hit.pk)
        migration.names_only(apps, None)
        got = list(WatchHit.objects.filter(pk__in=made).order_by("pk").values_list("source_label", flat=True))
        self.assertEqual(got, ["", "", "lead 7", "a.csv", "extract.csv", "b"])

    def test_a_portfolio_mark_like_a_well_known_mark_is_a_hit_in_any_class(self):
        with self.captureOnCommitCallbacks(execute=True):
            mark = self.add_mark(self.enterprise, "70000003", "张裕园", ["0901"])
        hit = WatchHit.objects.get()
        self.assertEqual((hit.protected_mark.name, hit.source_object, hit.source_kind), ("张裕", mark, "portfolio"))

    def test_the_well_known_marks_owner_does_not_hit_its_own_mark(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.add_mark(self.other_enterprise, "70000004", "张裕园", ["0901"])
        self.assertFalse(WatchHit.objects.exists())

    def test_unrelated_marks_do_not_hit(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.add_mark(self.enterprise, "70000005", "蓝色海洋", ["3301"])
        self.assertFalse(WatchHit.objects.exists())

    def test_a_lead_is_checked_once_per_object(self):
        first = self.lead_hit()
        self.assertEqual((first.protected_mark.name, first.source_kind), ("烟台葡萄酒", NewMarkSource.LEAD))
        self.assertIn("similar_shape", {r["code"] for r in first.reasons})
        self.lead_hit()
        self.assertEqual(WatchHit.objects.count(), 1)
        self.assertEqual(check_text_against_watch("烟台葡萄洒", [9], "lead", None), [])
        self.assertEqual(check_text_against_watch("奥林匹克杯", [], "lead", None)[0].protected_mark.name, "奥林匹克")


class ReviewTests(WatchTestCase):
    def test_a_clerk_dismisses_with_a_reason_and_it_is_audited(self):
        hit = self.lead_hit()
        with self.assertRaises(ValidationError):
            actions.transition_watch_hit(actor=self.clerk, hit=hit, to_status=WatchStatus.DISMISSED, note=" ")
        hit = actions.transition_watch_hit(
            actor=self.clerk, hit=hit, to_status=WatchStatus.DISMISSED, note="Different goods in practice"
        )
        self.assertEqual(
            (hit.status, hit.decided_by, hit.decision_note), ("dismissed", self.clerk, "Different goods in practice")
        )
        change = WatchHitStatusChange.objects.get(hit=hit)
        self.assertEqual((change.from_status, change.to_status, change.actor), ("new", "dismissed", self.clerk))
        event = AuditEvent.objects.get(action="watch_hit.transition", object_id=str(hit.pk))
        self.assertEqual((event.before["status"], event.after["status"]), ("new", "dismissed"))

    @translation.override("en")
    def test_who_may_take_each_step(self):
        hit = self.lead_hit()
        with self.assertRaisesMessage(PermissionDenied, "clerk, reviewer or leader"):
            actions.transition_watch_hit(actor=self.enforcer, hit=hit, to_status="confirmed", note="x")
        with self.assertRaises(PermissionDenied):
            actions.transition_watch_hit(actor=self.ent_manager, hit=hit, to_status="confirmed", note="x")
        actions.transition_watch_hit(actor=self.clerk, hit=hit, to_status="confirmed", note="Same wine, same region")
        with self.assertRaisesMessage(PermissionDenied, "reviewer or leader"):
            actions.transition_watch_hit(actor=self.clerk, hit=hit, to_status="new", note="oops")
        with self.assertRaises(PermissionDenied):
            actions.transition_watch_hit(actor=self.reviewer, hit=hit, to_status="dismissed", note="x")
        hit = actions.transition_watch_hit(actor=self.reviewer, hit=hit, to_status="new", note="Check again")
        self.assertEqual((hit.status, hit.decided_by), ("new", None))

    def test_the_hit_page_shows_both_marks_and_takes_a_decision(self):
        hit = self.lead_hit()
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("similarity:hit_detail", args=[hit.pk]))
        self.assertContains(page, "烟台葡萄洒")
        self.assertContains(page, "烟台葡萄酒")
        self.assertContains(page, 'value="dismissed"')
        response = self.client.post(
            reverse("similarity:hit_transition", args=[hit.pk]), {"status": "dismissed", "note": "A typo in the lead"}
        )
        self.assertRedirects(response, reverse("similarity:hit_detail", args=[hit.pk]))
        hit.refresh_from_db()
        self.assertEqual(hit.status, "dismissed")
        listed = self.client.get(reverse("similarity:watch_list"), {"status": "dismissed"})
        self.assertContains(listed, "烟台葡萄洒")

    def test_an_enforcement_officer_sees_why_the_buttons_are_missing(self):
        hit = self.lead_hit()
        self.client.force_login(self.enforcer)
        page = self.client.get(reverse("similarity:hit_detail", args=[hit.pk]))
        self.assertNotContains(page, 'value="dismissed"')
        self.assertContains(page, 'class="why"')
        response = self.client.post(
            reverse("similarity:hit_transition", args=[hit.pk]), {"status": "dismissed", "note": "x"}
        )
        self.assertEqual(response.status_code, 403)

    def test_the_api_lists_and_decides_hits_for_the_office(self):
        hit = self.lead_hit()
        self.client.force_login(self.reviewer)
        listed = self.client.get("/api/watch/hits", {"status": "new"}).json()
        self.assertEqual([h["id"] for h in listed["items"]], [hit.pk])
        response = self.client.post(
            f"/api/watch/hits/{hit.pk}/transition",
            data={"status": "confirmed", "note": "Clear conflict"},
            content_type="application/json",
        )
        self.assertEqual(response.json()["status"], "confirmed")
        bad = self.client.post(
            f"/api/watch/hits/{hit.pk}/transition", data={"status": "nonsense"}, content_type="application/json"
        )
        self.assertEqual(bad.status_code, 422)  # not a state of the workflow: bad input (issue 14)

    def test_list_pages_do_not_grow_with_rows(self):
        self.client.force_login(self.clerk)
        self.lead_hit()
        serial = itertools.count()

        def add(n: int) -> None:
            for i in itertools.islice(serial, n):
                check_text_against_watch(f"烟台葡萄{i}酒", [33], "lead", None)
                actions.add_protected_mark(actor=self.clerk, name=f"品牌{i}")

        pages = [reverse("similarity:watch_list"), reverse("similarity:protected_list")]
        assert_queries_do_not_grow(self, pages, add, rows=2)
