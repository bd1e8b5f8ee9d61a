"""The public texts of the home page (Art.22); administrators edit them afterwards."""

from django.db import migrations

TEXTS = [
    (
        "home-1-channels",
        "举报渠道",
        "网上举报：点击本页“在线举报”，填写账号、内容和证据，提交后保存好举报编号和查询码。\n\n"
        "全国渠道：中央网信办（国家互联网信息办公室）违法和不良信息举报中心，举报电话 12377，"
        "网站 www.12377.cn。",
    ),
    (
        "home-2-good-report",
        "一份好的举报包含什么",
        "账号所在平台和账号名称（或主页链接）；具体内容的链接；内容违反了哪一类规定；"
        "您看到的情况，以及截图等证据。\n\n您可以匿名举报；留下联系方式便于我们在核查时与您联系，"
        "您的身份信息只有区网信办工作人员可见。",
    ),
    (
        "home-3-handling",
        "我们如何处理",
        "区网信办收到举报后进行受理、核查，并根据核查结果依法处理（《余杭区自媒体管理办法》第二十二条）。"
        "不属于余杭区管辖的账号，我们会转交有管辖权的部门。您可以随时凭举报编号和查询码查看处理进度和答复。",
    ),
]


def seed(apps, schema_editor):
    SiteText = apps.get_model("core", "SiteText")
    for key, title, body in TEXTS:
        SiteText.objects.get_or_create(key=key, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
