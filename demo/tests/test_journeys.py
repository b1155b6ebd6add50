"""The demo district completes every journey: after ``seed_demo`` each role finds its waiting
item on its home worklist (an open programme the first enterprise is eligible for now, an award
application whose public notice has ended, a transfer waiting for the police, a mediation
waiting for judicial confirmation), each labelled as demo on its page; and the mark search says
what it searched and finds a planted look-alike of a key brand in the generated outside
register; a generated logo's planted near-duplicate is found by the logo search, and a watch hit
still open to opposition waits on the clerk's worklist with its last day to oppose."""

from __future__ import annotations

import io
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cultivation.models import KeyBrand
from demo.marks import SOURCE
from home.gather import worklist_for
from incentives.choices import ApplicationStatus
from incentives.models import Application, Programme
from portfolio.models import Trademark
from protection.choices import MediationStatus, TransferStatus
from protection.models import Mediation, Transfer
from similarity import index, logos
from similarity.models import CorpusMark


class DemoJourneysTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index_dir = tempfile.mkdtemp(prefix="ipcounty-index-")
        cls.settings_override = override_settings(SIMILARITY_INDEX_DIR=cls.index_dir)
        cls.settings_override.enable()
        # As in a real run, what waits for the commit (the index, the logo hashes, the watch) runs.
        with cls.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", enterprises=80, stdout=io.StringIO())

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.settings_override.disable()
        index.forget_open_indexes()
        logos.forget()
        shutil.rmtree(cls.index_dir, ignore_errors=True)

    def worklist_urls(self, username: str) -> list[str]:
        return [item.url for item in worklist_for(User.objects.get(username=username))]

    def assert_demo_page(self, username: str, url: str) -> None:
        """The waiting item's page opens for that person and labels the record as demo."""
        self.client.force_login(User.objects.get(username=username))
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="tag demo"')

    def test_the_first_enterprise_is_eligible_now_for_an_open_programme(self):
        today = timezone.localdate()
        open_now = Programme.objects.filter(is_demo=True, opens_on__lte=today, closes_on__gte=today)
        self.assertTrue(open_now.exists())
        apply_urls = {reverse("incentives:apply", args=[p.pk]) for p in open_now}
        self.assertTrue(apply_urls & set(self.worklist_urls("ent_manager")))
        self.assert_demo_page("ent_manager", reverse("incentives:programme_detail", args=[open_now.first().pk]))

    def test_an_application_whose_public_notice_has_ended_waits_for_the_leader(self):
        waiting = Application.objects.filter(
            status=ApplicationStatus.PUBLIC_NOTICE, notice_ends__lt=timezone.localdate(), is_demo=True
        )
        self.assertTrue(waiting.exists())
        url = reverse("incentives:application_detail", args=[waiting.first().pk])
        self.assertIn(url, self.worklist_urls("leader"))
        self.assert_demo_page("leader", url)

    def test_a_transfer_waits_for_the_police(self):
        waiting = Transfer.objects.filter(status=TransferStatus.SENT, is_demo=True)
        self.assertTrue(waiting.exists())
        url = reverse("protection:transfer_detail", args=[waiting.first().pk])
        self.assertIn(url, self.worklist_urls("police"))
        self.assert_demo_page("police", url)

    def test_a_mediation_waits_for_the_courts_confirmation(self):
        court = User.objects.get(username="court")
        waiting = Mediation.objects.filter(status=MediationStatus.CONFIRMATION, court=court.organisation, is_demo=True)
        self.assertTrue(waiting.exists())
        url = reverse("protection:mediation_detail", args=[waiting.first().pk])
        self.assertIn(url, self.worklist_urls("court"))
        self.assert_demo_page("court", url)

    def test_the_outside_register_holds_generated_marks_labelled_demo(self):
        outside = CorpusMark.objects.filter(source=SOURCE)
        self.assertGreater(outside.count(), 2000)
        self.assertFalse(outside.filter(is_demo=False).exists())

    def test_the_mark_search_names_both_counts_and_finds_a_planted_look_alike(self):
        """A key brand's search finds an outside mark likely to be judged confusingly similar
        (score from 75, see the search page): the planted look-alikes."""
        self.client.force_login(User.objects.get(username="clerk"))
        found = 0
        for brand in KeyBrand.objects.filter(is_demo=True):
            response = self.client.get(reverse("similarity:search"), {"q": brand.name})
            self.assertContains(response, f"本区商标 {Trademark.objects.count():,} 件（更新于 ")
            self.assertContains(response, f"外部商标库 {CorpusMark.objects.count():,} 件（更新于 ")
            look_alikes = [
                hit
                for hit in response.context["hits"]
                if hit.source == "corpus" and hit.source_label == SOURCE and hit.score >= 75
            ]
            found += bool(look_alikes)
            self.assertContains(response, 'class="tag demo"')
        self.assertGreaterEqual(found, 3)

    def test_the_logo_search_finds_the_planted_near_duplicate_of_a_district_logo(self):
        from similarity.models import MarkImageHash

        self.client.force_login(User.objects.get(username="clerk"))
        marks = Trademark.objects.filter(is_demo=True).exclude(image="").order_by("pk")
        self.assertGreaterEqual(marks.count(), 3)
        self.assertGreater(MarkImageHash.objects.count(), 200)
        found = 0
        for mark in marks:
            with mark.image.open("rb") as fh:
                upload = SimpleUploadedFile("logo.png", fh.read(), content_type="image/png")
            response = self.client.post(reverse("similarity:logo_search"), {"image": upload})
            self.assertEqual(response.status_code, 200)
            numbers = [hit.number for hit in response.context["hits"]]
            self.assertEqual(numbers[0], mark.number)  # the image itself, first
            found += any(hit.source == "corpus" and hit.is_demo for hit in response.context["hits"])
        self.assertEqual(found, marks.count())

    def test_a_watch_hit_open_to_opposition_waits_on_the_clerks_worklist_with_its_last_day(self):
        from similarity.models import WatchHit
        from similarity.opposition import window

        open_hits = [
            hit
            for hit in WatchHit.objects.exclude(publication_date=None)
            if (found := window(hit.publication_date)) is not None and found.is_open
        ]
        self.assertTrue(open_hits)
        items = [i for i in worklist_for(User.objects.get(username="clerk")) if "/similarity/watch/" in i.url]
        dues = [i.due for i in items if i.due is not None]
        self.assertEqual(len(dues), len(open_hits))
        self.assertEqual(dues, sorted(dues))

    def test_the_nightly_round_filled_the_demo_inboxes_and_a_right_lapsed_last_month(self):
        from core.models import JobRun
        from notifications.models import Message

        run = JobRun.objects.get(name="notifications.nightly")
        self.assertEqual(run.status, JobRun.Status.DONE)
        manager = User.objects.get(username="ent_manager")
        inbox = Message.objects.filter(organisation=manager.organisation)
        kinds = set(inbox.values_list("kind", flat=True))
        self.assertLessEqual({"annuity", "annuity_grace", "restoration", "renewal"}, kinds)
        self.assertTrue(Message.objects.filter(organisation=User.objects.get(username="ent2_manager").organisation))
        self.client.force_login(manager)
        page = self.client.get(reverse("notifications:inbox"))
        self.assertContains(page, "一种果酒低温发酵控制系统")
        self.assertContains(page, 'class="tag demo"')
        # The office's list of rights that lapsed last month holds the demo patent whose grace ended.
        self.client.force_login(User.objects.get(username="clerk"))
        lapsed = self.client.get(reverse("notifications:lapsed"))
        self.assertContains(lapsed, "一种酒瓶封口检测设备")
