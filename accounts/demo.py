"""Demo registry: about three hundred invented accounts across every street and platform.

Everything is drawn from one seeded random generator, so each run plans the same
records; only those not yet present are written, which makes the seed idempotent.
Identifiers are well formed (credit codes and ID numbers carry correct check
characters), and every row gets its history, as a service would have written it.
"""

import base64
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from yuhang_cac.audit.history import bulk_set_many_to_many
from yuhang_cac.users.models import Organisation

from .identifiers import CREDIT_ALPHABET, credit_code_check_char, resident_id_check_char
from .models import (
    Account,
    AccountAlias,
    ContentCategory,
    Operator,
    Person,
    Platform,
    Practitioner,
    ProhibitedContent,
    Street,
)
from .services import person_fields, record_violation

SEED = 20190
ACCOUNTS = 300
PEOPLE = 300
ORGANISATIONS = 95
INDIVIDUALS = 75
LIAISONS = ("yuhang-network-culture-association", "yuhang-dream-station")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜钟陆汪范金方俞楼施"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红玲芬燕彬斌宇"
    "浩凯鑫婷雪琳晨昊欣怡佳俊嘉梓涵睿思雨博文志建国海鹏晓慧颖琪然航泽"
)
# Where ID numbers were issued: mostly Yuhang (330110, still valid after the split) and its neighbours.
REGIONS = ["330110"] * 6 + ["330113", "330114", "330106", "330105", "330102", "330182", "330521", "340104"]
# (Chinese, pinyin) pieces of account names and handles. Most Yuhang accounts are named after
# their street or town; these places span several.
DISTRICT_PLACES = [
    ("余杭", "yuhang"),
    ("未来科技城", "weilai"),
    ("梦想小镇", "mengxiang"),
    ("西溪", "xixi"),
    ("苕溪", "tiaoxi"),
    ("禹杭", "yuhang"),
    ("城西", "chengxi"),
]
OUTSIDE_PLACES = {
    Account.Jurisdiction.LINPING: [("临平", "linping"), ("塘栖", "tangqi"), ("超山", "chaoshan")],
    Account.Jurisdiction.QIANTANG: [("下沙", "xiasha"), ("钱塘", "qiantang"), ("大江东", "dajiangdong")],
    Account.Jurisdiction.ELSEWHERE: [("杭州", "hangzhou"), ("萧山", "xiaoshan"), ("滨江", "binjiang")],
}
TOPICS = [
    ("生活圈", "shq"),
    ("发布", "fb"),
    ("同城", "tc"),
    ("身边事", "sbs"),
    ("美食地图", "msdt"),
    ("探店", "td"),
    ("房产观察", "fcgc"),
    ("育儿经", "yej"),
    ("旅行记", "lxj"),
    ("文化志", "whz"),
    ("摄影", "sy"),
    ("视界", "sj"),
    ("资讯", "zx"),
    ("便民", "bm"),
    ("乡村记", "xcj"),
    ("老街", "lj"),
    ("茶事", "cs"),
    ("故事", "gs"),
    ("青年", "qn"),
    ("妈妈帮", "mmb"),
    ("车友会", "cyh"),
    ("招聘", "zp"),
]
BRANDS = "鲸鱼星河远景初心和光半山南湖云谷青禾知行拾光小满栖溪若水春晓"
INDUSTRIES = ["文化传媒", "网络科技", "信息技术", "文化创意", "广告", "影视传媒", "教育科技", "电子商务"]
VIOLATIONS = [
    ("转载未经证实的“某小区发生火灾致多人伤亡”信息，造成不良社会影响。", ["P06"]),
    ("发布夸大失实的“地铁线路停运”消息，引发群众误解。", ["P06"]),
    ("发布含有低俗擦边内容的短视频并配以诱导性标题。", ["P07"]),
    ("发布视频侮辱他人人格，侵害他人名誉权。", ["P08"]),
    ("发布以未成年人为主角的不当内容。", ["P09"]),
    ("发布宣扬封建迷信的“风水改运”付费内容。", ["P05"]),
    ("转载无来源的“自来水污染”传言，扰乱社会秩序。", ["P06", "P10"]),
    ("发布网络赌博推广内容。", ["P07", "P11"]),
]


