"""The reference tables every code entered anywhere in the product is checked against: the IPC
for patents, the Nice classes and the Chinese similar-goods table for trademarks, and WIPO's
35 technology fields for statistics.

They are loaded from the copy shipped in refdata/data by `refdata.loading` and are only ever replaced
as a whole, never edited row by row. Other apps should store the code itself (a CharField
checked by `refdata.lookups`), not a foreign key to these rows: a reload deletes and
re-inserts every row.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from refdata.choices import IpcLevel


class IpcEntry(models.Model):
    """One entry of the International Patent Classification (国际专利分类) in its official
    Chinese text (CNIPA, IPC 2026.01), at any level from section "A" to subgroup "A61K31/00".
    A patent's classification symbols must be entries of this table."""

    code = models.CharField(_("IPC symbol"), max_length=16, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=IpcLevel.choices)
    title_zh = models.TextField(_("Chinese title"))
    # DO_NOTHING: the table is replaced as a whole, and it lets that delete be one statement
    # instead of Django collecting 77,000 rows for a cascade.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent entry"),
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="children",
        db_column="parent_code",
    )

    class Meta:
        verbose_name = _("IPC entry")
        verbose_name_plural = _("IPC entries")
        ordering = ["code"]
        indexes = [models.Index(fields=["level"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title_zh}"


class NiceClass(models.Model):
    """One of the 45 classes of the Nice Classification (尼斯分类): 1–34 goods, 35–45 services.
    Every trademark application names the classes it covers."""

    number = models.PositiveSmallIntegerField(_("class number"), primary_key=True)
    name_zh = models.CharField(_("Chinese name"), max_length=10)  # 第一类
    heading_zh = models.TextField(_("Chinese heading"))
    heading_en = models.TextField(_("English heading"), blank=True)
    notes_zh = models.TextField(_("Chinese explanatory notes"), blank=True)

    class Meta:
        verbose_name = _("Nice class")
        verbose_name_plural = _("Nice classes")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name_zh


class GoodsGroup(models.Model):
    """A similar group (类似群, e.g. 0101 工业气体，单质) of the CNIPA table of similar goods and
    services (类似商品和服务区分表). Goods in the same group are presumed similar when the office
    or an examiner compares trademarks; the notes say where that stops or reaches other groups."""

    code = models.CharField(_("group code"), max_length=4, primary_key=True)
    nice_class = models.ForeignKey(
        NiceClass, verbose_name=_("Nice class"), on_delete=models.CASCADE, related_name="groups"
    )
    title_zh = models.CharField(_("Chinese title"), max_length=100)
    notes = models.TextField(_("notes (注)"), blank=True)

    class Meta:
        verbose_name = _("similar goods group")
        verbose_name_plural = _("similar goods groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_zh}"


class GoodsItem(models.Model):
    """A designated item of goods or services (商品/服务项目) listed in a similar group, with its
    Nice basic number or, for items only the Chinese table accepts (※ items), a C-number.
    The same code can appear in more than one group (跨类似群保护商品)."""

    group = models.ForeignKey(
        GoodsGroup, verbose_name=_("similar goods group"), on_delete=models.CASCADE, related_name="items"
    )
    part = models.CharField(_("part"), max_length=8, blank=True)  # 一, 二 … for groups split into parts
    item_code = models.CharField(_("item code"), max_length=7, db_index=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    cn_only = models.BooleanField(_("Chinese table only"), default=False)

    class Meta:
        verbose_name = _("goods or service item")
        verbose_name_plural = _("goods and service items")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item_code} {self.name_zh}"


class GoodsGroupRelation(models.Model):
    """A note of the similar-goods table saying that (some) goods of one group are similar to
    goods of another group ("工业用二氧化钛与0202二氧化钛(颜料)类似").

    Stored directionally, as written: `group` is the group whose notes say it, `related_group`
    the group they name, `note` the clause(s) saying so (often only certain items are meant).
    In the 2026 data every such note has its mirror in the other group's notes, and
    `refdata.lookups.related_groups` reads the relation both ways anyway. Notes about
    cross-searching old editions (交叉检索) are not relations."""

    group = models.ForeignKey(
        GoodsGroup, verbose_name=_("similar goods group"), on_delete=models.CASCADE, related_name="relations"
    )
    related_group = models.ForeignKey(
        GoodsGroup, verbose_name=_("related group"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(_("note"))

    class Meta:
        verbose_name = _("related goods group")
        verbose_name_plural = _("related goods groups")
        ordering = ["group", "related_group"]
        constraints = [
            models.UniqueConstraint(fields=["group", "related_group"], name="refdata_group_relation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} → {self.related_group_id}"


class TechField(models.Model):
    """One of WIPO's 35 technology fields (Schmoch concordance), grouped into five sectors,
    used to count the district's patents by technology. The data has English, French and
    Spanish names only, so `name_zh` stays blank until an official Chinese list is sourced."""

    number = models.PositiveSmallIntegerField(_("field number"), primary_key=True)
    sector_en = models.CharField(_("sector (English)"), max_length=60)
    field_en = models.CharField(_("field (English)"), max_length=80)
    name_zh = models.CharField(_("Chinese name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("technology field")
        verbose_name_plural = _("technology fields")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.field_en}"


class TechFieldPattern(models.Model):
    """One line of the IPC → technology field concordance: a whole subclass ("F21H%") or one
    main group with its subgroups ("A61K  31/%"), as written in the source, plus the parsed
    subclass and main group number the lookups use."""

    field = models.ForeignKey(
        TechField, verbose_name=_("technology field"), on_delete=models.CASCADE, related_name="patterns"
    )
    ipc_pattern = models.CharField(_("IPC pattern"), max_length=20, unique=True)
    subclass = models.CharField(_("IPC subclass"), max_length=4, db_index=True)
    main_group = models.PositiveSmallIntegerField(_("main group"), null=True, blank=True)

    class Meta:
        verbose_name = _("technology field pattern")
        verbose_name_plural = _("technology field patterns")
        ordering = ["field", "ipc_pattern"]

    def __str__(self) -> str:
        return f"{self.ipc_pattern} → {self.field_id}"
