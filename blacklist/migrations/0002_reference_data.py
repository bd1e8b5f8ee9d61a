"""Reference data: the severities of a listing with their periods in calendar months (一般 3–12,
严重 12–36), and the partner departments that join the restriction of preferential policies
(Art.15). The system administrator edits both afterwards."""

from django.db import migrations

# (code, name, minimum months, maximum months)
SEVERITIES = [
    ("ordinary", "一般", 3, 12),
    ("serious", "严重", 12, 36),
]
DEPARTMENTS = [
    ("development_reform", "区发展和改革局（信用办）"),
    ("market_regulation", "区市场监督管理局"),
    ("commerce", "区商务局"),
    ("culture_tourism", "区文化和广电旅游体育局"),
    ("finance", "区财政局"),
    ("public_security", "杭州市公安局余杭区分局"),
]


def seed(apps, schema_editor):
    Severity = apps.get_model("blacklist", "Severity")
    Department = apps.get_model("blacklist", "Department")
    for order, (code, name, minimum, maximum) in enumerate(SEVERITIES, start=1):
        Severity.objects.get_or_create(
            code=code, defaults={"name": name, "min_months": minimum, "max_months": maximum, "sort_order": order}
        )
    for order, (code, name) in enumerate(DEPARTMENTS, start=1):
        Department.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("blacklist", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