@dataclass
class Plan:
    people: list[dict] = field(default_factory=list)
    organisations: list[dict] = field(default_factory=list)
    individuals: list[int] = field(default_factory=list)  # indexes into people
    accounts: list[dict] = field(default_factory=list)
    practitioners: list[dict] = field(default_factory=list)


# --- identifiers ----------------------------------------------------------------------------------


def _resident_id(rng: random.Random, used: set) -> str:
    while True:
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 40 * 365))  # before and after 2001
        first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = first17 + resident_id_check_char(first17)
        if number not in used:
            used.add(number)
            return number


def _credit_code(rng: random.Random, prefix: str, used: set) -> str:
    while True:
        body = "MA" + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(7))
        first17 = prefix + rng.choice(["330110", "330110", "330110", "330100"]) + body
        code = first17 + credit_code_check_char(first17)
        if code not in used:
            used.add(code)
            return code


def _mobile(rng: random.Random) -> str:
    return f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _stable_id(rng: random.Random, platform: str) -> tuple[str, str]:
    """A platform's stable id and a profile URL that shows it, where the platform's URLs do."""

    def digits(n: int) -> str:
        return str(rng.randrange(1, 10)) + "".join(rng.choice("0123456789") for _ in range(n - 1))

    alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    if platform == "wechat_mp":
        biz = base64.b64encode(digits(10).encode()).decode()
        return biz, f"https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz={biz}"
    if platform == "wechat_channels":
        return "sph" + "".join(rng.choice(alnum) for _ in range(8)), ""
    if platform == "weibo":
        uid = rng.choice("567") + digits(9)
        return uid, f"https://weibo.com/u/{uid}"
    if platform == "douyin":
        sec_uid = "MS4wLjABAAAA" + "".join(rng.choice(alnum + "-_") for _ in range(43))
        return sec_uid, f"https://www.douyin.com/user/{sec_uid}"
    if platform == "kuaishou":
        user = "3x" + "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(13))
        return user, f"https://www.kuaishou.com/profile/{user}"
    if platform == "toutiao":
        user = digits(11)
        return user, f"https://www.toutiao.com/c/user/{user}/"
    if platform == "bilibili":
        uid = digits(rng.choice((9, 10)))
        return uid, f"https://space.bilibili.com/{uid}"
    if platform == "xiaohongshu":
        user = "".join(rng.choice("0123456789abcdef") for _ in range(24))
        return user, f"https://www.xiaohongshu.com/user/profile/{user}"
    if platform == "baijiahao":
        app_id = "1" + digits(15)
        return app_id, f"https://author.baidu.com/home?app_id={app_id}"
    token = "-".join(rng.choice(("yu", "hang", "xiao", "li", "lao", "chen", "a", "mu")) for _ in range(3))
    return f"{token}-{rng.randrange(10, 99)}", ""


# --- the plan -------------------------------------------------------------------------------------


def _plan(today: date, refs: dict) -> Plan:
    rng = random.Random(SEED)
    plan = Plan()
    used_ids: set = set()
    used_codes: set = set()
    for _index in range(PEOPLE):
        plan.people.append(
            {"name": _person_name(rng), "id_number": _resident_id(rng, used_ids), "phone": _mobile(rng)}
        )
    streets = list(refs["street_names"].values())
    for _index in range(ORGANISATIONS):
        kind = rng.random()
        if kind < 0.8:
            name = f"杭州{rng.choice(BRANDS)}{rng.choice(BRANDS)}{rng.choice(INDUSTRIES)}有限公司"
            prefix = "91"
        elif kind < 0.92:
            place = rng.choice(streets).removesuffix("街道")
            name = f"余杭区{place}{rng.choice(('小吃店', '民宿', '茶庄', '农家乐'))}"
            prefix = "92"  # individually-owned business (个体工商户)
        else:
            name = f"余杭区{rng.choice(('摄影', '非遗传承', '户外运动', '读书'))}协会"
            prefix = "51"
        plan.organisations.append(
            {
                "name": name,
                "credit_code": _credit_code(rng, prefix, used_codes),
                "contact_name": _person_name(rng),
                "contact_phone": rng.choice((_mobile(rng), f"0571-8{rng.randrange(10**7):07d}")),
                "address": f"杭州市余杭区{rng.choice(streets)}{rng.randrange(1, 300)}号",
            }
        )
    plan.individuals = list(range(INDIVIDUALS))
    operators = [("org", i) for i in range(ORGANISATIONS)] + [("person", i) for i in plan.individuals]
    for index in range(ACCOUNTS):
        plan.accounts.append(_plan_account(rng, index, today, refs, operators))
    _plan_practitioners(rng, plan, today)
    return plan


