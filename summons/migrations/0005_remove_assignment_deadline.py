from django.db import migrations


class Migration(migrations.Migration):
    """The assignment's deadline now lives on the case (0004 moved it), in a transaction of its own."""

    dependencies = [
        ("summons", "0004_case_deadline_stages"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="evaluatorassignment",
            name="deadline",
        ),
        migrations.RemoveField(
            model_name="historicalevaluatorassignment",
            name="deadline",
        ),
    ]
