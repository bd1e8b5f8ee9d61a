"""The district CAC and the two online social organisations named in Art.18."""

from django.db import migrations

ORGANISATIONS = [
    ("yuhang-cac", "余杭区互联网信息办公室", "cac"),
    ("yuhang-network-culture-association", "余杭区网络文化协会", "association"),
    ("yuhang-dream-station", "余杭区梦想驿站互联网文化服务中心", "association"),
]


def seed(apps, schema_editor):
    Organisation = apps.get_model("users", "Organisation")
    for code, name, kind in ORGANISATIONS:
        Organisation.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("users", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