def _plan_account(rng: random.Random, index: int, today: date, refs: dict, operators: list) -> dict:
    platform = refs["platforms"][index % len(refs["platforms"])]
    roll = rng.random()
    jurisdiction = Account.Jurisdiction.YUHANG
    if roll < 0.025:
        jurisdiction = Account.Jurisdiction.LINPING
    elif roll < 0.04:
        jurisdiction = Account.Jurisdiction.QIANTANG
    elif roll < 0.05:
        jurisdiction = Account.Jurisdiction.ELSEWHERE
    street = refs["streets"][index % len(refs["streets"])]  # round the streets, so each has accounts
    if jurisdiction != Account.Jurisdiction.YUHANG:
        place, place_pinyin = rng.choice(OUTSIDE_PLACES[jurisdiction])
    elif rng.random() < 0.7:
        place, place_pinyin = refs["street_names"][street].removesuffix("街道").removesuffix("镇"), street
    else:
        place, place_pinyin = rng.choice(DISTRICT_PLACES)
    topic, topic_pinyin = rng.choice(TOPICS)
    # One account in thirty is first known from a report and not yet verified (待核实).
    statuses = [s.value for s in Account.Status]
    status = (
        Account.Status.PENDING
        if index % 30 == 0
        else rng.choices(statuses, weights=[88, 3, 2, 1, 1, 3, 0])[0]
    )
    stable_id, profile_url = _stable_id(rng, platform)
    pending = status == Account.Status.PENDING
    account = {
        "platform": platform,
        "stable_id": "" if pending and rng.random() < 0.6 else stable_id,
        "profile_url": "" if pending else profile_url,
        "name": f"{place}{topic}",
        "handle": f"{place_pinyin}{topic_pinyin}{rng.randrange(10, 999)}",
        "operator": None if pending else operators[rng.randrange(len(operators))],
        "jurisdiction": jurisdiction,
        "street": street if jurisdiction == Account.Jurisdiction.YUHANG else None,
        "liaison": rng.choices([*LIAISONS, None], weights=[45, 35, 20])[0],
        "status": status,
        "grade": "" if pending else rng.choices(["A", "B", "C", "D", ""], weights=[15, 45, 25, 5, 10])[0],
        "categories": rng.sample(refs["categories"], rng.choice((1, 1, 2, 3))),
        "has_content_review": rng.random() < 0.7,
        "has_editor_responsibility": rng.random() < 0.5,
        "dedicated_editors": rng.choice((0, 0, 1, 1, 2, 3, 5)),
        "followers": int(10 ** rng.uniform(2.5, 6.3)),
        "aliases": [],
    }
    if pending:
        account["street"] = None
    if rng.random() < 0.25:
        until = today - timedelta(days=rng.randrange(30, 400))
        old_topic = rng.choice(TOPICS)[0]
        if old_topic != topic:
            account["aliases"].append(
                (
                    AccountAlias.Kind.NAME,
                    f"{place}{old_topic}",
                    until - timedelta(days=rng.randrange(300, 1500)),
                    until,
                )
            )
    if rng.random() < 0.15:
        until = today - timedelta(days=rng.randrange(10, 700))
        account["aliases"].append(
            (AccountAlias.Kind.HANDLE, f"{place_pinyin}_{rng.randrange(1000, 9999)}", None, until)
        )
    return account


