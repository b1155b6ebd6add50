"""A watch hit's source is now the import's own name (or nothing for a district mark, whose kind
says it all), not a sentence translated into the language of whoever saved it: a Chinese worker
wrote "外部注册库：extract.csv" beside the kind "外部注册库" for every reader, English ones too."""

from django.db import migrations
from django.db.models.functions import Substr

# what the code wrote before, in each catalogue's words (locale/*/LC_MESSAGES/django.po)
_DISTRICT = ("District portfolio", "本区企业商标")
_OUTSIDE_PREFIXES = ("Outside register: ", "外部注册库：")


def names_only(apps, schema_editor):
    WatchHit = apps.get_model("similarity", "WatchHit")
    WatchHit.objects.filter(source_kind="portfolio", source_label__in=_DISTRICT).update(source_label="")
    for prefix in _OUTSIDE_PREFIXES:
        old = WatchHit.objects.filter(source_kind="corpus", source_label__startswith=prefix)
        old.update(source_label=Substr("source_label", len(prefix) + 1))


class Migration(migrations.Migration):
    dependencies = [
        ("similarity", "0006_change_log_pruning"),
    ]

    operations = [
        migrations.RunPython(names_only, migrations.RunPython.noop),
    ]
