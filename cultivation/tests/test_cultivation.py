"""Trainings, competitions and the key-brand list: actions, pages, API, visibility."""

import datetime as dt
import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from core.tests.querycount import assert_queries_do_not_grow
from cultivation import actions
from cultivation.choices import BrandGoal, BrandStage, EventKind, EventLevel
from cultivation.conflicts import brand_conflicts
from cultivation.models import KeyBrand, Participation, Training
from cultivation.views import counts_per_year
from registry import actions as registry_actions
from registry.tests.test_access import page_body
from similarity.choices import ProtectedKind
from similarity.tests.base import IndexedTestCase

MISSING = 987654


class CultivationTests(IndexedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bob_person = registry_actions.add_talent(
            actor=None, name="赵芳", kind="engineer", organisation=cls.enterprise.organisation
        )
        cls.charlie_person = registry_actions.add_talent(
            actor=None, name="钱力", kind="engineer", organisation=cls.other_enterprise.organisation
        )
        cls.course = actions.create_training(
            actor=cls.clerk,
            kind=EventKind.TRAINING,
            title="专利挖掘培训",
            organiser="区市场监管局",
            level=EventLevel.DISTRICT,
            held_on=dt.date(2025, 4, 8),
        )
        actions.record_participation(actor=cls.clerk, training=cls.course, talent=cls.bob_person, result="结业")
        cls.contest = actions.create_training(
            actor=cls.clerk,
            kind=EventKind.COMPETITION,
            title="知识竞赛",
            organiser="市市场监管局",
            level=EventLevel.MUNICIPAL,
            held_on=dt.date(2026, 5, 1),
        )
        actions.record_participation(
            actor=cls.clerk, training=cls.contest, talent=cls.charlie_person, result="一等奖", certificate_number="C-1"
        )
        cls.bob_mark = cls.add_mark(cls.enterprise, "40000001", "芝罘湾", ["3301"], status="registered")
        cls.charlie_mark = cls.add_mark(cls.other_enterprise, "40000002", "芝罘", ["3301"])
        cls.brand = actions.add_key_brand(
            actor=cls.clerk,
            name="芝罘湾",
            owner=cls.enterprise,
            goal=BrandGoal.WELL_KNOWN_MARK,
            trademarks=[cls.bob_mark],
            target_year=2027,
        )

    # --- trainings --------------------------------------------------------------------------

    def test_a_participant_is_recorded_once_and_corrected_in_place(self):
        actions.record_participation(
            actor=self.clerk, training=self.course, talent=self.bob_person, result="优秀学员", certificate_number="P-9"
        )
        row = Participation.objects.get(training=self.course, talent=self.bob_person)
        self.assertEqual((row.result, row.certificate_number), ("优秀学员", "P-9"))
        self.assertEqual(self.course.participations.count(), 1)
        self.assertTrue(AuditEvent.objects.filter(action="training.participation").exists())

    def test_only_office_staff_keep_trainings(self):
        for person in (self.ent_manager, self.leadership, self.enforcer):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                actions.create_training(
                    actor=person, kind="training", title="x", organiser="y", level="district", held_on=dt.date.today()
                )

    def test_counts_per_year_split_trainings_and_competitions_with_their_people(self):
        rows = {r["year"]: r for r in counts_per_year(Training.objects.all())}
        self.assertEqual(rows[2025], {"year": 2025, "trainings": 1, "competitions": 0, "trained": 1, "competed": 0})
        self.assertEqual(rows[2026], {"year": 2026, "trainings": 0, "competitions": 1, "trained": 0, "competed": 1})

    def test_clerk_adds_a_training_and_a_participant_through_the_pages(self):
        self.client.force_login(self.clerk)
        response = self.client.post(
            reverse("cultivation:training_create"),
            {
                "kind": "training",
                "title": "商标培训",
                "organiser": "区局",
                "level": "district",
                "held_on": "2026-03-02",
            },
        )
        training = Training.objects.get(title="商标培训")
        self.assertRedirects(response, reverse("cultivation:training_detail", args=[training.pk]))
        self.client.post(
            reverse("cultivation:participation_add", args=[training.pk]),
            {"talent": self.bob_person.pk, "result": "结业", "certificate_number": "Z-1"},
        )
        self.assertEqual(training.participations.get().certificate_number, "Z-1")
        page = self.client.get(reverse("cultivation:training_detail", args=[training.pk]))
        self.assertContains(page, "Z-1")

    def test_the_training_list_costs_a_fixed_number_of_queries(self):
        serial = itertools.count()

        def add(n: int) -> None:
            for i in itertools.islice(serial, n):
                actions.create_training(
                    actor=None,
                    kind="training",
                    title=f"t{i}",
                    organiser="o",
                    level="district",
                    held_on=dt.date(2024, 1, 1),
                )

        self.client.force_login(self.clerk)
        self.assertEqual(assert_queries_do_not_grow(self, [reverse("cultivation:training_list")], add, rows=2), [10])
        self.assertContains(self.client.get(reverse("cultivation:training_list")), "t5")

    def test_an_enterprise_sees_only_events_its_people_attended_and_only_its_people(self):
        self.client.force_login(self.ent_manager)
        listing = self.client.get(reverse("cultivation:training_list"))
        self.assertContains(listing, "专利挖掘培训")
        self.assertNotContains(listing, "知识竞赛")
        self.assertEqual(
            self.client.get(reverse("cultivation:training_detail", args=[self.contest.pk])).status_code, 404
        )
        api = self.client.get(f"/api/trainings/{self.course.pk}").json()
        self.assertEqual([p["name"] for p in api["participants"]], ["赵芳"])

    def test_a_foreign_training_looks_exactly_like_a_missing_one(self):
        self.client.force_login(self.other_manager)
        for name in ("cultivation:training_detail", "cultivation:training_edit"):
            path, missing = reverse(name, args=[self.course.pk]), reverse(name, args=[MISSING])
            foreign, absent = self.client.get(path), self.client.get(missing)
            self.assertEqual((foreign.status_code, absent.status_code), (404, 404))
            self.assertEqual(page_body(foreign, path), page_body(absent, missing))
        self.assertEqual(self.client.get(f"/api/trainings/{self.course.pk}").status_code, 404)
        self.assertEqual(self.client.get(f"/api/trainings/{MISSING}").status_code, 404)

    def test_the_api_creates_a_training_and_adds_a_participant(self):
        self.client.force_login(self.clerk)
        created = self.client.post(
            "/api/trainings",
            {
                "kind": "competition",
                "title": "API 竞赛",
                "organiser": "区局",
                "level": "district",
                "held_on": "2026-06-01",
            },
            content_type="application/json",
        )
        self.assertEqual(created.status_code, 201, created.content)
        pk = created.json()["id"]
        added = self.client.post(
            f"/api/trainings/{pk}/participants",
            {"talent_id": self.bob_person.pk, "result": "二等奖"},
            content_type="application/json",
        )
        self.assertEqual(added.json()["participants"][0]["result"], "二等奖")
        self.client.force_login(self.ent_manager)
        refused = self.client.post(
            "/api/trainings",
            {"kind": "training", "title": "x", "organiser": "y", "level": "district", "held_on": "2026-06-01"},
            content_type="application/json",
        )
        self.assertEqual(refused.status_code, 403)

    # --- key brands -------------------------------------------------------------------------

    def test_a_key_brand_goes_onto_the_protected_mark_watch_in_its_classes(self):
        entry = self.brand.protected_mark
        self.assertEqual((entry.kind, entry.name, entry.nice_classes), (ProtectedKind.KEY_BRAND, "芝罘湾", [33]))
        self.assertTrue(entry.is_active)
        self.assertEqual(entry.holder_name, self.enterprise.name)

    def test_a_brand_takes_only_its_owners_marks(self):
        with self.assertRaises(ValidationError) as caught:
            actions.add_key_brand(
                actor=self.clerk,
                name="别家",
                owner=self.enterprise,
                goal="regional_brand",
                trademarks=[self.charlie_mark],
            )
        self.assertIn("trademarks", caught.exception.message_dict)
        self.assertFalse(KeyBrand.objects.filter(name="别家").exists())

    def test_the_engine_lists_other_owners_similar_marks_and_not_the_owners_own(self):
        hits = brand_conflicts(self.clerk, self.brand)
        self.assertEqual([h.number for h in hits], ["40000002"])
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("cultivation:brand_detail", args=[self.brand.pk]))
        self.assertContains(page, "40000002")

    def test_progress_follows_the_table_and_dropping_needs_a_reason_and_stops_the_watch(self):
        with self.assertRaises(PermissionDenied):
            actions.move_key_brand(actor=self.clerk, brand=self.brand, to_stage=BrandStage.ACHIEVED)
        actions.move_key_brand(actor=self.clerk, brand=self.brand, to_stage=BrandStage.PREPARING)
        self.client.force_login(self.clerk)
        self.assertContains(self.client.get(reverse("cultivation:brand_detail", args=[self.brand.pk])), "alice")
        actions.move_key_brand(actor=None, brand=self.brand, to_stage=BrandStage.FILED)
        actions.move_key_brand(actor=None, brand=self.brand, to_stage=BrandStage.PREPARING)
        self.assertEqual(self.client.get(reverse("cultivation:brand_detail", args=[self.brand.pk])).status_code, 200)
        with self.assertRaises(PermissionDenied):
            actions.move_key_brand(actor=self.clerk, brand=self.brand, to_stage=BrandStage.DROPPED, note="x")
        with self.assertRaises(ValidationError):
            actions.move_key_brand(actor=self.leader, brand=self.brand, to_stage=BrandStage.DROPPED)
        brand = actions.move_key_brand(actor=self.leader, brand=self.brand, to_stage=BrandStage.DROPPED, note="停产")
        brand.protected_mark.refresh_from_db()
        self.assertFalse(brand.protected_mark.is_active)
        self.assertEqual(
            list(brand.steps.values_list("from_status", "to_status")),
            [("planned", "preparing"), ("preparing", "filed"), ("filed", "preparing"), ("preparing", "dropped")],
        )

    def test_a_step_is_taken_from_the_brand_page(self):
        self.client.force_login(self.clerk)
        url = reverse("cultivation:brand_move", args=[self.brand.pk, "preparing"])
        self.assertRedirects(
            self.client.post(url, {"note": "收集证据"}), reverse("cultivation:brand_detail", args=[self.brand.pk])
        )
        self.brand.refresh_from_db()
        self.assertEqual(self.brand.stage, "preparing")

    def test_the_owner_sees_its_brand_and_another_enterprise_gets_404(self):
        self.client.force_login(self.ent_manager)
        self.assertContains(self.client.get(reverse("cultivation:brand_list")), "芝罘湾")
        self.assertEqual(self.client.get(reverse("cultivation:brand_detail", args=[self.brand.pk])).status_code, 200)
        self.client.force_login(self.other_manager)
        path, missing = (
            reverse("cultivation:brand_detail", args=[self.brand.pk]),
            reverse("cultivation:brand_detail", args=[MISSING]),
        )
        foreign, absent = self.client.get(path), self.client.get(missing)
        self.assertEqual((foreign.status_code, absent.status_code), (404, 404))
        self.assertEqual(page_body(foreign, path), page_body(absent, missing))
        self.assertEqual(self.client.get(f"/api/key-brands/{self.brand.pk}").status_code, 404)
        self.assertNotContains(self.client.get(reverse("cultivation:brand_list")), "芝罘湾")

    def test_the_brand_list_costs_a_fixed_number_of_queries(self):
        serial = itertools.count()

        def add(n: int) -> None:
            for i in itertools.islice(serial, n):
                actions.add_key_brand(actor=None, name=f"品牌{i}", owner=self.other_enterprise, goal="regional_brand")

        self.client.force_login(self.clerk)
        # the pager counts the brands: one query more than the list itself
        self.assertEqual(assert_queries_do_not_grow(self, [reverse("cultivation:brand_list")], add, rows=2), [10])

    def test_a_clerk_adds_a_brand_through_the_page_by_registration_number(self):
        self.client.force_login(self.clerk)
        bad = self.client.post(
            reverse("cultivation:brand_create"),
            {"name": "查理", "owner": self.other_enterprise.pk, "goal": "regional_brand", "trademarks": "99999999"},
            headers={"accept-language": "en"},
        )
        self.assertContains(bad, "No trademark with these numbers: 99999999.")
        response = self.client.post(
            reverse("cultivation:brand_create"),
            {"name": "查理", "owner": self.other_enterprise.pk, "goal": "regional_brand", "trademarks": "40000002"},
        )
        brand = KeyBrand.objects.get(name="查理")
        self.assertRedirects(response, reverse("cultivation:brand_detail", args=[brand.pk]))
        self.assertEqual([m.number for m in brand.trademarks.all()], ["40000002"])

    def test_the_edit_pages_save_through_the_actions(self):
        self.client.force_login(self.clerk)
        response = self.client.post(
            reverse("cultivation:training_edit", args=[self.course.pk]),
            {
                "kind": "training",
                "title": "专利挖掘实务",
                "organiser": "区局",
                "level": "district",
                "held_on": "2025-04-09",
            },
        )
        self.assertRedirects(response, reverse("cultivation:training_detail", args=[self.course.pk]))
        self.course.refresh_from_db()
        self.assertEqual((self.course.title, self.course.held_on), ("专利挖掘实务", dt.date(2025, 4, 9)))
        response = self.client.post(
            reverse("cultivation:brand_edit", args=[self.brand.pk]),
            {"goal": "regional_brand", "trademarks": "", "target_year": "2029", "note": "改为区域品牌"},
        )
        self.assertRedirects(response, reverse("cultivation:brand_detail", args=[self.brand.pk]))
        self.brand.refresh_from_db()
        self.assertEqual(
            (self.brand.goal, self.brand.target_year, self.brand.trademarks.count()), ("regional_brand", 2029, 0)
        )
        self.assertTrue(AuditEvent.objects.filter(action="key_brand.update").exists())
        self.client.force_login(self.leadership)
        self.assertEqual(self.client.get(reverse("cultivation:brand_edit", args=[self.brand.pk])).status_code, 403)