def _plan_practitioners(rng: random.Random, plan: Plan, today: date) -> None:
    """Staff of organisations, individuals running their own accounts, and a few who changed jobs."""
    next_person = INDIVIDUALS
    for org in range(ORGANISATIONS):
        keys = [_account_key(a) for a in plan.accounts if a["operator"] == ("org", org)]
        for role in ["principal", *rng.sample(["editor", "editor", "operations"], rng.randrange(0, 3))]:
            person = next_person % len(plan.people)
            next_person += 1
            started = today - timedelta(days=rng.randrange(200, 2400))
            plan.practitioners.append(_practitioner(rng, person, ("org", org), role, keys, started))
    for person in plan.individuals[::2]:
        keys = [_account_key(a) for a in plan.accounts if a["operator"] == ("person", person)]
        started = today - timedelta(days=rng.randrange(200, 2400))
        plan.practitioners.append(_practitioner(rng, person, ("person", person), "principal", keys, started))
    for person in range(INDIVIDUALS, INDIVIDUALS + 10):  # an earlier job elsewhere: the file follows them
        ended = today - timedelta(days=rng.randrange(2500, 2800))
        started = ended - timedelta(days=rng.randrange(300, 1200))
        operator = ("org", (person * 7) % ORGANISATIONS)
        plan.practitioners.append(_practitioner(rng, person, operator, "editor", [], started, ended))


def _practitioner(rng, person: int, operator, role: str, keys: list, started: date, ended=None) -> dict:
    filed = rng.random() < 0.6
    return {
        "person": person,
        "operator": operator,
        "role": role,
        "started_on": started,
        "ended_on": ended,
        "filing_status": "filed" if filed else "not_filed",
        "filed_on": started + timedelta(days=rng.randrange(5, 90)) if filed else None,
        "accounts": rng.sample(keys, min(len(keys), rng.choice((1, 2, 3)))) if keys else [],
    }


def _account_key(account: dict):
    return (account["platform"], account["stable_id"] or account["name"])


# --- writing --------------------------------------------------------------------------------------


def seed(*, password: str, today: date) -> None:
    refs = {
        "platforms": list(Platform.objects.order_by("sort_order", "code").values_list("code", flat=True)),
        "streets": list(Street.objects.order_by("sort_order", "code").values_list("code", flat=True)),
        "street_names": dict(Street.objects.values_list("code", "name")),
        "categories": list(ContentCategory.objects.order_by("code").values_list("code", flat=True)),
    }
    plan = _plan(today, refs)
    reason = _("Demo data")
    people = _write_people(plan, reason)
    operators = _write_operators(plan, people, reason)
    accounts = _write_accounts(plan, operators, reason)
    _write_practitioners(plan, people, operators, accounts, reason)
    _write_violations(plan, accounts, today)


def _write_people(plan: Plan, reason: str) -> list[Person]:
    stored = [person_fields(Person.IdType.RESIDENT, p["id_number"]) for p in plan.people]
    existing = {
        p.id_number_hash: p
        for p in Person.objects.filter(id_number_hash__in=[s["id_number_hash"] for s in stored])
    }
    new = [
        Person(name=p["name"], phone=p["phone"], **fields)
        for p, fields in zip(plan.people, stored, strict=True)
        if fields["id_number_hash"] not in existing
    ]
    for person in bulk_create_with_history(new, Person, default_change_reason=reason):
        existing[person.id_number_hash] = person
    return [existing[fields["id_number_hash"]] for fields in stored]


def _write_operators(plan: Plan, people: list[Person], reason: str) -> dict:
    codes = [o["credit_code"] for o in plan.organisations]
    by_code = {o.credit_code: o for o in Operator.objects.filter(credit_code__in=codes)}
    individuals = [people[i] for i in plan.individuals]
    by_person = {o.person_id: o for o in Operator.objects.filter(person__in=individuals)}
    new = [
        Operator(kind=Operator.Kind.ORGANISATION, **o)
        for o in plan.organisations
        if o["credit_code"] not in by_code
    ]
    new += [
        Operator(
            kind=Operator.Kind.INDIVIDUAL, name=p.name, person=p, contact_name=p.name, contact_phone=p.phone
        )
        for p in individuals
        if p.pk not in by_person
    ]
    for operator in bulk_create_with_history(new, Operator, default_change_reason=reason):
        if operator.credit_code:
            by_code[operator.credit_code] = operator
        else:
            by_person[operator.person_id] = operator
    keys = {("org", i): by_code[code] for i, code in enumerate(codes)}
    keys.update({("person", i): by_person[people[i].pk] for i in plan.individuals})
    return keys


