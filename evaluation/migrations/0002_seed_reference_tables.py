"""The five dimensions of Art.21, the training topics of Art.9 and 19, the observation categories."""

from django.db import migrations

DIMENSIONS = [
    ("E1", "守法守规", ""),
    ("E2", "坚持正确舆论导向", ""),
    ("E3", "行业协会活动", ""),
    ("E4", "企业内部员工培训和团队建设", "员工培训和团队建设"),
    ("E5", "配合网信部门工作", ""),
]
TOPICS = [
    ("T1", "网络内容的编辑与传播", "编辑与传播"),
    ("T2", "从业人员职业道德规范", "职业道德"),
    ("T3", "网络素养", ""),
    ("T9", "其他", ""),
]
CATEGORIES = [
    ("O1", "内容导向", ""),
    ("O2", "信息来源与转载", ""),
    ("O3", "投诉举报处理", ""),
    ("O4", "监管措施落实", ""),
    ("O5", "协会活动参与", ""),
    ("O9", "其他", ""),
]


def seed(apps, schema_editor):
    for model_name, rows in (("Dimension", DIMENSIONS), ("TrainingTopic", TOPICS), ("ObservationCategory", CATEGORIES)):
        model = apps.get_model("evaluation", model_name)
        for order, (code, name, short_name) in enumerate(rows, start=1):
            model.objects.get_or_create(
                code=code, defaults={"name": name, "short_name": short_name, "sort_order": order * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
