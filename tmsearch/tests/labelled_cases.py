"""A labelled set of look-alike mark pairs, by the kind of resemblance.

Each case is (category, query, mark, source): searching ``query`` should find ``mark`` among
the first 10 hits.  ``source`` says where the pair comes from: a published article or decision
(address), issue 18 of this project, or "constructed" (an example made up to exercise one rule,
not a real dispute).  Sources were read on 2026-12-06; the articles are news reports and
practitioners' notes, not official decisions, unless they say so.
"""

from __future__ import annotations

from typing import NamedTuple

NEWS_43B = "http://news.43b.com.cn/a/217138.html (山寨品牌名, news 2025)"
GUANGMING = "http://www.guangming.com.my/node/398735 (山寨貨博懵商標, 2017-07-06)"
MTQPDJ = "https://mtqpdj.com/linfen/fzsh/152023.html (临汾工商局 12315 傍名牌投诉, news)"
PCBABY = "http://m.pcbaby.com.cn/x/104/1040869.html (邳州工商局 伊俐/银鹜/豪牛, news)"
SBLAW = "http://shangbiao-law.com/cn/Brand/detail.asp?id=434 (海上所 卜超华, 商标近似判定)"
GD12365 = "http://m.12365.gd.cn/yes/79559.html (中英文商标近似, ROOK/车, FOREVERMARK/永恒印记)"
PINLICHENG = "https://www.pinlicheng.com/questionDetail/119 (中文商标与英文商标近似, 格力/GREE, TMALL/天猫)"
HFIPLAW_CDX = "https://hfiplaw.cn/details/10898.html (采蝶轩CAIDIEXUAN及图 第1328994号)"
ISSUE18 = "issue 18 (the seed's examples)"
CONSTRUCTED = "constructed"


class Case(NamedTuple):
    category: str
    query: str
    mark: str
    source: str


CASES: list[Case] = [
    # 形: shape neighbours
    Case("shape", "康帅傅", "康师傅", NEWS_43B),
    Case("shape", "粤利粤", "奥利奥", GUANGMING),
    Case("shape", "大白免", "大白兔", GUANGMING),
    Case("shape", "雷碧", "雪碧", GUANGMING),
    Case("shape", "治治", "洽洽", MTQPDJ),
    Case("shape", "银鹜", "银鹭", PCBABY),
    Case("shape", "清场", "清扬", NEWS_43B),
    Case("shape", "日象", "白象", CONSTRUCTED),
    Case("shape", "踏雪", "踩雪", CONSTRUCTED),
    # 音: same or near sound, 多音字
    Case("sound", "哇哈哈", "娃哈哈", MTQPDJ),
    Case("sound", "伊俐", "伊利", PCBABY),
    Case("sound", "三羊", "三洋", MTQPDJ),
    Case("sound", "苏伯尔", "苏泊尔", MTQPDJ),
    Case("sound", "虫庆", "重庆", CONSTRUCTED),  # 重 read chong (多音字)
    Case("sound", "银行家", "银航家", CONSTRUCTED),  # 行 read hang (多音字)
    # 字序: the same chars in another order
    Case("order", "蓝之梦", "梦之蓝", ISSUE18),
    Case("order", "老王吉", "王老吉", CONSTRUCTED),
    Case("order", "香稻村", "稻香村", CONSTRUCTED),
    Case("order", "乐百事", "百事乐", CONSTRUCTED),
    Case("order", "华丰年", "丰年华", CONSTRUCTED),
    # 包含: a mark inside a longer one
    Case("containment", "梦之蓝特曲", "梦之蓝", ISSUE18),
    Case("containment", "京都薇薇", "薇薇", SBLAW),
    Case("containment", "新加拿大鹅", "加拿大鹅", ISSUE18),
    Case("containment", "真老干妈小厨", "老干妈", ISSUE18),
    Case("containment", "老凤祥金店王", "凤祥", CONSTRUCTED),
    Case("containment", "ADIDASORIGINALS", "ADIDAS", CONSTRUCTED),
    Case("containment", "梦之蓝", "新梦之蓝酒业集团", CONSTRUCTED),
    # 音 across scripts: pinyin spelling, transliteration
    Case("cross-script", "采蝶轩", "CAIDIEXUAN", HFIPLAW_CDX),
    Case("cross-script", "梦之蓝", "MENG ZHI LAN", ISSUE18),
    Case("cross-script", "阿迪达斯", "ADIDAS", ISSUE18),
    Case("cross-script", "ADIDAS", "阿迪达斯", ISSUE18),
    Case("cross-script", "xiaomi", "小米", CONSTRUCTED),
    Case("cross-script", "亚马逊", "AMAZON", SBLAW),
    Case("cross-script", "格力", "GREE", PINLICHENG),
    # 义: translations of each other
    Case("meaning", "加拿大鹅", "CANADA GOOSE", ISSUE18),
    Case("meaning", "CANADA GOOSE", "加拿大鹅", ISSUE18),
    Case("meaning", "梦之蓝", "DREAM BLUE", ISSUE18),
    Case("meaning", "ROOK", "车", GD12365),
    Case("meaning", "FOREVERMARK", "永恒印记", GD12365),
    Case("meaning", "TMALL", "天猫", PINLICHENG),
    Case("meaning", "红牛", "RED BULL", CONSTRUCTED),
    Case("meaning", "APPLE", "苹果", CONSTRUCTED),
]

CATEGORIES = ("shape", "sound", "order", "containment", "cross-script", "meaning")


def evaluate(
    directory: str, background: int = 20_000, seed: int = 7, top: int = 10
) -> tuple[dict[str, tuple[int, int]], list[tuple[Case, int | None]]]:
    """Search every case among ``background`` synthetic marks plus the cases' marks.

    Uses only the public API (``build_index``, ``search``), so it measures any version of the
    engine.  Returns found/total per category and each case's rank (1-based, None: not in top).
    """
    from pathlib import Path

    from tmsearch import Mark, build_index
    from tmsearch.synth import Corpus

    marks = Corpus(seed=seed).marks(background)
    targets = sorted({c.mark for c in CASES})
    marks += [Mark(background + 1 + i, t, (30,)) for i, t in enumerate(targets)]
    index = build_index(marks, Path(directory) / "labelled")
    per: dict[str, tuple[int, int]] = dict.fromkeys(CATEGORIES, (0, 0))
    ranks: list[tuple[Case, int | None]] = []
    for case in CASES:
        hits = index.search(case.query, limit=top, min_score=60.0)
        rank = next((i + 1 for i, h in enumerate(hits) if h.text == case.mark), None)
        found, total = per[case.category]
        per[case.category] = (found + (rank is not None), total + 1)
        ranks.append((case, rank))
    return per, ranks
