"""The demo's outside register: a few thousand GENERATED marks (no real brand among them) for the
similar-mark search and the watch to compare against, with a few planted look-alikes of the
demo's key brands so that a search of one of them finds something.

Mark texts come from the search engine's own generator (``tmsearch.synth``: Chinese marks drawn
from the shipped character-frequency table, Latin words built from syllables); goods are real
similar-goods groups of the loaded reference data; numbers, holders and dates are generated.
The rows go through the corpus importer's write (``similarity.actions.write_corpus``): one
audited import, indexed and checked by the watch like any outside register file.

Marks awaiting registration carry a preliminary-approval publication date (初审公告日) in the
last months, so some are still open to opposition; the planted look-alikes are among them.
Logos: a few of the demo's own trademarks get a GENERATED logo (``similarity.logo_synth``, labelled
demo by their file name), a few hundred outside marks get unrelated generated logos, and a few
carry a planted near-duplicate of a district logo (scaled, recoloured, cut a little)."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile

from cultivation.models import KeyBrand
from portfolio.actions import update_trademark
from portfolio.choices import TrademarkStatus
from portfolio.models import Trademark
from refdata.models import GoodsGroup
from similarity import index as mark_index
from similarity import logos
from similarity.actions import write_corpus
from similarity.importing import CorpusRecord
from similarity.logo_synth import cropped, draw_logo, png_bytes, recoloured, scaled
from similarity.models import CorpusMark
from tmsearch.synth import Corpus

OUTSIDE_MARKS = 3000
DISTRICT_LOGOS = 6
OUTSIDE_LOGOS = 300
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

    def record(text: str, groups: list[str], status: str | None = None) -> CorpusRecord:
        filed = today - dt.timedelta(days=rng.randint(60, 365 * 20))
        holder = "".join(rng.choices(corpus.chars[:800], k=2)) + rng.choice(HOLDER_TAILS) + "有限公司（演示）"
        status = status or rng.choice(STATUSES)
        if status == TrademarkStatus.APPLIED:
            # Published in the last five months: about half still within the three months.
            published = today - dt.timedelta(days=rng.randint(3, 150))
            filed = min(filed, published - dt.timedelta(days=rng.randint(150, 300)))
        else:
            published = min(filed + dt.timedelta(days=rng.randint(180, 400)), today - dt.timedelta(days=200))
        return CorpusRecord(
            row=0,
            values={
                "number": number(),
                "mark_text": text[:200],
                "holder_name": holder,
                "nice_classes": sorted({int(g[:2]) for g in groups}),
                "groups": sorted(set(groups)),
                "filing_date": filed,
                "publication_date": published,
                "status": status,
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
            records.append(record(variant, groups, status=TrademarkStatus.APPLIED))
            planted += 1
    batch = write_corpus(records, actor=None, file_name="demo-outside-register.csv", source=SOURCE)
    CorpusMark.objects.filter(last_import=batch).update(is_demo=True)
    return {"outside_marks": len(records), "look_alikes": planted, **seed_logos(batch, rng)}


def seed_logos(batch, rng: random.Random) -> dict[str, int]:
    """Generated logos on a few district trademarks (through the portfolio's action) and on a
    few hundred outside marks of ``batch``, some of them near-duplicates of the district's."""
    district = list(
        Trademark.objects.filter(is_demo=True, image="").exclude(mark_text="").order_by("pk")[:DISTRICT_LOGOS]
    )
    originals = []
    for i, mark in enumerate(district):
        logo = draw_logo(90_000 + i)
        originals.append(logo)
        image = ContentFile(png_bytes(logo), name=f"demo-logo-{mark.number}.png")
        update_trademark(actor=None, trademark=mark, image=image)
    outside = list(CorpusMark.objects.filter(last_import=batch).order_by("pk").values_list("pk", "number"))
    picked = rng.sample(outside, k=min(OUTSIDE_LOGOS, len(outside)))
    near = 0
    for n, (pk, number) in enumerate(picked):
        if n < len(originals):
            # The planted near-duplicate of a district logo: smaller, in other colours, cut a little.
            logo = cropped(recoloured(scaled(originals[n], 0.6)), 0.05)
            near += 1
        else:
            logo = draw_logo(100_000 + n)
        outside_mark = CorpusMark(pk=pk, number=number)
        outside_mark.image.save(f"demo-logo-{number}.png", ContentFile(png_bytes(logo)), save=False)
        CorpusMark.objects.filter(pk=pk).update(image=outside_mark.image.name)
    hashed = logos.refresh(
        [mark_index.trademark_index_id(m.pk) for m in district] + [mark_index.corpus_index_id(pk) for pk, _n in picked]
    )
    return {"logos": hashed, "logo_look_alikes": near}
