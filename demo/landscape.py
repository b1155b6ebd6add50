"""Demo data for patent navigation: a few China Patent Award records on the demo district's
invention patents (labelled demo), and the landscape corpus store built from the district's own
patents plus the real samples shipped in refdata/data/samples (14 US full-text documents, 57 CN
publications). Nothing is downloaded."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from refdata.sources import SAMPLES

DEMO_SOURCES = ("demo: USPTO full-text samples", "demo: CN publications sample")


def _award_demo_patents() -> int:
    from landscape.actions import record_patent_award
    from landscape.choices import AwardLevel
    from portfolio.models import Patent

    if Patent.objects.filter(is_demo=True, awards__isnull=False).exists():
        return 0
    inventions = Patent.objects.filter(is_demo=True, patent_type="invention", status="granted").order_by(
        "application_number"
    )[:2]
    for patent, level in zip(inventions, (AwardLevel.SILVER, AwardLevel.EXCELLENCE), strict=False):
        year = max(patent.grant_date.year + 2, 2020) if patent.grant_date else 2023
        record_patent_award(actor=None, patent=patent, year=min(year, 2025), level=level, is_demo=True)
    return len(inventions)


def seed_landscape() -> dict[str, int]:
    from landscape.corpus import get_store, rebuild_index, sync_district

    awards = _award_demo_patents()
    store = get_store()
    for part in store.manifest()["parts"]:
        if part["source"] in DEMO_SOURCES:
            store.remove_part(part["file"])
    sync_district(force=True, index=False)
    data = SAMPLES
    us = data / "uspto_patentpublicdata_samples"
    imported = 0
    if us.is_dir():
        with tempfile.TemporaryDirectory() as folder:
            for path in sorted(us.rglob("*.xml")):
                if not path.parent.name.startswith("cpc"):  # the CPC scheme files are not patents
                    shutil.copy(path, Path(folder) / path.name)
            result = store.import_file(Path(folder), source=DEMO_SOURCES[0])
            imported += result.rows if result.ok else 0
    cn = sorted((data / "cn_patents_liaoleyuan").glob("sample_*.csv"))
    if cn:
        with tempfile.TemporaryDirectory() as folder:
            merged = Path(folder) / "cn_samples.csv"
            _merge_csv(cn, merged)
            result = store.import_file(merged, source=DEMO_SOURCES[1])
            imported += result.rows if result.ok else 0
    meta = rebuild_index()
    return {"patent_awards": awards, "landscape_corpus": meta["documents"], "landscape_samples": imported}


def _merge_csv(paths: list[Path], out: Path) -> None:
    import csv

    with open(out, "w", newline="", encoding="utf-8") as target:
        writer = None
        for path in paths:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                if writer is None:
                    writer = csv.writer(target)
                    writer.writerow(header)
                writer.writerows(row for row in reader if row and row[0].strip())
