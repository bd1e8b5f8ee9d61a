"""The channels text named a district phone line without its number: drop that line where it is
still as first seeded (the system administrator adds the number once it is published). The public
texts now turn addresses and phone numbers into links, which the help text says."""

from django.db import migrations, models

UNNUMBERED = "电话举报：余杭区互联网信息办公室举报电话（工作日 8:30–17:00），号码以区网信办公告为准。\n\n"


def drop_unnumbered_phone(apps, schema_editor):
    SiteText = apps.get_model("core", "SiteText")
    for text in SiteText.objects.filter(key="home-1-channels", body__contains=UNNUMBERED):
        text.body = text.body.replace(UNNUMBERED, "")
        text.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("core", "0006_spent_token")]
    operations = [
        migrations.AlterField(
            model_name="sitetext",
            name="body",
            field=models.TextField(
                help_text="Plain text; a blank line starts a new paragraph. Web addresses and phone numbers become links.",
                verbose_name="text",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsitetext",
            name="body",
            field=models.TextField(
                help_text="Plain text; a blank line starts a new paragraph. Web addresses and phone numbers become links.",
                verbose_name="text",
            ),
        ),
        migrations.RunPython(drop_unnumbered_phone, migrations.RunPython.noop),
    ]
