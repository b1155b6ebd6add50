"""A small random corpus for the tests, as rows and as a CSV file."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

# The real US and CN patent samples shipped with the product (refdata/data/samples; see
# refdata/README.md). Located by path: the engine's tests import nothing from Django apps.
DATA = Path(__file__).resolve().parents[2] / "refdata" / "data" / "samples"

APPLICANTS = ["甲公司", "乙公司", "丙大学", "丁研究院", "戊科技", "Acme Corp", "Beta Inc"]
REGIONS = ["山东省", "江苏省", "广东省", "", "US-CA"]
CODES = ["G06F16/35", "G06F17/30", "H01M10/05", "H01M4/04", "A61K31/00", "B65D81/20", "H04N5/225", "C07D495/04"]
WORDS = ["电池", "电极", "图像", "数据", "检索", "药物", "包装", "传感器", "神经网络", "涂布"]
TYPES = ["invention", "invention", "utility_model", "design"]
STATUSES = ["pending", "granted", "granted", "lapsed"]


def make_rows(n: int = 240, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        filed = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(0, 12 * 365))
        status = rng.choice(STATUSES)
        granted = filed + dt.timedelta(days=rng.randrange(300, 1500)) if status != "pending" else None
        applicants = rng.sample(APPLICANTS, rng.choice([1, 1, 2]))
        codes = rng.sample(CODES, rng.choice([1, 2, 3]))
        words = rng.sample(WORDS, 3)
        rows.append(
            {
                "application_number": f"2{filed.year}1{i:07d}",
                "patent_type": rng.choice(TYPES),
                "title": "一种" + "".join(words[:2]) + "装置",
                "abstract": "本发明涉及" + "、".join(words) + "。",
                "claims": "1. 一种" + words[0] + "。",
                "applicants": "; ".join(applicants),
                "region": rng.choice(REGIONS),
                "filing_date": filed,
                "grant_date": granted,
                "status": status,
                "ipc_codes": codes,
                "claims_count": rng.choice([None, 3, 8, 12]),
                "citations": rng.choice([None, 0, 4, 20]),
                "is_pct": rng.random() < 0.2,
                "has_foreign_family": rng.random() < 0.2,
            }
        )
    return rows


def write_csv(rows: list[dict[str, Any]], path: Path) -> Path:
    columns = list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                [
                    ";".join(v)
                    if isinstance(v, list)
                    else ("true" if v is True else "false" if v is False else "" if v is None else v)
                    for v in (row[c] for c in columns)
                ]
            )
    return path


# The reference tables for the tests: titles and a concordance, like the real ones in shape.
IPC_TITLES = [("G", "物理"), ("H", "电学"), ("A", "人类生活必需"), ("B", "作业；运输"), ("C", "化学；冶金"),
              ("G06F", "电数字数据处理"), ("H01M", "用于直接转变化学能为电能的方法或装置"),
              ("A61K", "医用、牙科用或梳妆用的配制品")]  # fmt: skip
WIPO = [("G06F", None, 6, "Electrical engineering", "Computer technology"),
        ("H01M", None, 1, "Electrical engineering", "Electrical machinery, apparatus, energy"),
        ("A61K", 31, 16, "Chemistry", "Pharmaceuticals"), ("A61K", None, 14, "Chemistry", "Organic fine chemistry"),
        ("H04N", 5, 2, "Electrical engineering", "Audio-visual technology")]  # fmt: skip
