"""Reference data: platforms, Yuhang's streets and towns since the 2021 split, content categories,
and the eleven items of Art.5 (verbatim). Administrators extend these tables afterwards."""

import datetime

from django.db import migrations

PLATFORMS = [
    ("wechat_mp", "微信公众号", "__biz 参数或原始ID（gh_ 开头）"),
    ("wechat_channels", "微信视频号", "视频号ID（sph 开头）"),
    ("weibo", "新浪微博", "数字 UID"),
    ("douyin", "抖音", "sec_uid（MS4wLjABAAAA 开头）"),
    ("kuaishou", "快手", "用户ID"),
    ("toutiao", "今日头条", "数字用户ID"),
    ("bilibili", "哔哩哔哩", "数字 UID"),
    ("xiaohongshu", "小红书", "24 位十六进制用户ID"),
    ("baijiahao", "百家号", "app_id"),
    ("zhihu", "知乎", "个性域名（url_token）"),
]

# Yuhang District after the 2021 administrative split (Linping and Qiantang carved out).
SPLIT = datetime.date(2021, 4, 9)
STREETS = [
    ("wuchang", "五常街道"),
    ("renhe", "仁和街道"),
    ("liangzhu", "良渚街道"),
    ("xianlin", "闲林街道"),
    ("cangqian", "仓前街道"),
    ("yuhang", "余杭街道"),
    ("zhongtai", "中泰街道"),
    ("jingshan", "径山镇"),
    ("pingyao", "瓶窑镇"),
    ("luniao", "鸬鸟镇"),
    ("baizhang", "百丈镇"),
    ("huanghu", "黄湖镇"),
]

CATEGORIES = [
    ("news", "时政资讯"),
    ("local", "本地生活"),
    ("finance", "财经"),
    ("tech", "科技数码"),
    ("education", "教育"),
    ("health", "健康医疗"),
    ("food", "美食"),
    ("travel", "旅游"),
    ("culture", "文化娱乐"),
    ("property", "房产家居"),
    ("auto", "汽车"),
    ("ecommerce", "电商带货"),
]

ART5 = [
    "反对宪法所确定的基本原则的",
    "危害国家安全，泄露国家秘密，颠覆国家政权，破坏国家统一的",
    "损害国家荣誉和利益的",
    "煽动民族仇恨、民族歧视，破坏民族团结的",
    "破坏国家宗教政策，宣扬邪教和封建迷信的",
    "散布谣言，扰乱社会秩序，破坏社会稳定的",
    "散布淫秽、色情、赌博、暴力、凶杀、恐怖或者教唆犯罪的",
    "侮辱或者诽谤他人，侵害他人合法权益的",
    "含有引诱未成年人违法和有损未成年人身心健康的",
    "危害社会公德或者民族优秀文化传统的",
    "有法律、行政法规、规章和规范性文件禁止发布和转载的其他内容",
]
NUMERALS = "一二三四五六七八九十"


def seed(apps, schema_editor):
    Platform = apps.get_model("accounts", "Platform")
    Street = apps.get_model("accounts", "Street")
    ContentCategory = apps.get_model("accounts", "ContentCategory")
    ProhibitedContent = apps.get_model("accounts", "ProhibitedContent")
    for order, (code, name, hint) in enumerate(PLATFORMS, start=1):
        Platform.objects.get_or_create(code=code, defaults={"name": name, "stable_id_hint": hint, "sort_order": order})
    for order, (code, name) in enumerate(STREETS, start=1):
        Street.objects.get_or_create(code=code, defaults={"name": name, "valid_from": SPLIT, "sort_order": order})
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        ContentCategory.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for index, label in enumerate(ART5, start=1):
        item = NUMERALS[index - 1] if index <= 10 else "十一"
        ProhibitedContent.objects.get_or_create(
            code=f"P{index:02d}",
            defaults={"name": label, "sort_order": index, "source": f"《余杭区自媒体管理办法》第五条第（{item}）项"},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
