"""The demo's outside register: a few thousand GENERATED marks (no real brand among them) for the
similar-mark search and the watch to compare against, with a few planted look-alikes of the
demo's key brands so that a search of one of them finds something.

Mark texts come from the search engine's own generator (``tmsearch.synth``: Chinese marks drawn
from the shipped character-frequency table, Latin words built from syllables); goods are real
similar-goods groups of the loaded reference data; numbers, holders and dates are generated.
The rows go through the corpus importer's write (``similarity.actions.write_corpus``): one
audited import, indexed and checked by the watch like any outside register file."""

from __future__ import annotations

import datetime as dt
import random

from cultivation.models import KeyBrand
from portfolio.choices import TrademarkStatus
from portfolio.models import Trademark
from refdata.models import GoodsGroup
from similarity.actions import write_corpus
from similarity.importing import CorpusRecord
from similarity.models import CorpusMark
from tmsearch.synth import Corpus

OUTSIDE_MARKS = 3000
SOURCE = "外部商标库（演示生成）"
HOLDER_TAILS = ["科技", "食品", "贸易", "酒业", "实业", "生物", "电子", "服饰"]
STATUSES = [TrademarkStatus.REGISTERED] * 8 + [TrademarkStatus.APPLIED, TrademarkStatus.EXPIRED]


def seed_outside_register(seed: int = 2026, n: int = OUTSIDE_MARKS, today: dt.date | None = None) -> dict[str, int]:
    today = today or dt.date.today()
    rng = random.Random(seed)
    corpus = Corpus(seed=seed)
    groups_by_class: dict[int, list[str]] = {}
    for code, nice in GoodsGroup.objects.values_list("code", "nice_class__number").order_by("code"):
        groups_by_class.setdefault(nice, []).append(code)
    if not groups_by_class:
        return {"outside_marks": 0, "look_alikes": 0}
    classes = sorted(groups_by_class)
    used = set(Trademark.objects.values_list("number", flat=True))

    def number() -> str:
        while (found := str(rng.randrange(70_000_000, 80_000_000))) in used:
            pass
        used.add(found)
        return found

    def record(text: str, groups: list[str]) -> CorpusRecord:
        filed = today - dt.timedelta(days=rng.randint(60, 365 * 20))
        holder = "".join(rng.choices(corpus.chars[:800], k=2)) + rng.choice(HOLDER_TAILS) + "有限公司（演示）"
        return CorpusRecord(
            row=0,
            values={
                "number": number(),
                "mark_text": text[:200],
                "holder_name": holder,
                "nice_classes": sorted({int(g[:2]) for g in groups}),
                "groups": sorted(set(groups)),
                "filing_date": filed,
                "status": rng.choice(STATUSES),
                "source": SOURCE,
            },
        )

    records = []
    for _ in range(n):
        text = corpus.chinese() if rng.random() < 0.7 else corpus.latin()
        picked = rng.sample(classes, k=rng.choice((1, 1, 1, 2)))
        records.append(record(text, [rng.choice(groups_by_class[c]) for c in picked]))
    planted = 0
    for brand in KeyBrand.objects.filter(is_demo=True).prefetch_related("trademarks__goods").order_by("pk"):
        groups = sorted({g.group_code for mark in brand.trademarks.all() for g in mark.goods.all()})
        variant = corpus.variant(brand.name)
        if groups and variant != brand.name:
            records.append(record(variant, groups))
            planted += 1
    batch = write_corpus(records, actor=None, file_name="demo-outside-register.csv", source=SOURCE)
    CorpusMark.objects.filter(last_import=batch).update(is_demo=True)
    return {"outside_marks": len(records), "look_alikes": planted}