def _write_accounts(plan: Plan, operators: dict, reason: str) -> dict:
    platforms = {p.code: p for p in Platform.objects.all()}
    streets = {s.code: s for s in Street.objects.all()}
    liaisons = {o.code: o for o in Organisation.objects.filter(code__in=LIAISONS)}
    categories = {c.code: c for c in ContentCategory.objects.all()}
    existing = {
        (a.platform.code, a.stable_id or a.name): a
        for a in Account.objects.filter(platform__in=platforms.values()).select_related("platform")
    }
    new, extras = [], []
    for planned in plan.accounts:
        key = _account_key(planned)
        if key in existing:
            continue
        fields = {k: v for k, v in planned.items() if k not in ("aliases", "categories", "liaison")}
        fields.update(
            platform=platforms[planned["platform"]],
            street=streets.get(planned["street"]),
            operator=operators.get(planned["operator"]),
            liaison_organisation=liaisons.get(planned["liaison"]),
        )
        new.append(Account(**fields))
        extras.append(planned)
        existing[key] = new[-1]
    created = bulk_create_with_history(new, Account, default_change_reason=reason)
    bulk_set_many_to_many(
        Account,
        "content_categories",
        [(a, [categories[c] for c in p["categories"]]) for a, p in zip(created, extras, strict=True)],
    )
    aliases = [
        AccountAlias(account=a, kind=kind, value=value, used_from=used_from, used_until=used_until)
        for a, p in zip(created, extras, strict=True)
        for kind, value, used_from, used_until in p["aliases"]
    ]
    bulk_create_with_history(aliases, AccountAlias, default_change_reason=reason)
    return existing


def _write_practitioners(plan: Plan, people: list, operators: dict, accounts: dict, reason: str) -> None:
    existing = set(Practitioner.objects.values_list("person_id", "operator_id", "started_on"))
    new, account_lists = [], []
    for planned in plan.practitioners:
        person, operator = people[planned["person"]], operators[planned["operator"]]
        if (person.pk, operator.pk, planned["started_on"]) in existing:
            continue
        fields = {k: v for k, v in planned.items() if k not in ("person", "operator", "accounts")}
        new.append(Practitioner(person=person, operator=operator, **fields))
        account_lists.append([accounts[key] for key in planned["accounts"]])
        existing.add((person.pk, operator.pk, planned["started_on"]))
    created = bulk_create_with_history(new, Practitioner, default_change_reason=reason)
    bulk_set_many_to_many(Practitioner, "accounts", list(zip(created, account_lists, strict=True)))


