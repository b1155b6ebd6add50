"""Similar-mark search through the service, the page, the API and tm_search."""

import io
import json

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts import actions as account_actions
from similarity.reasons import describe
from similarity.search import clean_query, search
from similarity.tests.base import IndexedTestCase


def codes(hit) -> set[str]:
    return {r["code"] for r in hit.reasons}


class SearchTests(IndexedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.zhifu = cls.add_mark(cls.enterprise, "30000001", "芝罘", ["3301"])
        cls.zhifu_tech = cls.add_mark(cls.other_enterprise, "30000002", "芝罘", ["0901"])
        cls.unrelated = cls.add_mark(cls.other_enterprise, "30000003", "蓝海", ["3301"])
        cls.teacher = cls.add_mark(cls.other_enterprise, "30000004", "名师", ["3301"])

    def test_a_zhifu_wan_query_finds_zhifu_with_the_shared_characters(self):
        hits = search(self.clerk, clean_query("芝罘湾"))
        self.assertEqual(hits[0].mark_text, "芝罘")
        self.assertIn({"code": "same_chars", "detail": "芝罘"}, hits[0].reasons)
        self.assertNotIn("蓝海", [h.mark_text for h in hits])

    def test_the_class_filter_keeps_only_marks_in_that_class(self):
        hits = search(self.clerk, clean_query("芝罘湾", classes=[33]))
        self.assertEqual([h.number for h in hits], ["30000001"])
        self.assertIn("same_class", codes(hits[0]))

    def test_same_sound_and_similar_shape_are_reasons(self):
        sound = search(self.clerk, clean_query("知福"))
        self.assertIn("same_sound", codes(next(h for h in sound if h.mark_text == "芝罘")))
        shape = search(self.clerk, clean_query("名帅"))
        self.assertIn({"code": "similar_shape", "detail": [["帅", "师"]]}, shape[0].reasons)

    def test_reasons_read_as_words(self):
        with translation.override("en"):
            self.assertEqual(describe({"code": "same_chars", "detail": "芝罘"}), "Same characters: 芝罘")
            self.assertEqual(
                describe({"code": "same_sound", "detail": [{"a": "知", "b": "芝", "pinyin": "zhi"}]}),
                "Same sound: 知/芝 (zhi)",
            )
            self.assertEqual(describe({"code": "similar_shape", "detail": [["师", "帅"]]}), "Similar shape: 师/帅")
            self.assertEqual(
                describe({"code": "edit_distance", "detail": {"distance": 1, "a": "bobwine", "b": "bobwina"}}),
                "Spelling differs by 1 letter: bobwine / bobwina",
            )
            self.assertEqual(
                describe({"code": "related_group", "detail": [["3301", "3302"]]}),
                "Related similar-goods group: 3301→3302",
            )

    def test_a_mark_added_through_the_portfolio_is_found_at_once(self):
        search(self.clerk, clean_query("芝罘"))  # the index exists before the mark is added
        with self.captureOnCommitCallbacks(execute=True):
            self.add_mark(self.enterprise, "30000009", "芝罘湾", ["3301"])
        hits = search(self.clerk, clean_query("芝罘湾"))
        self.assertEqual((hits[0].number, hits[0].score), ("30000009", 100.0))

    def test_an_enterprise_sees_only_register_facts_of_other_enterprises_marks(self):
        hits = {h.number: h for h in search(self.ent_member, clean_query("芝罘"))}
        own, foreign = hits["30000001"], hits["30000002"]
        self.assertEqual(own.holder, "Bob Ltd")
        self.assertTrue(own.url)
        self.assertEqual((foreign.holder, foreign.url), ("", ""))
        self.assertEqual((foreign.mark_text, foreign.classes, foreign.status), ("芝罘", [9], "applied"))

    def test_bad_queries_get_clear_messages(self):
        for text, field in [("", "q"), ("芝" * 10_000, "q"), ("芝\x00罘", "q")]:
            with self.subTest(text=text[:5]), self.assertRaises(ValidationError) as caught:
                clean_query(text)
            self.assertIn(field, caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            clean_query("芝罘", classes=[46], groups=["9999"])
        self.assertEqual(set(caught.exception.message_dict), {"nice", "group"})


class SearchFacesTests(IndexedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.add_mark(cls.enterprise, "30000001", "芝罘", ["3301"])
        cls.add_mark(cls.other_enterprise, "30000002", "芝罘", ["0901"])

    def test_the_page_ranks_hits_with_reasons_for_the_office_and_enterprises(self):
        for user in (self.clerk, self.ent_member):
            self.client.force_login(user)
            response = self.client.get(reverse("similarity:search"), {"q": "芝罘湾", "classes": "33"})
            self.assertContains(response, "30000001")
            self.assertContains(response, "芝罘")
            self.assertNotContains(response, "30000002")
            self.assertContains(response, 'class="score">80<')

    def test_the_page_shows_what_to_fix_in_a_bad_query(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("similarity:search"), {"q": "芝罘", "classes": "50"})
        self.assertContains(response, "errorlist")
        self.assertContains(response, "50")

    def test_the_page_is_not_for_banks_mediators_or_police(self):
        for user in (self.bank_officer, self.mediator, self.police_liaison):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("similarity:search"), {"q": "芝罘"}).status_code, 403)

    def test_the_api_returns_ranked_hits_with_reasons(self):
        self.client.force_login(self.other_manager)
        body = self.client.get("/api/marks/similar", {"q": "芝罘湾", "nice": 33, "limit": 5}).json()
        self.assertEqual(body["classes"], [33])
        hit = body["hits"][0]
        self.assertEqual((hit["number"], hit["score"], hit["holder"]), ("30000001", 80.0, ""))
        self.assertIn("same_chars", [r["code"] for r in hit["reasons"]])
        self.assertTrue(all(r["text"] for r in hit["reasons"]))

    def test_the_api_takes_a_token_and_needs_authentication(self):
        self.assertEqual(self.client.get("/api/marks/similar", {"q": "芝罘"}).status_code, 401)
        _token, raw = account_actions.issue_api_token(actor=self.ent_manager, name="script")
        response = self.client.get("/api/marks/similar", {"q": "芝罘"}, headers={"authorization": f"Bearer {raw}"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.json()["hits"]), 2)

    def test_the_api_answers_a_bad_query_with_400_never_500(self):
        self.client.force_login(self.clerk)
        for params in (
            {"q": ""},
            {"q": "x" * 10_000},
            {"q": "a\x07b"},
            {"q": "芝罘", "nice": 99},
            {"q": "a", "limit": 0},
        ):
            with self.subTest(params=str(params)[:30]):
                response = self.client.get("/api/marks/similar", params)
                self.assertEqual(response.status_code, 400)
                self.assertIn("errors", response.json())

    def test_the_api_refuses_a_bank(self):
        self.client.force_login(self.bank_officer)
        self.assertEqual(self.client.get("/api/marks/similar", {"q": "芝罘"}).status_code, 403)

    def test_tm_search_prints_ranked_hits_and_json(self):
        out, err = io.StringIO(), io.StringIO()
        call_command("tm_search", "芝罘湾", "--class", "33", stdout=out, stderr=err)
        self.assertIn("芝罘", out.getvalue())
        self.assertIn("30000001", out.getvalue())
        self.assertNotIn("30000002", out.getvalue())
        out = io.StringIO()
        call_command("tm_search", "芝罘湾", "--json", "--limit", "5", stdout=out, stderr=io.StringIO())
        data = json.loads(out.getvalue())
        self.assertEqual({h["number"] for h in data["hits"]}, {"30000001", "30000002"})
        self.assertEqual(data["hits"][0]["holder"], "Bob Ltd")  # the system sees everything


class SearchSaysWhatItSearchedTests(IndexedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.add_mark(cls.enterprise, "30000011", "芝罘", ["3301"])
        cls.add_mark(cls.other_enterprise, "30000012", "港城", ["0901"])

    def test_an_empty_outside_register_is_named_and_no_hit_is_not_reassurance(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("similarity:search"), {"q": "完全无关", "classes": "33"})
        self.assertContains(response, "本区商标 2 件（更新于 ")
        self.assertContains(response, "外部商标库 0 件（从未更新）")
        self.assertContains(response, "外部商标库为空")
        self.assertNotContains(response, "未找到近似商标：")

    def test_the_message_counts_the_outside_register_once_it_holds_marks(self):
        from similarity.models import CorpusMark

        CorpusMark.objects.create(number="70000001", mark_text="海港", nice_classes=[33], groups=["3301"])
        self.client.force_login(self.ent_member)
        response = self.client.get(reverse("similarity:search"), {"q": "芝罘"})
        self.assertContains(response, "本区商标 2 件（更新于 ")
        self.assertContains(response, "外部商标库 1 件（从未更新）")  # created by hand: no import yet
        self.assertNotContains(response, "外部商标库为空")
        body = self.client.get("/api/marks/similar", {"q": "芝罘"}).json()
        self.assertEqual((body["searched"]["district"], body["searched"]["outside"]), (2, 1))
        registers = {r["key"]: r for r in body["searched"]["registers"]}
        self.assertEqual((registers["district"]["count"], registers["outside"]["count"]), (2, 1))
        self.assertIsNotNone(registers["district"]["updated_at"])
        self.assertIsNone(registers["outside"]["updated_at"])


class OlderIndexFormatTests(IndexedTestCase):
    """An office that upgrades finds its index on disk written by the engine's older format
    (tmsearch's ``FORMAT_VERSION``, 4 since the Latin letter counts): the next search builds it
    again from the database instead of failing."""

    def test_an_index_of_an_older_format_is_rebuilt_on_the_next_search(self):
        from similarity import index as service
        from tmsearch.segment import FORMAT_VERSION

        self.add_mark(self.enterprise, "30000011", "芝罘", ["3301"])
        service.build()
        old = service.index_dir() / service._active_build()
        for meta in old.glob("**/meta.json"):
            data = json.loads(meta.read_text())
            meta.write_text(json.dumps({**data, "format": FORMAT_VERSION - 1}))
        service.forget_open_indexes()
        hits = search(self.clerk, clean_query("芝罘湾"))
        self.assertEqual([h.mark_text for h in hits], ["芝罘"])
        self.assertNotEqual(service._active_build(), old.name)
        new = service.index_dir() / service._active_build()
        self.assertTrue(all(json.loads(m.read_text())["format"] == FORMAT_VERSION for m in new.glob("**/meta.json")))
