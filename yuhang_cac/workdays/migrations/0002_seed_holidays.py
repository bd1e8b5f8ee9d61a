"""Seed the holiday table from chinesecalendar (2004 to its last year).

Administrators add each later year from the State Council's notice; rows that
already exist are left as they are.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from chinese_calendar import constants

    Holiday = apps.get_model("workdays", "Holiday")
    existing = set(Holiday.objects.values_list("date", flat=True))
    rows = [
        Holiday(date=day, kind="off", name=constants.Holiday(name).chinese)
        for day, name in constants.holidays.items()
        if day not in existing
    ]
    rows += [
        Holiday(date=day, kind="workday", name=f"{constants.Holiday(name).chinese}调休")
        for day, name in constants.workdays.items()
        if day not in existing
    ]
    Holiday.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
