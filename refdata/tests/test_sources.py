"""The parsers for the free-text parts of the source files, on their own (no database)."""

import re

from django.test import SimpleTestCase

from refdata.sources import (
    SHIPPED,
    clean_ipc_title,
    extract_notes,
    parse_tech_pattern,
    read_ipc,
    similar_groups_in_clause,
    split_clauses,
)

RAW_0102_PART = (
    "(四)二氧化钛010142,氧化铝010154\n"
    "注：1.本部分为金属氧化物；2.工业用二氧化钛与0202二氧化钛(颜料)类似。\n"
    "(五)氯化铵010179\n"
    "注：1.本部分为无机盐；\n"
    "2.尖晶石与0104第(四)部分搪瓷着色化学品类似,与第十版及以前版本0104第(四)部分搪瓷或玻璃着色化学品交叉检索；\n"
    "3.本部分与第九版及以前版本0105\n"
    "交叉检索。"
)


class NoteTests(SimpleTestCase):
    def test_each_note_block_is_found_and_a_wrapped_line_stays_with_its_note(self):
        notes = extract_notes(RAW_0102_PART)
        self.assertEqual(len(notes), 2)
        self.assertTrue(notes[0].startswith("1.本部分为金属氧化物"))
        self.assertIn("0105交叉检索", notes[1])

    def test_a_note_at_the_end_of_an_item_line_is_found(self):
        notes = extract_notes("(十二)丙酮010011,酮010164注：本部分为酮类化合物。\n(十三)甲醛010100")
        self.assertEqual(notes, ["本部分为酮类化合物。"])

    def test_clauses_are_cut_at_semicolons_and_inline_numbering(self):
        clauses = split_clauses("4.研磨与 4002，4006 类似;5.材料刨削处理与4002，4004类似:")
        self.assertEqual(clauses, ["研磨与 4002，4006 类似", "材料刨削处理与4002，4004类似"])

    def test_the_titanium_dioxide_note_names_group_0202(self):
        self.assertEqual(similar_groups_in_clause("工业用二氧化钛与0202二氧化钛(颜料)类似"), ["0202"])

    def test_cross_search_with_old_editions_is_not_similarity(self):
        clause = "尖晶石与0104第(四)部分搪瓷着色化学品类似,与第十版及以前版本0102第(四)部分尖晶石交叉检索"
        self.assertEqual(similar_groups_in_clause(clause), ["0104"])
        self.assertEqual(similar_groups_in_clause("本部分与第九版及以前版本0104第(十九)部分交叉检索"), [])

    def test_this_group_and_not_similar_are_not_relations(self):
        self.assertEqual(similar_groups_in_clause("本类似群与0105植物用微量元素制剂类似"), ["0105"])
        self.assertEqual(similar_groups_in_clause("本类似群各部分之间商品不类似"), [])
        self.assertEqual(similar_groups_in_clause("跨类似群保护商品：着色剂(0201,0202)"), [])

    def test_similarity_to_an_old_editions_goods_is_not_a_relation(self):
        clause = "格瓦斯(无酒精饮料)与第九版及以前版本3201克瓦斯淡啤酒(无酒精饮料)类似"
        self.assertEqual(similar_groups_in_clause(clause), [])

    def test_full_width_commas_and_several_groups_in_one_clause(self):
        self.assertEqual(similar_groups_in_clause("碾磨加工与 4002，4008，4015 药材加工类似"), ["4002", "4008", "4015"])


class TechPatternTests(SimpleTestCase):
    def test_a_subclass_pattern(self):
        self.assertEqual(parse_tech_pattern("F21H%"), ("F21H", None))

    def test_a_padded_main_group_pattern(self):
        self.assertEqual(parse_tech_pattern("H04N   3/%"), ("H04N", 3))
        self.assertEqual(parse_tech_pattern("A61K 101/%"), ("A61K", 101))

    def test_an_unexpected_pattern_is_refused(self):
        with self.assertRaises(ValueError):
            parse_tech_pattern("A61K NOT 8")


class IpcTitleTests(SimpleTestCase):
    def test_a_line_wrap_space_between_chinese_characters_is_dropped(self):
        self.assertEqual(clean_ipc_title("糖食；口 香糖；冰淇淋"), "糖食；口香糖；冰淇淋")
        self.assertEqual(clean_ipc_title("A01D37/00至 A01D41/00"), "A01D37/00至A01D41/00")

    def test_the_yi_lost_before_ban_is_put_back(self):
        self.assertEqual(clean_ipc_title("活塞式内燃机； 般燃烧发动机"), "活塞式内燃机；一般燃烧发动机")
        self.assertEqual(clean_ipc_title("般燃烧发动机可燃混合物的供给"), "一般燃烧发动机可燃混合物的供给")
        self.assertEqual(clean_ipc_title("（一 般喷射或喷雾的入B05）"), "（一般喷射或喷雾的入B05）")

    def test_words_that_really_end_in_ban_and_latin_spacing_stay(self):
        self.assertEqual(clean_ipc_title("百般这般"), "百般这般")
        self.assertEqual(clean_ipc_title("Polyoxyalky leneamines"), "Polyoxyalky leneamines")

    def test_the_shipped_titles_load_clean(self):
        titles = {row.code: row.title_zh for row in read_ipc(SHIPPED)}
        self.assertIn("；口香糖；", titles["A23G"])
        self.assertEqual(titles["F02B"], "活塞式内燃机；一般燃烧发动机")
        self.assertTrue(titles["F02M"].startswith("一般燃烧发动机"))
        spaced = re.compile("[\u4e00-\u9fff] [\u4e00-\u9fff]")
        self.assertFalse([code for code, title in titles.items() if spaced.search(title)])
