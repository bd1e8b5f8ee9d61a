"""A plain "其他 / 不确定" choice for citizens who cannot tell which Art.5 item applies; officers reclassify."""

from django.db import migrations

UNSURE = "P00"


def seed(apps, schema_editor):
    ProhibitedContent = apps.get_model("accounts", "ProhibitedContent")
    ProhibitedContent.objects.get_or_create(
        code=UNSURE,
        defaults={
            "name": "其他 / 不确定",
            "short_name": "其他 / 不确定",
            "sort_order": 999,
            "source": "举报人不确定时选择，由办案人员归类",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_person_address")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