def _write_violations(plan: Plan, accounts: dict, today: date) -> None:
    """A few established violations, on accounts under Art.13 measures first."""
    measures = [a for a in plan.accounts if a["status"] in ("warned", "restricted", "suspended", "closed")]
    normal = [a for a in plan.accounts if a["status"] == "normal"]
    targets = (measures + normal[:: max(1, len(normal) // 4)])[:12]
    items = {c.code: c for c in ProhibitedContent.objects.all()}
    for index, planned in enumerate(targets):
        summary, codes = VIOLATIONS[index % len(VIOLATIONS)]
        record_violation(
            accounts[_account_key(planned)],
            source="manual",
            source_ref=f"demo-{index + 1}",
            occurred_on=today - timedelta(days=20 + 37 * index),
            summary=summary,
            categories=[items[c] for c in codes],
        )


# --- At scale -------------------------------------------------------------------------------------

LARGE_ACCOUNTS = 100_000
LARGE_ORGANISATIONS = 20_000
LARGE_INDIVIDUALS = 15_000
LARGE_SEED = 20191
# Marks the accounts loaded at scale, so a second run sees them and adds nothing.
LARGE_ID_PREFIX = "scale-"
BATCH = 5000


def seed_large(*, today: date, accounts: int = LARGE_ACCOUNTS) -> int:
    """A registry of ``accounts`` accounts, with operators and former names, written in bulk.

    For measuring the lists at the size of a district's registry (docs/performance.md). Every
    row gets its creation history, as in the small demo. Returns the number of accounts added.
    """
    if Account.objects.filter(stable_id__startswith=LARGE_ID_PREFIX).exists():
        return 0
    rng = random.Random(LARGE_SEED)
    reason = _("Demo data")
    organisations = max(1, accounts * LARGE_ORGANISATIONS // LARGE_ACCOUNTS)
    individuals = max(1, accounts * LARGE_INDIVIDUALS // LARGE_ACCOUNTS)
    operators = _large_operators(rng, organisations, individuals, reason)
    platforms = list(Platform.objects.order_by("sort_order", "code"))
    streets = list(Street.objects.order_by("sort_order", "code"))
    categories = list(ContentCategory.objects.order_by("code"))
    liaisons = list(Organisation.objects.filter(code__in=LIAISONS)) + [None] * 2
    places = DISTRICT_PLACES + [(s.name.removesuffix("街道").removesuffix("镇"), s.code) for s in streets]
    statuses = [s.value for s in Account.Status if s != Account.Status.PENDING]
    for start in range(0, accounts, BATCH):
        new, planned_categories, planned_aliases = [], [], []
        for index in range(start, min(start + BATCH, accounts)):
            place, place_pinyin = rng.choice(places)
            topic, topic_pinyin = rng.choice(TOPICS)
            brand = rng.choice(BRANDS) + rng.choice(BRANDS)
            pending = index % 40 == 0
            new.append(
                Account(
                    platform=platforms[index % len(platforms)],
                    stable_id=f"{LARGE_ID_PREFIX}{index:07d}",
                    name=f"{place}{brand}{topic}",
                    handle=f"{place_pinyin}{topic_pinyin}{index}",
                    operator=None if pending else operators[rng.randrange(len(operators))],
                    street=None if pending else streets[index % len(streets)],
                    liaison_organisation=rng.choice(liaisons),
                    status=Account.Status.PENDING
                    if pending
                    else rng.choices(statuses, weights=[88, 3, 2, 1, 1, 3])[0],
                    grade="" if pending else rng.choice("ABBBCCD "),
                    has_content_review=rng.random() < 0.7,
                    dedicated_editors=rng.choice((0, 1, 2)),
                    followers=int(10 ** rng.uniform(2, 6.5)),
                )
            )
            planned_categories.append(rng.sample(categories, rng.choice((1, 1, 2))))
            if rng.random() < 0.25:
                until = today - timedelta(days=rng.randrange(30, 900))
                planned_aliases.append(
                    (len(new) - 1, f"{place}{rng.choice(TOPICS)[0]}", until - timedelta(days=400), until)
                )
        for account in new:
            account.grade = account.grade.strip()
        created = bulk_create_with_history(new, Account, batch_size=BATCH, default_change_reason=reason)
        bulk_set_many_to_many(
            Account, "content_categories", list(zip(created, planned_categories, strict=True))
        )
        aliases = [
            AccountAlias(
                account=created[i],
                kind=AccountAlias.Kind.NAME,
                value=value,
                used_from=start_on,
                used_until=until,
            )
            for i, value, start_on, until in planned_aliases
        ]
        bulk_create_with_history(aliases, AccountAlias, batch_size=BATCH, default_change_reason=reason)
    return accounts


def _large_operators(rng: random.Random, organisations: int, individuals: int, reason: str) -> list:
    used_codes = set(Operator.objects.exclude(credit_code="").values_list("credit_code", flat=True))
    used_ids: set = set()
    people = []
    for _index in range(individuals):
        number = _resident_id(rng, used_ids)
        people.append(Person(name=_person_name(rng), phone=_mobile(rng), **person_fields("resident", number)))
    known = set(
        Person.objects.filter(id_number_hash__in=[p.id_number_hash for p in people]).values_list(
            "id_number_hash", flat=True
        )
    )
    people = [p for p in people if p.id_number_hash not in known]
    people = bulk_create_with_history(people, Person, batch_size=BATCH, default_change_reason=reason)
    new = [
        Operator(
            kind=Operator.Kind.ORGANISATION,
            name=f"杭州{rng.choice(BRANDS)}{rng.choice(BRANDS)}{rng.choice(BRANDS)}{rng.choice(INDUSTRIES)}有限公司",
            credit_code=_credit_code(rng, "91", used_codes),
            contact_name=_person_name(rng),
            contact_phone=_mobile(rng),
        )
        for _index in range(organisations)
    ]
    new += [
        Operator(
            kind=Operator.Kind.INDIVIDUAL, name=p.name, person=p, contact_name=p.name, contact_phone=p.phone
        )
        for p in people
    ]
    return bulk_create_with_history(new, Operator, batch_size=BATCH, default_change_reason=reason)
