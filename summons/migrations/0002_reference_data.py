"""Reference data: the six grounds of Art.12 (verbatim), the departments notified and the measures
requested under Art.13. Administrators extend these tables afterwards."""

from django.db import migrations

GROUNDS = [
    ("G1", "未及时处理投诉举报且情节严重"),
    ("G2", "采编转载未经证实信息获取流量或不正当利益"),
    ("G3", "未及时处置违法信息且情节严重"),
    ("G4", "未及时落实监管措施且情节严重"),
    ("G5", "日常考核中问题突出"),
    ("G6", "其他"),
]
DEPARTMENTS = [
    ("public_security", "公安"),
    ("press", "新闻出版"),
    ("culture_tourism", "文化旅游"),
]
# (code, name, the account status while the measure is in force)
MEASURES = [
    ("warning", "警示整改", "warned"),
    ("restrict", "限制发布", "restricted"),
    ("suspend", "暂停更新", "suspended"),
    ("close", "关闭账号", "closed"),
]


def seed(apps, schema_editor):
    Ground = apps.get_model("summons", "Ground")
    Department = apps.get_model("summons", "Department")
    Measure = apps.get_model("summons", "Measure")
    for order, (code, name) in enumerate(GROUNDS, start=1):
        Ground.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for order, (code, name) in enumerate(DEPARTMENTS, start=1):
        Department.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for order, (code, name, status) in enumerate(MEASURES, start=1):
        Measure.objects.get_or_create(
            code=code, defaults={"name": name, "account_status": status, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("summons", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
