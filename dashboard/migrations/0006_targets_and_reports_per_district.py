"""Targets and annual reports belong to a district; those made before districts became data
are the default district's (``settings.DISTRICT_CODE``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def to_default_district(apps, schema_editor):
    from refdata import divisions

    models_ = [apps.get_model("dashboard", name) for name in ("DistrictTarget", "AnnualReport")]
    if not any(model.objects.exists() for model in models_):
        return
    District = apps.get_model("accounts", "District")
    code = settings.DISTRICT_CODE
    division = divisions.lookup(code)
    district, _ = District.objects.get_or_create(code=code, defaults={"name": division.name if division else code})
    for model in models_:
        model.objects.update(district=district)


def _district(related_name, null):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="accounts.district",
        verbose_name="district",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_link_default_district"),
        ("dashboard", "0005_alter_districttarget_indicator"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="districttarget", name="target_unique_per_year"),
        migrations.AddField(model_name="districttarget", name="district", field=_district("targets", True)),
        migrations.AddField(model_name="annualreport", name="district", field=_district("annual_reports", True)),
        migrations.RunPython(to_default_district, migrations.RunPython.noop),
        migrations.AlterField(model_name="districttarget", name="district", field=_district("targets", False)),
        migrations.AlterField(model_name="annualreport", name="district", field=_district("annual_reports", False)),
        migrations.AlterModelOptions(
            name="districttarget",
            options={
                "ordering": ["district", "-year", "indicator"],
                "verbose_name": "district target",
                "verbose_name_plural": "district targets",
            },
        ),
        migrations.AddConstraint(
            model_name="districttarget",
            constraint=models.UniqueConstraint(
                fields=("district", "year", "indicator"), name="target_unique_per_district_year"
            ),
        ),
    ]
