"""Load the reference tables from the data shipped in ``refdata/data``.

`load_all` replaces every table's contents in one transaction, so a reader sees either the
old tables or the new ones, and running it twice gives the same rows. `ensure_loaded` is the
cheap call for start-up and test set-up: one query when the data is already there.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Exists

from refdata import lookups, sources
from refdata.models import (
    GoodsGroup,
    GoodsGroupRelation,
    GoodsItem,
    IpcEntry,
    NiceClass,
    TechField,
    TechFieldPattern,
)

BATCH_SIZE = 2000


class ReferenceDataNotFound(ImproperlyConfigured):
    """The reference data folder (or one of the files the loader reads) is not where we look."""


def default_source() -> Path:
    """settings.REFDATA_SOURCE if an office set it (a newer edition), else the copy shipped in
    ``refdata/data``."""
    configured = getattr(settings, "REFDATA_SOURCE", None)
    if configured:
        return Path(configured)
    return sources.SHIPPED


def _checked(source: Path | str | None) -> Path:
    path = Path(source) if source is not None else default_source()
    missing = sources.missing_files(path)
    if missing:
        raise ReferenceDataNotFound(
            f"reference data not found at {path}: point REFDATA_SOURCE at a folder laid out like "
            f"refdata/data, or unset it to use the shipped copy "
            f"(missing: {', '.join(str(m.relative_to(path)) for m in missing)})"
        )
    return path


@transaction.atomic
def load_all(source: Path | str | None = None) -> dict[str, int]:
    """Replace the contents of every refdata table with the files under `source` and return
    the number of rows written per model. Rows keep their natural keys (IPC symbol, class
    number, group code, field number), so a reload leaves them under the same keys."""
    path = _checked(source)
    # Read and parse everything before touching the tables, so a bad file changes nothing.
    ipc = [
        IpcEntry(code=row.code, level=row.level, title_zh=row.title_zh, parent_id=row.parent_code or None)
        for row in sources.read_ipc(path)
    ]
    nice_rows = sources.read_nice_classes(path)
    group_rows = sources.read_groups(path)
    item_rows = list(sources.read_items(path))
    pattern_rows = sources.read_tech_patterns(path)

    # Children first: each delete is then a single statement on an empty reverse relation.
    for model in (GoodsGroupRelation, GoodsItem, GoodsGroup, NiceClass, TechFieldPattern, TechField, IpcEntry):
        model.objects.all().delete()

    IpcEntry.objects.bulk_create(ipc, batch_size=BATCH_SIZE)
    NiceClass.objects.bulk_create(
        [
            NiceClass(
                number=row.number,
                name_zh=row.name_zh,
                heading_zh=row.heading_zh,
                heading_en=row.heading_en,
                notes_zh=row.notes_zh,
            )
            for row in nice_rows
        ],
        batch_size=BATCH_SIZE,
    )
    GoodsGroup.objects.bulk_create(
        [
            GoodsGroup(code=row.code, nice_class_id=row.nice_class, title_zh=row.title_zh, notes=row.notes)
            for row in group_rows
        ],
        batch_size=BATCH_SIZE,
    )
    GoodsItem.objects.bulk_create(
        [
            GoodsItem(
                group_id=row.group_code,
                part=row.part,
                item_code=row.item_code,
                name_zh=row.name_zh,
                cn_only=row.cn_only,
            )
            for row in item_rows
        ],
        batch_size=BATCH_SIZE,
    )
    GoodsGroupRelation.objects.bulk_create(
        [
            GoodsGroupRelation(group_id=row.code, related_group_id=other, note="\n".join(clauses))
            for row in group_rows
            for other, clauses in row.similar.items()
        ],
        batch_size=BATCH_SIZE,
    )
    fields: dict[int, TechField] = {}
    for row in pattern_rows:
        fields.setdefault(
            row.field_number, TechField(number=row.field_number, sector_en=row.sector_en, field_en=row.field_en)
        )
    TechField.objects.bulk_create(fields.values(), batch_size=BATCH_SIZE)
    TechFieldPattern.objects.bulk_create(
        [
            TechFieldPattern(
                field_id=row.field_number, ipc_pattern=row.pattern, subclass=row.subclass, main_group=row.main_group
            )
            for row in pattern_rows
        ],
        batch_size=BATCH_SIZE,
    )
    # A lookup made before the commit must not keep serving the old tables.
    transaction.on_commit(lookups.clear_cache)
    lookups.clear_cache()
    return counts()


def counts() -> dict[str, int]:
    """Rows per refdata model, keyed by model name."""
    models = (IpcEntry, NiceClass, GoodsGroup, GoodsItem, GoodsGroupRelation, TechField, TechFieldPattern)
    return {model.__name__: model.objects.count() for model in models}


def is_loaded() -> bool:
    """One query: does every table that `load_all` fills have rows?"""
    return NiceClass.objects.filter(
        Exists(IpcEntry.objects.all()),
        Exists(GoodsGroup.objects.all()),
        Exists(GoodsItem.objects.all()),
        Exists(TechFieldPattern.objects.all()),
    ).exists()


def ensure_loaded(source: Path | str | None = None) -> dict[str, int]:
    """Load the reference data unless it is already there. Returns the counts written, or an
    empty dict when nothing had to be done (which costs one query)."""
    if is_loaded():
        return {}
    return load_all(source)
