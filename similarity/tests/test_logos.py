"""Logo search: a mark's image is found again scaled, recoloured or cut a little, an unrelated
one is not; the upload refuses bad files with a message (never a 500); the page and the API say
what they searched; a foreigner gets 404 for an image it may not see."""

import io
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from similarity import index as mark_index
from similarity import logos
from similarity.logo_synth import cropped, draw_logo, png_bytes, recoloured, scaled
from similarity.models import CorpusMark, MarkImageHash
from similarity.tests.base import IndexedTestCase

# Seeds of generated logos: ORIGINAL is stored; the others are unrelated drawings.
ORIGINAL, OTHERS = 7, range(100, 160)


def upload(data: bytes, name: str = "logo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


class HashTableTests(IndexedTestCase):
    """The hashing and the scan alone, on generated logos."""

    def setUp(self) -> None:
        super().setUp()
        rows = []
        for seed in [ORIGINAL, *OTHERS]:
            h = logos.hash_image(draw_logo(seed))
            rows.append((seed, h.phash, h.dhash, h.phash_crop90, h.phash_crop80))
        self.table = logos.HashTable.from_rows(rows)

    def found(self, image: Image.Image) -> list[int]:
        return [hit.index_id for hit in self.table.search(logos.hash_image(image))]

    def test_a_scaled_copy_is_found_first(self):
        for factor in (0.4, 0.7, 1.9):
            with self.subTest(factor=factor):
                self.assertEqual(self.found(scaled(draw_logo(ORIGINAL), factor))[:1], [ORIGINAL])

    def test_a_recoloured_copy_is_found_first(self):
        for dark, light in (("#1f4e9c", "#fffbe6"), ("#c0392b", "white"), ("#2e7d32", "#f0f0f0")):
            with self.subTest(dark=dark):
                self.assertEqual(self.found(recoloured(draw_logo(ORIGINAL), dark, light))[:1], [ORIGINAL])

    def test_a_copy_cut_a_little_is_found_first(self):
        for share in (0.03, 0.06, 0.1):
            with self.subTest(share=share):
                self.assertEqual(self.found(cropped(draw_logo(ORIGINAL), share))[:1], [ORIGINAL])

    def test_all_three_at_once_and_saved_as_jpeg_is_still_found(self):
        changed = cropped(recoloured(scaled(draw_logo(ORIGINAL), 0.6)), 0.05)
        again = Image.open(io.BytesIO(jpeg(changed)))
        self.assertEqual(self.found(again)[:1], [ORIGINAL])

    def test_unrelated_logos_are_not_listed(self):
        for seed in range(500, 520):
            with self.subTest(seed=seed):
                self.assertEqual(self.found(draw_logo(seed)), [])

    def test_an_empty_table_finds_nothing(self):
        empty = logos.HashTable.from_rows([])
        self.assertEqual(empty.search(logos.hash_image(draw_logo(1))), [])

    def test_hashes_are_signed_int64(self):
        for seed in range(30):
            for value in vars(logos.hash_image(draw_logo(seed))).values():
                self.assertTrue(-(2**63) <= value < 2**63)


class BadFileTests(IndexedTestCase):
    def test_bad_files_are_refused_with_a_reason(self):
        png = png_bytes(draw_logo(1))
        tiny = png_bytes(Image.new("RGB", (4, 4), "white"))
        tiff = io.BytesIO()
        draw_logo(1).save(tiff, "TIFF")
        cases = {
            b"": "empty",
            b"%PDF-1.4 not an image": "not an image",
            png[: len(png) // 2]: "damaged",
            tiny: "too small",
            tiff.getvalue(): "TIFF",
            b"<svg xmlns='http://www.w3.org/2000/svg'></svg>": "not an image",
            b"x" * (logos.MAX_UPLOAD_BYTES + 1): "larger than",
        }
        with self.settings(LANGUAGE_CODE="en"):
            for data, words in cases.items():
                with self.subTest(words=words), self.assertRaises(logos.BadImage) as caught:
                    logos.open_image(data)
                self.assertIn(words, str(caught.exception))

    def test_a_cut_off_image_is_refused_even_after_weasyprint_allowed_them(self):
        # Importing WeasyPrint (the PDF reports) switches Pillow's LOAD_TRUNCATED_IMAGES on for the
        # whole process; an upload cut in half must still be refused, and the switch left as it was.
        import weasyprint  # noqa: F401
        from PIL import ImageFile

        self.assertTrue(ImageFile.LOAD_TRUNCATED_IMAGES)
        png = png_bytes(draw_logo(1))
        with self.assertRaises(logos.BadImage):
            logos.open_image(png[: len(png) // 2])
        self.assertTrue(ImageFile.LOAD_TRUNCATED_IMAGES)

    def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(self):
        big = io.BytesIO()
        Image.new("1", (5000, 4000)).save(big, "PNG")  # 20 million pixels, a few kB
        with self.assertRaises(logos.BadImage):
            logos.open_image(big.getvalue())


class LogoPageTests(IndexedTestCase):
    media: str

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.media = tempfile.mkdtemp(prefix="ipcounty-media-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.media, ignore_errors=True)
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        self.enterContext(override_settings(MEDIA_ROOT=self.media))
        with self.captureOnCommitCallbacks(execute=True):
            self.own = self.add_mark(
                self.enterprise,
                "30000021",
                "芝罘",
                ["3301"],
                image=ContentFile(png_bytes(draw_logo(ORIGINAL)), name="zhifu.png"),
            )
        self.outside = CorpusMark.objects.create(number="70000021", mark_text="海港", nice_classes=[33])
        self.outside.image.save("haigang.png", ContentFile(png_bytes(draw_logo(OTHERS[0]))))
        self.unrelated = CorpusMark.objects.create(number="70000022", mark_text="山城", nice_classes=[33])
        self.unrelated.image.save("shancheng.png", ContentFile(png_bytes(draw_logo(OTHERS[1]))))
        logos.refresh([mark_index.corpus_index_id(self.outside.pk), mark_index.corpus_index_id(self.unrelated.pk)])

    def post(self, data: bytes, name: str = "logo.png"):
        return self.client.post(reverse("similarity:logo_search"), {"image": upload(data, name)})

    def test_a_trademark_saved_with_an_image_is_hashed(self):
        self.assertTrue(MarkImageHash.objects.filter(index_id=self.own.pk).exists())
        self.assertEqual(MarkImageHash.objects.count(), 3)

    def test_the_office_finds_the_near_duplicate_of_a_district_logo_and_sees_what_was_searched(self):
        self.client.force_login(self.clerk)
        changed = cropped(recoloured(scaled(draw_logo(ORIGINAL), 0.5)), 0.05)
        response = self.post(png_bytes(changed))
        self.assertEqual(response.status_code, 200)
        hits = response.context["hits"]
        self.assertEqual([h.number for h in hits], ["30000021"])
        self.assertEqual(hits[0].image_url, reverse("similarity:mark_image", args=[self.own.pk]))
        self.assertContains(response, "已比对商标图样：")
        self.assertContains(response, "本区商标 1 件（更新于 ")
        self.assertContains(response, "外部商标库 2 件（从未更新）")

    def test_an_outside_logo_is_found_and_an_unrelated_image_finds_nothing(self):
        self.client.force_login(self.ent_member)
        response = self.post(png_bytes(scaled(draw_logo(OTHERS[0]), 0.7)))
        self.assertEqual([h.number for h in response.context["hits"]], ["70000021"])
        nothing = self.post(png_bytes(draw_logo(999)))
        self.assertEqual(nothing.context["hits"], [])
        self.assertContains(nothing, "没有与此图相近的商标图样。")

    def test_an_enterprise_sees_no_holder_and_no_image_of_another_enterprises_mark(self):
        self.client.force_login(self.other_manager)
        response = self.post(png_bytes(draw_logo(ORIGINAL)))
        hit = response.context["hits"][0]
        self.assertEqual((hit.number, hit.holder, hit.image_url), ("30000021", "", ""))

    def test_bad_uploads_get_a_message_and_400_never_500(self):
        self.client.force_login(self.clerk)
        cases = [
            (b"hello", "notes.txt", "此文件不是图片"),
            (png_bytes(draw_logo(1))[:300], "cut.png", "图片已损坏或不完整"),
            (b"x" * (logos.MAX_UPLOAD_BYTES + 1), "big.png", "图片超过 2 MB"),
        ]
        for data, name, message in cases:
            with self.subTest(name=name):
                response = self.post(data, name)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, message, status_code=400)
        empty = self.client.post(reverse("similarity:logo_search"), {})
        self.assertContains(empty, "请选择要检索的商标图样。", status_code=400)
        self.assertEqual(self.client.get(reverse("similarity:logo_search")).status_code, 200)

    def test_the_api_finds_the_logo_says_what_it_searched_and_refuses_a_bad_file(self):
        self.client.force_login(self.clerk)
        response = self.client.post(
            "/api/marks/similar-logo", {"image": upload(png_bytes(recoloured(draw_logo(ORIGINAL))))}
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["hits"][0]["number"], "30000021")
        self.assertEqual(body["hits"][0]["holder"], "Bob Ltd")
        registers = {r["key"]: r for r in body["searched"]["registers"]}
        self.assertEqual((registers["district"]["count"], registers["outside"]["count"]), (1, 2))
        bad = self.client.post("/api/marks/similar-logo", {"image": upload(b"not an image", "x.png")})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("image", bad.json()["errors"])

    def test_an_enterprise_gets_its_own_image_and_a_foreigner_gets_404_like_a_missing_id(self):
        url = reverse("similarity:mark_image", args=[self.own.pk])
        missing = reverse("similarity:mark_image", args=[999_999])
        self.client.force_login(self.ent_manager)
        self.assertEqual(self.client.get(url).status_code, 200)
        for user in (self.other_manager, self.bank_officer, self.mediator, self.police_liaison):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.get(missing).status_code, 404)
        self.client.force_login(self.other_manager)
        outside = reverse("similarity:mark_image", args=[mark_index.corpus_index_id(self.outside.pk)])
        self.assertEqual(self.client.get(outside).status_code, 200)  # outside marks are public facts
        self.client.force_login(self.bank_officer)
        self.assertEqual(self.client.get(outside).status_code, 404)

    def test_banks_mediators_and_the_police_cannot_search_by_logo(self):
        for user in (self.bank_officer, self.mediator, self.police_liaison):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.post(png_bytes(draw_logo(ORIGINAL))).status_code, 403)
                api = self.client.post("/api/marks/similar-logo", {"image": upload(png_bytes(draw_logo(1)))})
                self.assertEqual(api.status_code, 403)

    def test_the_rebuild_hashes_every_image_again_and_drops_stale_rows(self):
        MarkImageHash.objects.create(index_id=123456, phash=1, dhash=1, phash_crop90=1, phash_crop80=1)
        self.assertEqual(logos.rebuild(), 3)
        self.assertFalse(MarkImageHash.objects.filter(index_id=123456).exists())


class TableCacheTests(IndexedTestCase):
    def add(self, index_id: int, seed: int) -> None:
        MarkImageHash.objects.update_or_create(index_id=index_id, defaults=vars(logos.hash_image(draw_logo(seed))))

    def found(self, seed: int) -> list[int]:
        return [hit.index_id for hit in logos.table().search(logos.hash_image(draw_logo(seed)))]

    def test_new_changed_and_deleted_hashes_are_seen_by_the_next_search(self):
        self.add(1, ORIGINAL)
        self.assertEqual(self.found(ORIGINAL), [1])
        self.add(2, OTHERS[0])  # new: merged in
        self.assertEqual(self.found(OTHERS[0]), [2])
        self.add(1, OTHERS[1])  # changed: replaces the old hashes of mark 1
        self.assertEqual(self.found(ORIGINAL), [])
        self.assertEqual(self.found(OTHERS[1]), [1])
        self.assertEqual(len(logos.table()), 2)
        logos.refresh([2])  # no such mark any more: its hashes are deleted, and the table read again
        self.assertEqual(self.found(OTHERS[0]), [])
        self.assertEqual(len(logos.table()), 1)
