"""Synthetic Chinese petition texts for the demo and benchmarks.

Everything here is invented: names, companies, estates, roads and stories are
assembled from small hand-written pools, so no real person or case appears.
Output is deterministic for a given ``random.Random`` state.

A petition is one *scenario* of its category (4-5 per category), each with a
few wordings for title, facts, reasons and request.  ``{slot}`` fields are
filled lazily (only slots a chosen wording uses draw from the rng) and once
per petition, so a company named in the title is the one in the facts.

The ``facts``, ``reasons`` and ``request`` parts carry no final full stop:
documents join them with their own punctuation ("事实和理由：{facts}；{reasons}").
Only the ``litigation`` category uses court words (法院, 判决, 执行局, 立案 ...),
which the registration rules treat as a sign of a litigation-related matter.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xinfang.common.idcard import id_check_digit

__all__ = [
    "CATEGORY_CODES",
    "PetitionText",
    "address",
    "company_name",
    "id_number",
    "person_name",
    "petition_text",
    "phone_number",
]

CATEGORY_CODES: tuple[str, ...] = (
    "labour",
    "property_mgmt",
    "urban_renewal",
    "housing",
    "environment",
    "traffic",
    "education",
    "health",
    "social_security",
    "market",
    "urban_mgmt",
    "public_security",
    "litigation",
    "accusation",
    "suggestion",
)


@dataclass(frozen=True)
class PetitionText:
    title: str
    request: str
    facts: str
    reasons: str
    content: str


# --------------------------------------------------------------------------- people

# Common surnames, the most frequent ones repeated so they come up more often.
_SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方")
_GIVEN_ONE = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "霞", "平", "刚", "鹏", "辉", "玲", "燕", "斌", "浩", "亮", "婷", "雪", "峰",
)  # fmt: skip
_GIVEN_TWO = (
    "秀英", "桂英", "秀兰", "玉兰", "建华", "志强", "春梅", "海燕", "国庆", "红梅", "文博", "思远",
    "子涵", "宇轩", "欣怡", "建国", "建军", "丽华", "晓东", "晓明", "志明", "永红", "淑珍", "金凤",
    "海涛", "立新", "卫东", "红霞", "明辉", "俊杰", "雅婷", "嘉怡", "浩然", "梓萱", "一诺", "雨桐",
    "家豪", "振华", "德福", "玉珍", "美玲", "少华", "伟强", "国平", "小红", "秋菊", "宏伟", "志刚",
    "晓燕", "瑞华", "文静", "丽娟", "凤英", "佳琪", "天宇", "博文", "秀芳", "春生", "冬梅", "保国",
)  # fmt: skip

# Two-character brand words for invented company names.
_BRANDS = (
    "宏远", "鑫达", "恒泰", "华盛", "金诚", "嘉宏", "瑞丰", "德昌", "顺达", "锦程", "隆盛", "富源",
    "海润", "宏图", "鼎盛", "汇通", "众邦", "恒昌", "新晟", "天成", "乐居", "博远", "佳禾", "华欣",
    "益康", "裕丰", "润和", "广鑫", "泽诚", "鸿运", "启航", "亿嘉", "坤宇", "骏丰", "明辉", "安泰",
    "金桥", "荣晟", "兴瑞", "永固", "信达", "中恒", "诚远", "丰盛",
)  # fmt: skip
_GENERIC_TRADES = (
    "电子科技", "物流", "贸易", "家政服务", "保安服务", "包装材料", "餐饮管理", "服装", "五金制品", "信息技术",
)  # fmt: skip
_TRADES = {
    "builder": ("建筑劳务", "建筑工程", "建设工程", "市政工程", "装饰工程"),
    "developer": ("房地产开发", "置业", "地产发展"),
    "property": ("物业管理", "物业服务"),
    "training": ("教育科技", "教育咨询", "文化培训"),
    "gym": ("健身管理", "体育文化", "运动健身"),
    "restaurant": ("餐饮管理", "餐饮服务"),
    "factory": ("电子科技", "塑胶制品", "五金制品", "服装", "精密模具", "包装材料", "家具制造"),
    "decorator": ("装饰设计", "家居装饰", "建筑装饰"),
    "agency": ("房地产经纪", "房产经纪"),
}

# --------------------------------------------------------------------------- places (all invented)

_ROADS = (
    "建设路", "人民路", "中山路", "朝阳路", "滨江大道", "新华路", "和平路", "青年路", "文化路", "工业大道",
    "创业路", "学府路", "东环路", "西环路", "南湖路", "北站路", "花园路", "长兴路", "富强路", "振兴路",
    "龙腾路", "金沙路", "松柏路", "桃源路", "荔园路", "丰泽路", "科技路", "环城路", "红旗路", "育英路",
    "幸福路", "同心路", "明珠大道", "翠竹路", "商业街", "光华路",
)  # fmt: skip
_ESTATES = (
    "锦绣花园", "阳光家园", "翠湖名苑", "金色华庭", "御景湾", "碧水湾", "丽景苑", "书香门第", "海悦华府",
    "君悦华庭", "滨江花园", "桂花苑", "紫荆园", "和谐家园", "康乐花园", "春华苑", "海棠居", "怡景花园",
    "枫林雅居", "新世纪花园", "翡翠城", "锦华轩", "望海台", "瑞景新村", "华府名邸", "天悦府", "观澜苑",
    "悦湖山庄", "玉兰花园", "荔枝苑", "芙蓉小区", "静安府", "云栖苑", "润泽园",
)  # fmt: skip
_OLD_ESTATES = (
    "工人新村", "南园新村", "红星小区", "教师宿舍", "电厂宿舍", "粮站小区", "建安小区", "纺织厂宿舍",
    "东风小区", "供销社宿舍", "向阳小区", "机械厂宿舍",
)  # fmt: skip
_VILLAGES = (
    "上围村", "下沙村", "新围村", "塘尾村", "石龙村", "黄屋村", "田心村", "沙坳村", "岭头村", "白石村",
    "大水坑村", "松元村", "旧墟村", "坑梓村", "罗屋村",
)  # fmt: skip
_RIVERS = ("凤凰河", "清水河", "沙河", "东坑水", "西沥渠", "排洪渠", "新河", "观音河")
_SCHOOL_KINDS = (
    "第一小学", "第二小学", "中心小学", "实验学校", "第三中学", "外国语学校", "育才小学", "新城学校",
    "第二实验小学", "九年一贯制学校",
)  # fmt: skip
_KINDERGARTENS = ("小太阳幼儿园", "蓝天幼儿园", "启蒙幼儿园", "童乐幼儿园", "七彩幼儿园", "小橡树幼儿园")
_HOSPITALS = ("区人民医院", "区中医院", "区妇幼保健院", "区第二人民医院", "区骨科医院")

# --------------------------------------------------------------------------- small vocabularies

_CRAFTS = ("钢筋工", "木工", "泥水工", "水电安装", "外墙涂料", "杂工", "架子工", "防水")
_LINE_JOBS = ("普工", "质检员", "仓管员", "拉长", "机修工", "包装工", "叉车司机")
_POSITIONS = ("仓库管理员", "销售", "文员", "司机", "厨师", "保安", "店长", "客服")
_INJURIES = ("左手两根手指骨折", "腰椎压缩性骨折", "右腿胫骨骨折", "右臂严重割伤", "肋骨骨折")
_SURGERIES = ("胆囊切除手术", "膝关节置换手术", "阑尾切除手术", "腰椎手术", "心脏支架手术")
_SYMPTOMS = ("胸闷气短", "持续腹痛", "高烧不退", "头晕呕吐")
_NIGHT_HOURS = ("晚上十点以后", "晚上十一点到凌晨两点", "凌晨三四点", "深夜十二点以后")
_CLINIC_SIGNS = ("中医理疗", "推拿养生", "便民门诊", "口腔护理", "针灸推拿")
_ACCUSED = {
    "community_worker": ("{community}居委会一名工作人员", "{community}工作站一名网格员", "社区一名工作人员"),
    "street_cadre": ("街道城建科一名干部", "街道执法队一名负责人", "街道规划土地监察队一名队员"),
    "section_head": ("街道某科室负责人", "街道一名分管领导", "街道经济服务办一名负责人"),
}

# Departments a petitioner says they already went to, by category.
_DEPTS = {
    "labour": ("劳动监察大队", "街道劳动办", "区人力资源和社会保障局", "项目建设单位"),
    "property_mgmt": ("物业服务中心", "社区居委会", "街道办", "区住建局"),
    "urban_renewal": ("街道城市更新办", "项目实施主体", "社区工作站", "区规划和自然资源局"),
    "housing": ("区住建局", "开发商客服", "不动产登记中心", "街道办"),
    "environment": ("生态环境部门", "12345热线", "街道执法队", "社区工作站"),
    "traffic": ("交警大队", "区交通运输局", "12345热线", "街道办"),
    "education": ("学校", "区教育局", "街道教育办", "12345热线"),
    "health": ("医院医务科", "区卫生健康局", "区医疗保障局", "12345热线"),
    "social_security": ("区社保局", "街道社会事务办", "社区工作站", "区民政局"),
    "market": ("市场监管所", "12315热线", "商家", "12345热线"),
    "urban_mgmt": ("街道执法队", "城管部门", "社区工作站", "12345热线"),
    "public_security": ("辖区派出所", "社区网格员", "物业", "社区工作站"),
    "litigation": ("区人民法院", "法院执行局", "区人民检察院", "区司法局"),
    "accusation": ("街道纪工委", "社区党委", "街道办"),
    "suggestion": ("社区工作站", "街道办", "12345热线"),
}


def _place_stem(place: str) -> str:
    """ "龙城街道" -> "龙城": the short form used in company and school names."""
    for suffix in ("街道办事处", "街道", "镇", "乡"):
        if place.endswith(suffix) and len(place) > len(suffix):
            return place[: -len(suffix)][:3]
    return place[:2]


def _money(yuan: float) -> str:
    """36000 -> "3.6万元", 8500 -> "8500元"."""
    if yuan >= 10000:
        wan = f"{yuan / 10000:.1f}".rstrip("0").rstrip(".")
        return f"{wan}万元"
    return f"{int(yuan)}元"


# --------------------------------------------------------------------------- public helpers


def person_name(rng: random.Random) -> str:
    """A plausible invented full name: frequent surnames, one- or two-character given names."""
    surname = rng.choice(_COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(_SURNAMES)
    given = rng.choice(_GIVEN_ONE) if rng.random() < 0.3 else rng.choice(_GIVEN_TWO)
    return surname + given


def _company(rng: random.Random, place: str, trades: Sequence[str]) -> str:
    suffix = "有限责任公司" if rng.random() < 0.15 else "有限公司"
    return f"{_place_stem(place)}{rng.choice(_BRANDS)}{rng.choice(trades)}{suffix}"


def company_name(rng: random.Random, place: str) -> str:
    """An invented company registered in ``place``, e.g. "龙城鑫达物流有限公司"."""
    return _company(rng, place, _GENERIC_TRADES)


def id_number(
    rng: random.Random, *, division_code: str = "440306", birth_year_range: tuple[int, int] = (1950, 2002)
) -> str:
    """A synthetic 18-digit resident ID number with a valid birth date and check digit."""
    year = rng.randint(*birth_year_range)
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    first17 = f"{division_code}{year:04d}{month:02d}{day:02d}{rng.randint(1, 999):03d}"
    return first17 + id_check_digit(first17)


# Mobile number segments (first three digits) in use on the mainland.
_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "185",
    "186", "187", "188", "189", "191", "193", "195", "198", "199",
)  # fmt: skip


def phone_number(rng: random.Random) -> str:
    """A synthetic 11-digit mainland mobile number."""
    return f"{rng.choice(_MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"


def address(rng: random.Random, *, place: str, community: str) -> str:
    """E.g. "龙城街道幸福社区建设路12号3栋1502" (sometimes an estate or a village instead of a road)."""
    room = f"{rng.randint(1, 32)}{rng.randint(1, 6):02d}"
    kind = rng.random()
    if kind < 0.6:
        spot = f"{rng.choice(_ROADS)}{rng.randint(1, 300)}号{rng.randint(1, 20)}栋{room}"
    elif kind < 0.85:
        spot = f"{rng.choice(_ESTATES)}{rng.randint(1, 20)}栋{rng.randint(1, 4)}单元{room}"
    else:
        spot = f"{rng.choice(_VILLAGES)}{rng.randint(1, 12)}巷{rng.randint(1, 60)}号"
    return f"{place}{community}{spot}"


# --------------------------------------------------------------------------- slots


class _Slots(dict[str, str]):
    """Slot values of one petition, made on first use by ``_MAKERS`` and then kept."""

    __slots__ = ("category", "rng")

    def __init__(self, rng: random.Random, category: str, place: str, community: str) -> None:
        super().__init__(place=place, community=community, stem=_place_stem(place))
        self.rng = rng
        self.category = category

    def __missing__(self, key: str) -> str:
        value = _MAKERS[key](self)
        self[key] = value
        return value

    def fill(self, template: str) -> str:
        return template.format_map(self)


_Maker = Callable[[_Slots], str]


def _pick(options: Sequence[str]) -> _Maker:
    return lambda s: s.rng.choice(options)


def _num(low: int, high: int, step: int = 1) -> _Maker:
    return lambda s: str(s.rng.randrange(low, high + 1, step))


def _company_of(kind: str) -> _Maker:
    return lambda s: _company(s.rng, s["place"], _TRADES[kind])


def _other(key: str, options: Sequence[str]) -> _Maker:
    """A choice different from slot ``key`` (e.g. the second road of a crossing)."""

    def make(s: _Slots) -> str:
        taken = s[key]
        return s.rng.choice([o for o in options if o != taken])

    return make


def _since(s: _Slots) -> str:
    """A past moment that reads well before 以来/起/开始."""
    rng = s.rng
    kind = rng.randrange(4)
    if kind == 0:
        return f"去年{rng.randint(1, 12)}月"
    if kind == 1:
        return f"前年{rng.randint(1, 12)}月"
    if kind == 2:
        return f"去年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    return rng.choice(("去年年初", "去年年底", "去年下半年", "前年年底", "今年春节后"))


def _wage_total(s: _Slots) -> str:
    return _money(int(s["workers"]) * int(s["months"]) * int(s["wage"]) * s.rng.uniform(0.55, 0.9))


def _fee_new(s: _Slots) -> str:
    return f"{float(s['fee_old']) + s.rng.choice((0.5, 0.8, 1.0, 1.2, 1.5)):.1f}"


def _park_new(s: _Slots) -> str:
    return str(int(s["park_old"]) + s.rng.randrange(100, 301, 50))


def _accused(kind: str) -> _Maker:
    return lambda s: s.fill(s.rng.choice(_ACCUSED[kind]))


_MAKERS: dict[str, _Maker] = {
    # names and organisations
    "foreman": lambda s: s.rng.choice(_SURNAMES) + "某",
    "boss": lambda s: s.rng.choice(_SURNAMES) + "某",
    "company": lambda s: company_name(s.rng, s["place"]),
    "builder": _company_of("builder"),
    "developer": _company_of("developer"),
    "property_co": _company_of("property"),
    "training": _company_of("training"),
    "gym": _company_of("gym"),
    "restaurant": lambda s: (
        s.rng.choice(_BRANDS) + s.rng.choice(("酒楼", "烧烤店", "火锅店", "大排档", "餐厅"))
    ),
    "factory": _company_of("factory"),
    "decorator": _company_of("decorator"),
    "agency": _company_of("agency"),
    "supermarket": lambda s: s.rng.choice(_BRANDS) + s.rng.choice(("超市", "生鲜超市", "便利店", "购物广场")),
    "community_worker": _accused("community_worker"),
    "street_cadre": _accused("street_cadre"),
    "section_head": _accused("section_head"),
    "dept": lambda s: s.rng.choice(_DEPTS[s.category]),
    # places
    "road": _pick(_ROADS),
    "road2": _other("road", _ROADS),
    "estate": _pick(_ESTATES),
    "old_estate": _pick(_OLD_ESTATES),
    "village": _pick(_VILLAGES),
    "river": _pick(_RIVERS),
    "school": lambda s: s["stem"] + s.rng.choice(_SCHOOL_KINDS),
    "kindergarten": _pick(_KINDERGARTENS),
    "hospital": lambda s: s.rng.choice((*_HOSPITALS, s["stem"] + "社区健康服务中心")),
    "market": lambda s: s["stem"] + s.rng.choice(("农贸市场", "综合市场", "菜市场")),
    "bus": lambda s: f"{s.rng.choice(('', '', 'M', 'B'))}{s.rng.randint(2, 498)}路",
    "building": lambda s: f"{s.rng.randint(1, 32)}栋",
    "room": lambda s: f"{s.rng.randint(2, 33)}{s.rng.randint(1, 8):02d}室",
    # time
    "since": _since,
    "deliver_date": lambda s: f"去年{s.rng.randint(1, 12)}月{s.rng.choice((1, 15, 28, 30))}日",
    "night_hours": _pick(_NIGHT_HOURS),
    # work and people
    "craft": _pick(_CRAFTS),
    "line_job": _pick(_LINE_JOBS),
    "position": _pick(_POSITIONS),
    "injury": _pick(_INJURIES),
    "surgery": _pick(_SURGERIES),
    "symptom": _pick(_SYMPTOMS),
    "clinic_sign": _pick(_CLINIC_SIGNS),
    "workers": _num(4, 68),
    "months": _num(2, 11),
    "wage": _num(5500, 9500, 100),
    "wage_total": _wage_total,
    "years": _num(2, 12),
    "years_short": _num(1, 3),
    "households": _num(30, 480),
    "family": _num(3, 7),
    "days": _num(12, 240),
    "work_hours": _num(10, 13),
    "rest_days": _num(1, 4),
    "age": _num(70, 96),
    "members": _num(60, 900),
    "parents": _num(20, 260),
    "shops": _num(3, 12),
    "accidents": _num(2, 9),
    "breakdowns": _num(5, 24),
    "floors": _num(18, 34),
    "old_floors": _num(6, 8),
    "walk": _num(15, 40, 5),
    "wait": _num(25, 60, 5),
    "distance": _num(3, 9),
    "stitches": _num(3, 9),
    "queue_hours": _num(2, 4),
    "area": _num(62, 380),
    "area_diff": _num(6, 48),
    "times": _num(3, 12),
    # money
    "amount": lambda s: _money(s.rng.randrange(30, 2000) * 1000),
    "savings": lambda s: _money(s.rng.randrange(8, 200) * 1000),
    "reno_price": lambda s: _money(s.rng.randrange(80, 600) * 1000),
    "severance": lambda s: _money(s.rng.randrange(15, 160) * 1000),
    "medical": lambda s: _money(s.rng.randrange(80, 600) * 100),
    "tuition": lambda s: _money(s.rng.randrange(40, 360) * 100),
    "deposit": lambda s: _money(s.rng.randrange(2, 30) * 10000),
    "fee_old": lambda s: f"{s.rng.choice((1.8, 2.2, 2.5, 2.8, 3.2, 3.5, 4.0))}",
    "fee_new": _fee_new,
    "fee_school": _num(300, 2400, 50),
    "park_old": _num(300, 800, 50),
    "park_new": _park_new,
    "park_price": _num(18, 45),
    "park_hour": _num(3, 12),
    "comp_price": _num(9000, 32000, 500),
    "transition_fee": _num(1500, 4500, 100),
    "pension_loss": _num(180, 900, 10),
    "income": _num(400, 1100, 50),
    "subsidy": _num(100, 500, 50),
    "weight": _num(2, 6),
}


# --------------------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class _Scenario:
    titles: tuple[str, ...]
    facts: tuple[str, ...]
    reasons: tuple[str, ...]
    requests: tuple[str, ...]
    details: tuple[str, ...] = ()
    intros: tuple[str, ...] = ()  # overrides the category's own


@dataclass(frozen=True)
class _Category:
    intros: tuple[str, ...]
    scenarios: tuple[_Scenario, ...]
    follow_ups: tuple[str, ...] = (
        "此前已经{times}次向{dept}反映，对方每次都说正在处理，但至今没有结果。",
        "我们向{dept}反映过多次，一直被推来推去，问题没有任何进展。",
        "{since}至今我多次找过{dept}，得到的答复都是“再等等”。",
        "也打过12345热线，工单显示已办结，但问题依旧存在。",
    )
    pleas: tuple[str, ...] = (
        "这件事已经严重影响了我们的正常生活。",
        "我们都是普通老百姓，实在没有别的办法了。",
        "希望政府能真正为群众办实事。",
    )
    leads: tuple[str, ...] = ("为此，", "因此，", "我的诉求是：", "特提出以下诉求：", "")
    closings: tuple[str, ...] = (
        "恳请领导高度重视，尽快协调解决！",
        "望有关部门依法依规处理，盼复。",
        "以上情况属实，恳请帮助解决。",
        "请尽快给予答复，谢谢！",
        "期盼问题早日得到解决，谢谢领导！",
    )


_OPENINGS = ("尊敬的领导：", "尊敬的信访部门领导：", "区信访局：", "领导您好：", "", "")

_CATEGORIES: dict[str, _Category] = {
    "labour": _Category(
        pleas=(
            "眼看房租和孩子的学费都要交，我们实在等不起了。",
            "我们只想拿回自己的血汗钱。",
            "问题再得不到解决，工友们的生活就真的过不下去了。",
        ),
        intros=(
            "我是在{place}打工的外来务工人员，现将遇到的情况反映如下。",
            "本人是一名普通打工者，暂住{place}{community}。",
            "我是{place}{community}的居民，在附近上班。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "{builder}拖欠{workers}名农民工工资{wage_total}",
                    "{road}工地{workers}名农民工讨薪无果",
                    "反映{builder}长期拖欠工人工资",
                ),
                facts=(
                    "从{since}开始，我们{workers}名工人跟着包工头{foreman}在{builder}承建的{road}项目工地做{craft}，"
                    "约定每月工资{wage}元。工程主体已经完工，工资却只发过生活费，至今拖欠{months}个月，"
                    "共计{wage_total}",
                    "我们{workers}个人在{road}的{estate}二期工地干{craft}活，总包单位是{builder}，班组长是{foreman}。"
                    "{since}以来工资一拖再拖，累计欠薪{wage_total}。包工头说总包没拨款，总包说钱早就给了包工头",
                    "{builder}在{road}的工地上共有{workers}名工人被拖欠工资，每人少则几千元、多则三四万元，"
                    "合计{wage_total}。包工头{foreman}最近已经不接电话",
                ),
                reasons=(
                    "按照保障农民工工资支付的有关规定，施工总承包单位对农民工工资支付负总责，"
                    "不能以分包或者包工头失联为由推脱",
                    "我们都是靠力气吃饭的农民工，家里老人看病、孩子上学都等着这笔钱，有的工友连房租都交不起了",
                    "干了活就应当拿到工钱，总包和包工头互相推诿，最后吃亏的都是最底层的工人",
                ),
                requests=(
                    "请求劳动监察部门责令{builder}立即足额支付拖欠的工资{wage_total}",
                    "请求督促总包单位先行垫付拖欠工资，并依法处理包工头{foreman}",
                    "请求尽快组织我们与总包单位、包工头三方对账，把工资结清",
                ),
                details=(
                    "我们手里有考勤记录和包工头签字的欠条，可以提供",
                    "工友中有好几位已经五十多岁，再找活干很难",
                ),
            ),
            _Scenario(
                titles=(
                    "{factory}老板失联拖欠员工工资",
                    "{factory}突然停工{workers}名员工工资无着落",
                    "请求帮助追讨{factory}欠薪",
                ),
                facts=(
                    "我在{factory}做{line_job}，工厂有员工{workers}人。{since}起工厂就开始拖欠工资，"
                    "上个月老板{boss}突然联系不上，车间也停了工，大家{months}个月的工资共约{wage_total}没有着落",
                    "{factory}位于{place}{road}，{since}后订单减少，开始按月拖欠工资。前几天工厂突然贴出停工通知，"
                    "老板{boss}不接电话，{workers}名员工被拖欠{months}个月工资",
                ),
                reasons=(
                    "工厂停工后设备还在厂房里，应当依法处置，优先用于支付员工工资",
                    "老板恶意逃避支付劳动报酬，涉嫌违法，大家的生活都陷入了困境",
                ),
                requests=(
                    "请求劳动监察部门介入调查，依法采取措施防止设备被转移，优先清偿员工工资",
                    "请求协调启用欠薪保障资金先行垫付，并追究{boss}的责任",
                ),
                details=(
                    "厂房的房东也在追讨租金，大家担心设备被偷偷搬走",
                    "部分员工的社保也已经停缴了好几个月",
                ),
            ),
            _Scenario(
                titles=(
                    "{company}不签劳动合同不付加班费",
                    "反映{company}长期违法安排加班",
                    "{company}拒付加班工资",
                ),
                facts=(
                    "本人{years}年前入职{company}，担任{position}。公司至今没有与我签订书面劳动合同，"
                    "每天工作超过{work_hours}小时，每月只休{rest_days}天，加班费从来没有发过",
                    "我在{company}工作了{years}年，公司以“临时工”为由一直不签合同，"
                    "晚上和周末经常被要求加班，但工资条上从来没有加班费这一项",
                ),
                reasons=(
                    "用人单位应当与劳动者订立书面劳动合同，安排加班应当依法支付加班工资，公司的做法侵害了劳动者的合法权益",
                    "我多次向公司人事提出签合同，对方说要签就得降工资，不签就走人",
                ),
                requests=(
                    "请求劳动监察部门督促{company}补签劳动合同，补发加班工资",
                    "请求依法查处{company}的违法用工行为，并支付未签合同期间的二倍工资差额",
                ),
                details=("我保存了打卡记录和工作群里的加班通知截图",),
            ),
            _Scenario(
                titles=(
                    "{company}裁员{workers}人不给补偿",
                    "{company}集体辞退员工未付经济补偿",
                    "{workers}名员工被{company}突然辞退",
                ),
                facts=(
                    "{since}，{company}以“经营调整”为由通知我们{workers}名员工第二天不用上班，"
                    "既没有提前三十天书面通知，也没有支付任何经济补偿",
                    "{company}{since}突然宣布撤销整个部门，涉及员工{workers}人，公司只愿意每人补偿半个月工资，"
                    "而大部分员工在公司工作了{years}年以上",
                ),
                reasons=(
                    "用人单位裁减人员应当提前说明情况、听取意见，并按工作年限依法支付经济补偿",
                    "公司经营困难可以理解，但不能把损失全部转嫁给员工",
                ),
                requests=(
                    "请求督促{company}按工作年限依法支付经济补偿",
                    "请求有关部门调查{company}的裁员行为，责令其依法补偿员工",
                ),
            ),
            _Scenario(
                titles=(
                    "被{company}无故辞退未获赔偿",
                    "{company}违法解除劳动合同",
                ),
                facts=(
                    "本人在{company}工作{years}年，一直表现正常。公司新来的主管以“不服从安排”为由口头将我辞退，"
                    "当月工资只结算了一半",
                    "我在{company}做{position}已经{years}年，{since}公司以调岗为由把我调到外地，"
                    "我提出家里有老人需要照顾，公司随即以“旷工”为由解除了劳动合同",
                ),
                reasons=(
                    "用人单位解除劳动合同应当有合法理由，违法解除的应当支付赔偿金",
                    "公司没有任何书面通知，也没有说明具体理由",
                ),
                requests=(
                    "请求督促{company}依法支付违法解除劳动合同的赔偿金{severance}",
                    "请求劳动监察部门核查{company}的辞退行为，补发拖欠的工资",
                ),
            ),
            _Scenario(
                titles=(
                    "{company}拒绝为受伤员工申报工伤",
                    "工作受伤后{company}不管不问",
                    "申请协调{company}工伤待遇问题",
                ),
                facts=(
                    "{since}，我在{company}上班时操作设备受伤，造成{injury}，住院{days}天，花费医疗费{medical}。"
                    "公司只垫付了一小部分，拒绝为我申请工伤认定",
                    "我丈夫在{company}的仓库搬货时从货架上摔下，造成{injury}。事发后公司说他是临时工，"
                    "没有买工伤保险，也不愿意承担后续治疗费用",
                ),
                reasons=(
                    "劳动者在工作时间和工作场所内因工作原因受到伤害，应当认定为工伤，公司不能推卸责任",
                    "受伤后无法正常工作，家里失去了主要收入来源，后续治疗还需要不少钱",
                ),
                requests=(
                    "请求督促{company}依法申报工伤认定，并支付工伤待遇",
                    "请求人社部门介入，协调公司承担医疗费和停工期间的工资",
                ),
            ),
        ),
    ),
    "property_mgmt": _Category(
        pleas=(
            "小区业主对此意见很大，邻里之间也因此产生了矛盾。",
            "希望有关部门不要让业主的合理诉求石沉大海。",
            "业主们交了物业费，却享受不到应有的服务。",
        ),
        intros=(
            "我是{place}{community}{estate}的业主。",
            "我们是{estate}小区的业主代表，代表小区业主反映问题。",
            "本人居住在{community}{estate}。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "{estate}物业服务差还要涨物业费",
                    "反对{property_co}擅自上调物业费",
                    "{estate}物业管理混乱收费上涨",
                ),
                facts=(
                    "小区由{property_co}管理，{since}以来电梯经常停运，楼道灯坏了几个月没人修，垃圾清运也不及时。"
                    "最近物业贴出通知，要把物业费从每平方米{fee_old}元上调到{fee_new}元",
                    "{property_co}接管{estate}以来，保安经常不在岗，门禁形同虚设，绿化带荒了一大片。"
                    "物业在没有召开业主大会的情况下，单方面宣布把物业费上调到每平方米{fee_new}元",
                ),
                reasons=(
                    "物业服务收费应当与服务质量相符，调整收费标准需要经过业主共同决定",
                    "业主多次向物业反映，物业态度敷衍，还以停水停电相威胁",
                ),
                requests=(
                    "请求主管部门督促物业公司整改服务，停止违规涨价",
                    "请求街道和社区指导业主依法表决，必要时重新选聘物业",
                ),
                details=("小区里已经有不少业主拒交物业费，矛盾越来越大",),
            ),
            _Scenario(
                titles=(
                    "{estate}公共收益去向不明",
                    "{property_co}侵占{estate}业主公共收益",
                    "要求公开{estate}公共收益账目",
                ),
                facts=(
                    "{estate}的电梯广告、地面停车位和快递柜每年都有收入，{property_co}从来没有公示过公共收益的收支情况",
                    "{property_co}把{estate}的架空层和部分地面车位出租给商户，收入去向业主一概不知，业主要求查账被物业拒绝",
                ),
                reasons=(
                    "公共收益属于全体业主，物业无权擅自支配，收支情况应当定期公示",
                    "利用小区公共部位经营，应当经过业主共同决定",
                ),
                requests=(
                    "请求有关部门责令物业公司公开近三年公共收益的收支明细",
                    "请求审计公共收益账目，将属于业主的收益依法返还",
                ),
            ),
            _Scenario(
                titles=(
                    "要求公开{estate}维修资金使用明细",
                    "{estate}维修资金使用不透明",
                ),
                facts=(
                    "{estate}{building}外墙渗水，物业称已经动用维修资金{amount}进行维修，但修完后问题依旧，"
                    "物业也拒绝公开工程预算和验收资料",
                    "{property_co}以更换{estate}消防管道为由申请使用维修资金{amount}，表决过程中很多业主的票被人代签",
                ),
                reasons=(
                    "维修资金属于全体业主，使用应当经过业主依法表决并公示",
                    "业主对维修资金的使用有知情权和监督权",
                ),
                requests=(
                    "请求住建部门核查维修资金的使用情况，对违规使用的依法追回",
                    "请求责令物业公开维修工程的预算、合同和验收资料",
                ),
            ),
            _Scenario(
                titles=(
                    "{estate}{building}电梯频繁故障",
                    "{estate}电梯多次困人存在安全隐患",
                    "请求解决{estate}老旧电梯维修问题",
                ),
                facts=(
                    "{estate}{building}的两部电梯{since}以来已经故障{breakdowns}次，其中两次困人，"
                    "一位老人被困了四十多分钟",
                    "我们{building}共{floors}层，电梯已经用了十五年以上，经常出现异响、平层不准，上个月还困过人。"
                    "物业每次只是简单修一下，从来没有彻底检修过",
                ),
                reasons=(
                    "电梯是高层住宅的必需设施，长期带病运行随时可能发生事故",
                    "楼里住着不少老人和小孩，电梯一停，上下楼非常困难",
                ),
                requests=(
                    "请求特种设备监管部门对电梯进行安全检测，督促物业彻底维修或更换",
                    "请求协调使用维修资金更新电梯，确保居民出行安全",
                ),
            ),
            _Scenario(
                titles=(
                    "{estate}成立业委会受阻",
                    "{estate}首次业主大会迟迟不能召开",
                ),
                facts=(
                    "{estate}共有{households}户业主，{since}业主就按规定向街道提交了成立业主委员会的申请，"
                    "至今已过去{months}个月，首次业主大会仍然没有召开",
                    "{estate}业主筹备成立业委会，提交的材料被退回了{times}次，每次要求补充的内容都不一样",
                ),
                reasons=(
                    "成立业主委员会是业主的法定权利，有关部门应当依法指导和协助",
                    "没有业委会，业主无法对物业进行有效监督",
                ),
                requests=(
                    "请求街道和社区依法指导组织召开首次业主大会",
                    "请求一次性明确成立业委会需要的材料和时限",
                ),
            ),
            _Scenario(
                titles=(
                    "{property_co}合同到期拒不退出{estate}",
                    "{estate}新老物业交接受阻",
                ),
                facts=(
                    "{estate}业主大会已经表决解聘{property_co}并选聘了新物业，但原物业合同到期后拒不退出，"
                    "还锁住了监控室和车库道闸",
                    "{property_co}的服务合同{since}就已到期，业主大会决定不再续聘，但物业至今不移交资料和设备用房，"
                    "新物业进不了场",
                ),
                reasons=(
                    "业主大会依法作出的决定对全体业主和物业公司都有约束力",
                    "原物业拒不交接，小区管理处于真空状态，存在安全隐患",
                ),
                requests=(
                    "请求有关部门依法督促{property_co}限期退出，完成交接",
                    "请求街道协调新老物业交接，保障小区正常秩序",
                ),
            ),
            _Scenario(
                titles=(
                    "{estate}停车费大幅上涨",
                    "{property_co}擅自上调{estate}停车费",
                ),
                facts=(
                    "{property_co}通知从下月起将{estate}地下车位月租从{park_old}元上调到{park_new}元，"
                    "事先没有征求业主意见",
                ),
                reasons=(
                    "小区停车收费调整应当公开透明，征求业主意见",
                    "物业不能利用独家经营的地位随意涨价",
                ),
                requests=(
                    "请求价格和住建部门核查停车收费标准是否合理",
                    "请求督促物业暂停执行新的收费标准",
                ),
            ),
            _Scenario(
                titles=(
                    "{estate}车位只售不租业主停车难",
                    "{estate}车位高价只卖不租",
                ),
                facts=(
                    "{estate}地下车库有几百个车位，开发商和物业只卖不租，一个车位要价{park_price}万元，"
                    "大量业主只能把车停在小区外的路边",
                ),
                reasons=(
                    "小区车位应当首先满足业主的需要",
                    "车停在路边经常被贴罚单，还影响周边道路通行",
                ),
                requests=(
                    "请求督促开发商以合理价格出租车位",
                    "请求有关部门依法规范{estate}车位的出售和出租",
                ),
            ),
        ),
    ),
    "urban_renewal": _Category(
        pleas=(
            "旧改本来是好事，但不能让被搬迁户吃亏。",
            "我们支持城市建设，但合法权益也必须得到保障。",
            "村里的老人天天念叨这件事，身体也一天不如一天。",
        ),
        intros=(
            "我是{place}{village}的原村民。",
            "本人是{village}旧改项目的被搬迁户。",
            "我家住在{place}{community}{village}，房屋在城市更新范围内。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "{village}拆迁房屋面积测量有误",
                    "旧改测绘少算我家{area_diff}平方米",
                ),
                facts=(
                    "{village}城市更新项目启动后，测绘公司测出我家房屋面积为{area}平方米，"
                    "比房产证和实际面积少了{area_diff}平方米，补偿款因此少了很多",
                    "我家在{village}的房子是{years}年前自建的，测绘时把二楼的{area_diff}平方米算成了“临时搭建”，不予补偿",
                ),
                reasons=(
                    "测绘结果应当让被搬迁人核对，有错误的应当更正",
                    "房子是我们全家几代人的住所，补偿不公我们无法接受",
                ),
                requests=(
                    "请求重新委托有资质的机构进行测绘",
                    "请求按实际面积核定补偿",
                ),
            ),
            _Scenario(
                titles=(
                    "{village}旧改补偿标准不统一",
                    "对{village}城市更新补偿方案有异议",
                ),
                facts=(
                    "{village}城市更新项目给出的补偿标准是每平方米{comp_price}元，而一路之隔的邻居拿到的标准明显更高，"
                    "评估报告我们一直看不到",
                    "{village}旧改项目先签约的住户和后签约的住户补偿标准不一样，实施主体对不同的人说法也不一样",
                ),
                reasons=(
                    "同一项目的补偿标准应当公开、统一",
                    "补偿方案不透明，村民之间互相猜疑，矛盾越来越多",
                ),
                requests=(
                    "请求公开补偿标准和评估依据",
                    "请求对项目补偿方案进行审查，保障被搬迁人的合法权益",
                ),
            ),
            _Scenario(
                titles=(
                    "{village}旧改回迁房迟迟未动工",
                    "{village}改造过渡费停发{months}个月",
                    "请求落实{village}回迁安置",
                ),
                facts=(
                    "{village}城中村改造项目{years}年前就已拆除完毕，当时承诺三年内回迁，至今回迁房还没有开工。"
                    "开发主体已经{months}个月没有发放每月{transition_fee}元的过渡费",
                    "我家的房子在{village}改造中被拆除，协议约定的回迁房一直没有动工，过渡费也停发了{months}个月，"
                    "我们一家{family}口人在外租房，生活负担很重",
                ),
                reasons=(
                    "开发主体违反了搬迁安置协议的约定，应当承担违约责任",
                    "许多被搬迁户年纪大了，担心有生之年住不上回迁房",
                ),
                requests=(
                    "请求督促开发主体尽快开工建设回迁房，按协议补发过渡费",
                    "请求政府部门介入，必要时更换实施主体，确保回迁安置落实",
                ),
            ),
            _Scenario(
                titles=(
                    "{village}片区征收程序不公开",
                    "{village}一带房屋征收未征求居民意见",
                ),
                facts=(
                    "{village}一带{households}户居民的房屋被列入征收范围，征收决定发布前没有召开听证会，"
                    "也没有公开征求意见，很多居民是看到公告才知道的",
                ),
                reasons=(
                    "房屋征收应当依法公开征求意见、开展社会稳定风险评估",
                    "征收关系到几百户居民的切身利益，不能暗箱操作",
                ),
                requests=(
                    "请求依法审查征收程序，公开征收决定的依据",
                    "请求组织召开听证会，充分听取被征收人的意见",
                ),
            ),
            _Scenario(
                titles=(
                    "反映{village}旧改签约中存在威胁行为",
                    "{village}旧改实施主体逼迫居民签约",
                ),
                facts=(
                    "{village}旧改项目签约过程中，实施主体的工作人员多次晚上上门催签，声称不签就按违建处理，"
                    "还有人在我家门口堆放建筑垃圾",
                    "{village}还没签约的住户家里被断水断电，实施主体的人说签了字马上就恢复",
                ),
                reasons=(
                    "签约应当在自愿平等的基础上进行",
                    "用不正当手段逼迫居民签约，严重损害政府形象",
                ),
                requests=(
                    "请求查处实施主体工作人员的违规行为，保障居民人身和财产安全",
                    "请求立即制止逼迫签约的行为，暂停违规签约",
                ),
            ),
            _Scenario(
                titles=(
                    "{village}更新项目停滞{years}年",
                    "{village}旧改搁置多年房屋无法修缮",
                ),
                facts=(
                    "{village}城市更新单元{years}年前就已列入计划，之后一直没有进展。因为被划入更新范围，"
                    "我们的房子不能加建也不能大修，出租也受到影响",
                    "{village}片区旧改项目宣传了{years}年，签约率早已超过九成，但项目一直停在那里，"
                    "搬走的住户拿不到补偿，没搬走的住户住在一片废墟中间",
                ),
                reasons=(
                    "项目长期停滞却不调出计划，让居民处在两难境地",
                    "部分房屋已经拆了一半，周边治安和消防隐患很大",
                ),
                requests=(
                    "请求公开项目目前的进展情况和后续安排",
                    "请求督促项目推进，确实无法实施的应当依法调出计划",
                ),
            ),
        ),
    ),
    "housing": _Category(
        pleas=(
            "买房花光了两代人的积蓄，还背着几十年的房贷。",
            "我们只希望开发商能够诚信履约。",
            "业主们已经身心俱疲，希望政府主持公道。",
        ),
        intros=(
            "我是{place}{community}的居民。",
            "我是一名普通购房者，家住{place}{community}。",
            "本人是{estate}的业主。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "{estate}逾期交房{days}天",
                    "{developer}逾期交房拒付违约金",
                    "要求{estate}开发商尽快交房",
                ),
                facts=(
                    "我们购买了{developer}开发的{estate}商品房，合同约定{deliver_date}前交房，"
                    "现在已经逾期{days}天，工地上只有零星几个工人在干活",
                    "{estate}项目共有{households}户业主，合同约定的交房日期已经过去{days}天。{developer}先说材料涨价影响工期，"
                    "后来又说资金紧张，一直拿不出明确的交房时间",
                ),
                reasons=(
                    "开发商逾期交房，应当按照合同约定承担违约责任",
                    "很多业主一边还房贷一边租房住，经济压力非常大",
                ),
                requests=(
                    "请求住建部门督促{developer}尽快复工，明确交房时间",
                    "请求督促开发商按合同约定支付逾期交房违约金",
                ),
                details=("预售资金监管账户里的钱是否被挪用，我们也希望有关部门核查",),
            ),
            _Scenario(
                titles=(
                    "{estate}新房墙体开裂漏水",
                    "{estate}{building}房屋质量问题严重",
                    "{developer}对房屋质量问题推诿不修",
                ),
                facts=(
                    "{estate}{building}交房不到{years_short}年，就有几十户出现墙体开裂、卫生间渗水、窗户漏风等问题，"
                    "我家客厅墙面的裂缝有一米多长，{developer}只派人简单修补",
                    "我家在{estate}{building}{room}，入住后发现阳台和外墙一下雨就渗水，墙皮大面积脱落。"
                    "多次联系{developer}报修，对方只是派人刷了一遍涂料",
                ),
                reasons=(
                    "商品房在保修期内出现质量问题，开发商应当负责维修并赔偿损失",
                    "房屋质量关系到居住安全，我们担心存在结构隐患",
                ),
                requests=(
                    "请求住建部门组织对房屋质量进行检测，督促开发商彻底维修",
                    "请求依法查处施工和监理单位的质量问题",
                ),
            ),
            _Scenario(
                titles=(
                    "{estate}交房{years}年仍无法办证",
                    "{estate}业主办理不动产权证难",
                ),
                facts=(
                    "{estate}已经交房{years}年，因为{developer}欠缴土地出让金和相关税费，全体业主至今无法办理不动产权证",
                    "我在{estate}买房时已经一次性付清房款，交房{years}年了，开发商一直没有办理首次登记，"
                    "孩子上学、落户都受到影响",
                ),
                reasons=(
                    "业主已经履行了付款义务，办理产权证是我们的合法权益",
                    "没有产权证，房子不能抵押也不能过户，影响正常生活",
                ),
                requests=(
                    "请求有关部门协调解决历史遗留问题，尽快为业主办理不动产权证",
                    "请求督促{developer}补缴欠款，完成首次登记",
                ),
            ),
            _Scenario(
                titles=(
                    "{estate}宣传的配套至今未兑现",
                    "{developer}售楼时虚假宣传",
                ),
                facts=(
                    "{developer}在销售{estate}时宣传小区配套建设幼儿园和{school}分校，还有中央花园。"
                    "交房后才发现幼儿园用地变成了商业楼，学校也没有任何消息",
                    "购买{estate}时售楼处沙盘上标注的小区绿地和会所，交房时变成了停车场和商铺，与宣传资料差别很大",
                ),
                reasons=(
                    "开发商的宣传内容影响了我们的购房决定，应当兑现承诺",
                    "配套设施缩水损害了全体业主的利益",
                ),
                requests=(
                    "请求有关部门核查{estate}的规划和建设是否一致，督促开发商兑现承诺",
                    "请求依法查处开发商的虚假宣传行为",
                ),
            ),
            _Scenario(
                intros=(
                    "我是一名二手房购房者，家住{place}{community}。",
                    "本人是{place}的居民，最近在买二手房时遇到了问题。",
                ),
                titles=(
                    "{agency}收取定金后拒不退还",
                    "二手房交易中{agency}隐瞒房屋抵押",
                ),
                facts=(
                    "我通过{agency}购买{estate}一套二手房，交了定金{deposit}。后来才发现房子有抵押没有解除，"
                    "中介事先没有告知，现在却拒绝退还定金",
                    "我通过{agency}看中了{estate}一套二手房，按中介要求交了定金{deposit}。签约前才知道房子还有抵押，"
                    "中介却以我“违约”为由不退定金",
                ),
                reasons=(
                    "中介机构应当如实告知房屋情况，隐瞒重要信息造成的损失应当由其承担",
                    "定金是在中介隐瞒情况的前提下交的，中介不退定金没有道理",
                ),
                requests=(
                    "请求住建部门查处{agency}的违规行为，督促退还定金",
                    "请求有关部门组织调解，由中介全额退还定金{deposit}",
                ),
            ),
        ),
    ),
    "environment": _Category(
        pleas=(
            "这个问题已经持续了很长时间，居民们苦不堪言。",
            "良好的生活环境是每个居民的基本需求。",
            "周边几栋楼的居民都深受其害。",
        ),
        intros=(
            "我是{place}{community}的居民。",
            "我家住在{road}附近。",
            "本人住在{community}{estate}。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "{road}沿街餐饮油烟扰民",
                    "{road}餐馆油烟直排居民不能开窗",
                ),
                facts=(
                    "{road}沿街有{shops}家餐馆，油烟直接从后厨排到居民楼下，每天中午和晚上整栋楼都是油烟味，"
                    "窗户根本不能开",
                    "{road}这几年开了{shops}家餐馆和烧烤店，都没有安装油烟净化设施，排烟口正对着居民楼",
                ),
                reasons=(
                    "餐饮单位应当安装油烟净化设施并正常使用，不得影响周边居民",
                    "家里老人有哮喘，长期吸入油烟对身体伤害很大",
                ),
                requests=(
                    "请求环保部门责令餐馆安装油烟净化设施，规范排烟",
                    "请求依法查处油烟超标排放行为",
                ),
            ),
            _Scenario(
                titles=(
                    "{restaurant}油烟噪音影响居民生活",
                    "{estate}楼下{restaurant}排烟扰民",
                ),
                facts=(
                    "{estate}楼下的{restaurant}开业以来，排烟管道紧贴居民楼外墙，风机噪音很大，"
                    "油烟把阳台上晾的衣服都熏黑了",
                    "{restaurant}开在{estate}底商，后厨的排风机正对着我家卧室窗户，每天营业到凌晨，吵得人睡不着",
                ),
                reasons=(
                    "居民楼底商开设产生油烟的餐饮项目，本身就应当严格审批",
                    "我们多次和店家沟通，对方只说“会处理”，却一直没有改",
                ),
                requests=(
                    "请求依法查处{restaurant}的油烟和噪音问题",
                    "请求责令店家改造排烟管道，调整排烟口位置",
                ),
            ),
            _Scenario(
                titles=(
                    "{builder}夜间施工噪音扰民",
                    "{road}工地深夜施工影响居民休息",
                ),
                facts=(
                    "{builder}承建的{road}项目工地{since}以来经常在{night_hours}施工，打桩机、混凝土泵车的声音非常大，"
                    "周边居民根本睡不着觉",
                    "{builder}在{road}的工地几乎每天{night_hours}都有渣土车进出，还有切割钢筋的声音。"
                    "我们投诉之后能安静一两天，之后又恢复原样",
                ),
                reasons=(
                    "除抢修抢险等特殊情况外，夜间施工必须依法审批并公告，严格控制噪声",
                    "孩子正在准备考试，老人心脏也不好，长期睡不好觉身体吃不消",
                ),
                requests=(
                    "请求依法查处夜间违规施工，督促施工单位合理安排作业时间",
                    "请求公开该工地的夜间施工许可情况，加强夜间巡查",
                ),
            ),
            _Scenario(
                titles=(
                    "{river}污水直排发黑发臭",
                    "{river}被偷排污水",
                ),
                facts=(
                    "{community}附近的{river}{since}以来河水发黑发臭，夜里经常能看到排污口有污水流出，"
                    "河里的鱼也大片死亡",
                    "{village}有几家小作坊把清洗废水直接排进雨水管，最后流进{river}，每到下雨天河面上漂着一层泡沫",
                ),
                reasons=(
                    "向河道偷排污水违反环境保护法律法规，严重破坏生态环境",
                    "河道治理投入了大量资金，不能因为个别企业偷排而前功尽弃",
                ),
                requests=(
                    "请求环保部门排查排污口，依法查处偷排企业",
                    "请求对{river}开展水质监测，并向居民公开结果",
                ),
            ),
            _Scenario(
                titles=(
                    "{road}渣土车扬尘严重",
                    "{road}渣土车沿路撒漏",
                ),
                facts=("{road}每天晚上都有大量渣土车经过，车厢没有密闭，沿路撒落泥土，第二天整条路尘土飞扬",),
                reasons=(
                    "运输车辆应当密闭运输，扬尘污染影响空气质量和居民健康",
                    "渣土车车速很快，撒落的泥土还容易让电动车打滑",
                ),
                requests=(
                    "请求加强对渣土车的执法检查",
                    "请求督促运输企业落实密闭运输，及时清扫路面",
                ),
            ),
            _Scenario(
                titles=(
                    "{builder}工地扬尘污染周边小区",
                    "{road}工地防尘措施不到位",
                ),
                facts=(
                    "{builder}在{road}的工地裸露土方没有覆盖，出入口也没有冲洗设施，"
                    "一刮风{estate}的住户家里桌面就是一层灰",
                ),
                reasons=(
                    "施工工地应当落实覆盖、冲洗、洒水等防尘措施",
                    "附近有学校和小区，扬尘对孩子和老人的影响尤其大",
                ),
                requests=(
                    "请求加强对该工地的执法检查",
                    "请求督促工地落实覆盖、冲洗等防尘措施",
                ),
            ),
            _Scenario(
                titles=(
                    "{factory}排放废气异味扰民",
                    "{factory}刺鼻气味影响周边居民健康",
                ),
                facts=(
                    "{community}与{factory}只隔一条马路，工厂每天傍晚开始排放刺鼻的气味，像油漆又像塑料烧焦，"
                    "不少居民反映头晕、嗓子疼",
                    "{factory}的喷涂车间{since}开始扩产，夜间的废气异味更加明显，附近{school}的学生上课都能闻到",
                ),
                reasons=(
                    "企业排放废气应当达标，并依法办理环评手续",
                    "异味长期存在，居民担心对健康造成影响，特别是老人和孩子",
                ),
                requests=(
                    "请求环保部门对{factory}进行突击检查和废气检测",
                    "请求依法查处超标排放，必要时责令停产整改",
                ),
            ),
        ),
    ),
    "traffic": _Category(
        pleas=(
            "出行安全关系到每一个人，不能等出了大事再来解决。",
            "周边居民反映了很久，希望能尽快得到重视。",
        ),
        intros=(
            "我是{place}{community}的居民。",
            "我每天上下班都要经过{road}。",
            "本人住在{community}{estate}。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "{road}与{road2}交叉口缺少红绿灯",
                    "{road}{road2}路口事故频发",
                ),
                facts=(
                    "{road}与{road2}交叉口车流量很大，附近有学校和菜市场，但路口一直没有信号灯，"
                    "近{months}个月已经发生了{accidents}起交通事故",
                    "{road}和{road2}的路口没有红绿灯，车辆抢行严重，{since}以来我亲眼看到的事故就有{accidents}起",
                ),
                reasons=(
                    "路口存在严重的交通安全隐患，一旦发生重大事故后果不堪设想",
                    "周边居民和学生过马路只能靠运气",
                ),
                requests=(
                    "请求交警部门在该路口增设信号灯和斑马线",
                    "请求对该路口进行渠化改造，设置减速设施",
                ),
            ),
            _Scenario(
                titles=(
                    "{school}门口路段交通安全隐患大",
                    "请求在{school}门口设置斑马线和减速带",
                ),
                facts=(
                    "{school}门口的{road}车速很快，上下学时家长接送的车辆和行人混在一起，"
                    "没有斑马线也没有减速带，孩子过马路非常危险",
                ),
                reasons=(
                    "学校周边道路安全关系到孩子们的生命安全",
                    "上个月就有一个学生在校门口被电动车撞伤",
                ),
                requests=(
                    "请求交警部门在{school}门口施划斑马线、设置减速带",
                    "请求在上下学高峰时段安排交警或协管员值守",
                ),
            ),
            _Scenario(
                titles=(
                    "{bus}公交改线后{community}居民出行难",
                    "请求恢复{bus}公交途经{community}",
                ),
                facts=(
                    "原来途经{community}的{bus}公交{since}调整了线路，不再经过我们社区，"
                    "居民坐车要步行{walk}分钟到{road}",
                ),
                reasons=(
                    "公共交通是基本公共服务，线路调整应当听取沿线居民意见",
                    "社区老年人多，很多人不会开车，公交是主要的出行方式",
                ),
                requests=(
                    "请求交通部门恢复{bus}公交途经{community}的站点",
                    "请求开通社区微循环公交，方便居民出行",
                ),
                details=("社区里很多老人要去医院复查，现在出门非常不方便",),
            ),
            _Scenario(
                titles=(
                    "{community}公交班次少候车时间长",
                    "{bus}公交高峰期发车间隔过长",
                ),
                facts=("{community}附近只有{bus}一条公交线路，高峰期发车间隔长达{wait}分钟，车上非常拥挤",),
                reasons=(
                    "社区人口这几年增加很多，公交运力明显跟不上",
                    "上班族经常因为等不到车而迟到",
                ),
                requests=(
                    "请求增加{bus}公交高峰时段的发车班次",
                    "请求优化{community}周边的公交线路",
                ),
                details=("站台也没有遮雨棚，下雨天大家只能淋着等车",),
            ),
            _Scenario(
                titles=(
                    "{estate}周边违停堵塞消防通道",
                    "{estate}门口消防通道长期被占",
                ),
                facts=(
                    "{estate}门口和周边道路长期被车辆违停占用，消防通道也被堵住，上个月救护车进小区被耽误了十几分钟",
                ),
                reasons=(
                    "消防通道被占用，严重威胁居民生命安全",
                    "物业管不了小区外的道路，只能请有关部门出面",
                ),
                requests=(
                    "请求交警部门加强执法，清理违停车辆",
                    "请求在消防通道施划禁停标线并设置隔离设施",
                ),
            ),
            _Scenario(
                titles=(
                    "{road}乱停车现象严重",
                    "{road}车辆占用人行道停放",
                ),
                facts=("{road}两侧每天晚上都停满了车，有的直接停在人行道上，行人只能走机动车道",),
                reasons=(
                    "车辆乱停乱放影响道路通行，也存在安全隐患",
                    "周边停车位严重不足，光靠罚款解决不了问题",
                ),
                requests=(
                    "请求交警部门加强对{road}违停的执法",
                    "请求规划增设停车位，从根本上解决停车难问题",
                ),
                details=("推婴儿车和坐轮椅的人根本过不去",),
            ),
            _Scenario(
                titles=(
                    "{road}路面破损坑洼不平",
                    "{road}坑洼路面多次导致摔伤",
                ),
                facts=(
                    "{road}从{road2}路口到{estate}这一段路面破损严重，到处都是坑洼，"
                    "{since}以来已经有好几个骑电动车的人摔倒受伤",
                ),
                reasons=(
                    "道路破损严重影响群众出行安全",
                    "这条路是周边居民上班上学的必经之路，问题拖得太久了",
                ),
                requests=(
                    "请求有关部门尽快修复{road}路面",
                    "请求在维修前设置警示标志，防止再有人摔伤",
                ),
            ),
            _Scenario(
                titles=(
                    "{road}一下雨就严重积水",
                    "{road}排水不畅雨天变成河",
                ),
                facts=(
                    "{road}靠近{community}的路段排水不畅，每次下大雨都会积水半米深，行人只能蹚水，车辆熄火是常事",
                ),
                reasons=(
                    "道路积水严重影响群众出行安全",
                    "积水还倒灌进了附近的商铺和地下车库",
                ),
                requests=(
                    "请求对该路段的排水管网进行改造，彻底解决积水问题",
                    "请求在雨季来临前疏通{road}的排水管道",
                ),
            ),
            _Scenario(
                titles=(
                    "{road}路边停车收费不合理",
                    "{community}周边居民夜间停车收费过高",
                ),
                facts=(
                    "{road}新划了路边停车位并开始收费，每小时{park_hour}元，附近居民晚上停车也要全额收费，"
                    "一个月下来要好几百元",
                ),
                reasons=(
                    "路边停车收费应当兼顾周边居民的实际需要",
                    "老旧小区没有停车场，居民只能停在路边，收费标准明显偏高",
                ),
                requests=(
                    "请求对周边居民夜间停车给予优惠或推出包月办法",
                    "请求重新评估{road}路边停车的收费标准",
                ),
            ),
        ),
    ),
    "education": _Category(
        pleas=(
            "孩子的教育是每个家庭最关心的事。",
            "作为家长，我们实在不知道该找谁了。",
            "孩子的事耽误不起。",
        ),
        intros=(
            "我是{place}{community}的一名学生家长。",
            "我是孩子的家长，家住{community}。",
            "本人是{place}的一名家长。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "孩子入学未被分配到对口学校{school}",
                    "孩子被调剂到{distance}公里外的学校",
                ),
                facts=(
                    "我家户籍和房产都在{community}，按学区划分应当对口{school}。今年孩子报读一年级，"
                    "却被分配到离家{distance}公里外的学校，每天上学要换乘两趟公交",
                    "孩子今年满六周岁，我们一家户籍和房产都在{community}多年，申请学位时却被告知{school}学位已满，"
                    "被调剂到了{distance}公里外的一所学校",
                ),
                reasons=(
                    "义务教育阶段应当坚持免试就近入学",
                    "孩子年纪小，上学路途太远存在安全隐患",
                ),
                requests=(
                    "请求教育部门核查学位分配情况，按划片政策安排孩子入读{school}",
                    "请求重新审核孩子的学位申请，就近安排入学",
                ),
            ),
            _Scenario(
                titles=(
                    "{community}适龄儿童学位分配不合理",
                    "{school}招生录取存在疑问",
                ),
                facts=(
                    "今年{community}有不少适龄儿童没有被{school}录取，而一些户籍不在本片区的孩子却入读了该校，"
                    "家长们对学位分配过程有很大疑问",
                ),
                reasons=(
                    "学位分配应当公开透明，接受家长监督",
                    "有家长反映存在托关系、借用地址入学的情况",
                ),
                requests=(
                    "请求公开{school}今年的招生录取情况和分配依据",
                    "请求核查是否存在违规占用学位的情况",
                ),
            ),
            _Scenario(
                titles=(
                    "{school}以各种名义违规收费",
                    "{school}变相强制家长缴费",
                ),
                facts=(
                    "{school}每学期以资料费、活动费等名义向学生收取{fee_school}元，家长不交的话老师会在班级群里点名",
                    "{school}要求学生必须购买指定的教辅资料和校服，价格明显高于市场价，还动员家长报名收费补习班",
                ),
                reasons=(
                    "义务教育阶段学校不得违规收费，更不能变相强制家长缴费",
                    "家长们敢怒不敢言，担心孩子在学校受到区别对待",
                ),
                requests=(
                    "请求教育部门调查{school}的收费行为，清退违规收取的费用",
                    "请求规范学校收费，公开收费项目和标准",
                ),
            ),
            _Scenario(
                titles=(
                    "{training}突然关门学费无法退还",
                    "{training}卷款跑路{parents}名家长维权",
                ),
                facts=(
                    "{training}在{road}开办的培训班{since}突然关门，老板失联，{parents}名家长预交的学费共计{amount}"
                    "无法退还，我家就交了{tuition}",
                    "我给孩子在{training}报了两年的课程，一次性交费{tuition}，结果只上了几个月课机构就停课，"
                    "门店已经人去楼空，和我一样的家长有{parents}名",
                ),
                reasons=(
                    "培训机构违规超期预收费用后关门跑路，严重损害家长的利益",
                    "这些钱是很多家庭省吃俭用攒下来的，大家都很着急",
                ),
                requests=(
                    "请求有关部门调查处理，追回家长的学费",
                    "请求加强对校外培训机构预收费的监管，防止类似事件再次发生",
                ),
            ),
            _Scenario(
                titles=(
                    "孩子在{kindergarten}受伤园方推卸责任",
                    "{kindergarten}对幼儿受伤处理不当",
                ),
                facts=(
                    "我的孩子在{kindergarten}上中班，{since}在园内玩耍时摔伤了额头，缝了{stitches}针。"
                    "园方没有及时通知家长，事后还说是孩子自己不小心",
                    "孩子从{kindergarten}放学回家后我发现他手臂上有大片淤青，问老师说不知道，"
                    "调看监控园方也一直推脱",
                ),
                reasons=(
                    "幼儿园对在园幼儿负有看护和安全保障责任",
                    "孩子年幼不会表达，园方更应当如实告知情况",
                ),
                requests=(
                    "请求教育部门调查处理，督促园方承担医疗费用并赔礼道歉",
                    "请求责令{kindergarten}向家长公开相关监控录像",
                ),
            ),
            _Scenario(
                titles=(
                    "{kindergarten}存在安全隐患",
                    "{kindergarten}设施老化无人整改",
                ),
                facts=(
                    "{kindergarten}的户外滑梯已经生锈松动，教室里的灭火器也过期了，多名家长向园长反映过，一直没有整改",
                ),
                reasons=(
                    "孩子年幼，安全问题容不得半点马虎",
                    "幼儿园收费不低，基本的安全设施却不到位",
                ),
                requests=(
                    "请求对{kindergarten}开展安全检查，限期整改隐患",
                    "请求加强对民办幼儿园的日常监管",
                ),
            ),
            _Scenario(
                titles=(
                    "随迁子女积分入学{school}遭遇不公",
                    "孩子积分达标却未获{school}学位",
                ),
                facts=(
                    "我们一家在{place}工作生活了{years}年，一直按时缴纳社保。孩子今年的入学积分超过了往年的分数线，"
                    "却没有被{school}录取，也没有被安排其他学位",
                ),
                reasons=(
                    "随迁子女依法享有接受义务教育的权利",
                    "积分计算过程不公开，家长无从核对",
                ),
                requests=(
                    "请求教育部门复核孩子的积分，尽快安排就近入学",
                    "请求公开积分排序和学位分配结果",
                ),
            ),
        ),
    ),
    "health": _Category(
        pleas=(
            "患者和家属身心俱疲，只希望讨个说法。",
            "看病的事关系到身体健康，希望有关部门重视。",
        ),
        intros=(
            "我是{place}{community}的居民。",
            "本人是患者家属，家住{community}。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "{hospital}手术后出现严重并发症",
                    "对{hospital}{surgery}过程有异议",
                ),
                facts=(
                    "我父亲{since}在{hospital}做了{surgery}，术后出现严重感染，转院后才查出手术中存在问题，"
                    "前后花费医疗费{medical}",
                    "我母亲在{hospital}做{surgery}后一直高烧不退，医院说是正常反应，拖了一个星期才转入重症监护",
                ),
                reasons=(
                    "医院在诊疗过程中存在明显过错，应当承担相应责任",
                    "医院一直不肯提供完整病历，我们有理由怀疑其中有问题",
                ),
                requests=(
                    "请求卫健部门调查处理，依法组织医疗事故技术鉴定",
                    "请求通过医疗纠纷人民调解委员会调解，由医院赔偿损失",
                ),
            ),
            _Scenario(
                titles=(
                    "母亲{symptom}到{hospital}急诊被延误治疗",
                    "对{hospital}急诊处置有异议",
                ),
                facts=(
                    "我母亲因{symptom}到{hospital}急诊就诊，医生只开了点药就让回家，第二天病情加重再次送医，"
                    "已经错过了最佳治疗时机",
                ),
                reasons=(
                    "急诊医生没有做必要的检查就让病人离院，存在明显过错",
                    "家属多次要求复印病历，医院一直推脱",
                ),
                requests=(
                    "请求卫健部门调查{hospital}急诊的处置过程",
                    "请求依法组织医疗损害鉴定，由医院承担相应责任",
                ),
            ),
            _Scenario(
                titles=(
                    "{hospital}住院费用医保报销被拒",
                    "住院{days}天医保报销比例过低",
                ),
                facts=(
                    "本人在{hospital}住院治疗{days}天，总费用{medical}，出院结算时医保报销被以“目录外用药”为由拒绝，"
                    "自付比例远远超出预期",
                ),
                reasons=(
                    "使用哪些药是医生决定的，医院事先也没有告知是目录外用药",
                    "看病的钱都是借来的，报销不了对我们家是很大的负担",
                ),
                requests=(
                    "请求医保部门重新审核报销，给出书面说明",
                    "请求核查{hospital}是否履行了自费项目告知义务",
                ),
            ),
            _Scenario(
                titles=(
                    "在{hospital}就医时医保卡无法使用",
                    "灵活就业人员医保待遇中断",
                ),
                facts=(
                    "我是灵活就业人员，一直按时缴纳医保，但在{hospital}看门诊时被告知医保卡状态异常，"
                    "到医保窗口又说要等系统处理，已经拖了{months}个月",
                ),
                reasons=(
                    "按时缴纳医保就应当依规享受医保待遇",
                    "这段时间看病只能全额自费，负担很重",
                ),
                requests=(
                    "请求尽快恢复医保卡的正常使用",
                    "请求对期间自费的医疗费用按规定补报销",
                ),
            ),
            _Scenario(
                titles=(
                    "{road}私人诊所无证行医",
                    "{road}一诊所违规给老人输液",
                ),
                facts=(
                    "{road}有一家挂着“{clinic_sign}”招牌的诊所，没有张贴执业许可证，给老人打针输液，收费也很随意。"
                    "我邻居在那里输液后出现了严重过敏反应",
                ),
                reasons=(
                    "无证行医严重威胁群众生命健康",
                    "周边老人多，很多人贪便宜去看病，风险很大",
                ),
                requests=(
                    "请求卫健部门依法查处无证行医行为",
                    "请求加强对{road}一带诊所和养生馆的检查",
                ),
            ),
            _Scenario(
                titles=(
                    "{hospital}挂号难服务态度差",
                    "{hospital}儿科看病排队时间过长",
                ),
                facts=(
                    "{hospital}儿科每天上午挂号要排{queue_hours}个多小时，网上预约一号难求。"
                    "我带孩子看病时，护士对排队家长态度很差，医生问诊不到三分钟",
                ),
                reasons=(
                    "群众看病就医的基本需求应当得到保障",
                    "孩子生病本来就让家长着急，医院的服务态度让人寒心",
                ),
                requests=(
                    "请求卫健部门督促医院优化挂号流程，增加儿科号源",
                    "请求加强医务人员服务意识教育",
                ),
            ),
            _Scenario(
                titles=(
                    "{hospital}住院费用存在重复收费",
                    "质疑{hospital}收费清单",
                ),
                facts=(
                    "我家人在{hospital}住院{days}天，出院后核对费用清单，发现有几项检查没有做却收了费，"
                    "护理费和材料费也有重复计算的情况",
                ),
                reasons=(
                    "医院收费应当明码标价、据实收取",
                    "我们向医院收费处提出疑问，对方只说系统自动生成，不予解释",
                ),
                requests=(
                    "请求有关部门核查{hospital}的收费情况，退还多收的费用",
                    "请求医院提供详细的费用说明",
                ),
            ),
        ),
    ),
    "social_security": _Category(
        pleas=(
            "这些钱对我们这样的家庭来说非常重要。",
            "希望有关部门体谅困难群众的难处。",
            "年纪大了，经不起来回折腾。",
        ),
        intros=(
            "我是{place}{community}的居民。",
            "本人户籍在{place}{community}。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "{company}未依法缴纳社会保险",
                    "{company}多年不给员工买社保",
                ),
                facts=(
                    "我在{company}工作了{years}年，公司一直没有为我缴纳养老和医疗保险，每次问都说“以后补”",
                    "{company}入职时让我们签了“自愿放弃社保”的声明，{workers}名员工都没有社保，公司每月多发两百元了事",
                ),
                reasons=(
                    "用人单位依法应当为职工缴纳社会保险，员工“自愿放弃”不能免除公司的责任",
                    "社保关系到我们今后的养老和看病，漏缴的损失很大",
                ),
                requests=(
                    "请求社保部门责令{company}补缴社会保险",
                    "请求依法查处{company}不缴社保的行为",
                ),
            ),
            _Scenario(
                titles=(
                    "{company}少缴员工社保",
                    "{company}社保缴费基数与实际工资不符",
                ),
                facts=(
                    "{company}一直按最低基数为员工缴纳社保，与实际工资相差很大，我们{workers}名员工都有同样的问题",
                ),
                reasons=(
                    "社保缴费基数应当按职工实际工资确定",
                    "长期按最低基数缴费，将来领取的养老金会少很多",
                ),
                requests=(
                    "请求依法核查{company}的社保缴费基数，责令补缴差额",
                    "请求社保部门对{company}开展专项检查",
                ),
            ),
            _Scenario(
                titles=(
                    "养老金核定漏算{years}年工龄",
                    "退休后养老金每月少领{pension_loss}元",
                ),
                facts=(
                    "本人{since}办理退休，养老金核定时漏算了{years}年的视同缴费年限，每月少领{pension_loss}元",
                    "我在原单位工作的档案记录齐全，但退休时经办人员说其中{years}年工龄无法认定，"
                    "养老金因此每月少了{pension_loss}元",
                ),
                reasons=(
                    "工龄有档案和原单位证明，应当依规认定",
                    "养老金是我晚年生活的唯一来源，少领的钱对我影响很大",
                ),
                requests=(
                    "请求社保部门重新核定养老金待遇并补发差额",
                    "请求对工龄认定给出书面答复",
                ),
            ),
            _Scenario(
                titles=(
                    "{community}低保申请被驳回未说明理由",
                    "{family}口之家低保申请未获批准",
                ),
                facts=(
                    "我家{family}口人，丈夫重病卧床，家庭人均月收入只有{income}元左右。{since}申请了最低生活保障，"
                    "近期被告知不符合条件，但没有说明具体理由",
                ),
                reasons=(
                    "家庭收入低于当地低保标准，符合申请条件",
                    "审核过程不公开，我们不知道问题出在哪里",
                ),
                requests=(
                    "请求民政部门重新审核低保申请，并给出书面理由",
                    "请求公开低保审核的入户调查结果",
                ),
            ),
            _Scenario(
                titles=(
                    "申请低保来回跑{times}趟仍未受理",
                    "{age}岁独居老人申请低保遇到困难",
                ),
                facts=(
                    "我今年{age}岁，独自生活，没有退休金，向社区申请低保时工作人员说材料不全，让我来回跑了{times}趟",
                ),
                reasons=(
                    "老人行动不便，每次要补的材料都不一样",
                    "困难群众申请救助不应当这么难",
                ),
                requests=(
                    "请求一次性告知需要的全部材料，尽快受理申请",
                    "请求简化申请程序，为困难老人提供上门服务",
                ),
            ),
            _Scenario(
                titles=(
                    "高龄津贴停发{months}个月",
                    "{age}岁老人高龄津贴无故中断",
                ),
                facts=(
                    "我母亲今年{age}岁，一直按月领取高龄津贴，{since}起突然停发了，社区说是系统问题，已经{months}个月没有到账",
                ),
                reasons=(
                    "高龄津贴是政府对老人的关爱，不应无故停发",
                    "老人行动不便，来回问了几次都没有结果",
                ),
                requests=(
                    "请求尽快查明原因，恢复发放并补发停发期间的津贴",
                    "请求有关部门核实情况，给老人一个明确答复",
                ),
            ),
            _Scenario(
                titles=(
                    "{community}残疾人护理补贴未按时发放",
                    "残疾人补贴{months}个月没有到账",
                ),
                facts=(
                    "我是持证残疾人，按规定每月可以领取{subsidy}元护理补贴，但已经{months}个月没有到账，"
                    "去社区问了{times}次都说在走流程",
                ),
                reasons=(
                    "残疾人补贴是困难群众的基本保障，应当按时足额发放",
                    "我行动不便，每次去社区都要请人陪同",
                ),
                requests=(
                    "请求有关部门核实情况，按时足额发放补贴",
                    "请求补发拖欠的护理补贴",
                ),
            ),
        ),
    ),
    "market": _Category(
        pleas=(
            "消费者维权实在太难了。",
            "希望有关部门能还消费者一个公道。",
            "类似的情况身边还有不少。",
        ),
        intros=(
            "我是{place}{community}的居民。",
            "本人是一名普通消费者，家住{community}。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "{gym}停业会员预付卡无法退款",
                    "{gym}卷款跑路{members}名会员维权",
                ),
                facts=(
                    "{gym}在{road}经营的健身房{since}突然停业，{members}名会员的预付卡余额共计{amount}无法退还，"
                    "我本人就充值了{tuition}",
                    "我在{gym}办了三年的健身卡，一次性付款{tuition}。上周门店突然贴出“装修停业”的通知，"
                    "老板电话一直打不通，受影响的会员有{members}名",
                ),
                reasons=(
                    "商家收取预付款后停业跑路，严重侵害消费者权益",
                    "同样的事情已经发生过多次，预付卡监管存在漏洞",
                ),
                requests=(
                    "请求市场监管部门依法查处，协助会员退款",
                    "请求加强对预付式消费的监管",
                ),
            ),
            _Scenario(
                titles=(
                    "{supermarket}食品安全存在问题",
                    "在{supermarket}买到问题食品",
                ),
                facts=(
                    "我在{road}的{supermarket}买的牛奶和面包，回家后发现已经过了保质期，找商家理论，对方只同意退货",
                    "我在{road}的{supermarket}买的熟食吃了以后全家腹泻，去医院花了几百元，商家拒绝承担责任",
                ),
                reasons=(
                    "销售过期变质食品违反食品安全法律法规",
                    "食品安全关系到每个家庭的健康",
                ),
                requests=(
                    "请求市场监管部门依法查处{supermarket}，督促其赔偿",
                    "请求对该店销售的食品进行抽检",
                ),
            ),
            _Scenario(
                titles=(
                    "{road}保健品店以讲座诱骗老人消费",
                    "{road}有商家借健康讲座高价卖保健品",
                ),
                facts=(
                    "{road}有一家店每天组织老人听“健康讲座”，送鸡蛋送礼品，然后高价推销保健品，"
                    "我父亲已经陆续花了{savings}",
                ),
                reasons=(
                    "商家利用老人的信任虚假宣传保健品功效，涉嫌欺诈",
                    "老人辛苦攒下的养老钱被骗，全家都很气愤",
                ),
                requests=(
                    "请求市场监管部门依法查处虚假宣传，责令退款",
                    "请求加强对社区周边保健品销售的监管",
                ),
            ),
            _Scenario(
                titles=(
                    "{company}上门推销保健品夸大功效",
                    "{company}虚假宣传推销保健品",
                ),
                facts=(
                    "{company}的业务员上门向我母亲推销所谓能治疗高血压的保健品，一盒就要上千元，老人先后买了十多盒",
                ),
                reasons=(
                    "保健品不是药品，宣传能治病就是虚假宣传",
                    "老人辛苦攒下的养老钱被骗，全家都很气愤",
                ),
                requests=(
                    "请求市场监管部门依法查处{company}的虚假宣传，责令退款",
                    "请求核查{company}的经营资质",
                ),
            ),
            _Scenario(
                titles=(
                    "{decorator}收取装修款后停工",
                    "{decorator}装修工程烂尾",
                ),
                facts=(
                    "我家房子交给{decorator}装修，合同价{reno_price}。工程做了一半就停工了，已经付了七成的款，"
                    "公司一直说工人不够",
                ),
                reasons=(
                    "装修公司应当按照合同约定保证工期",
                    "房子装不好没法入住，我们一家还在外面租房",
                ),
                requests=(
                    "请求市场监管部门调解，督促{decorator}按合同复工",
                    "请求查处该公司的违约行为，退还多收的款项",
                ),
            ),
            _Scenario(
                titles=(
                    "{decorator}装修质量差拒不返工",
                    "{decorator}防水施工不合格造成漏水",
                ),
                facts=(
                    "{decorator}装修的卫生间防水没有做好，楼下邻居家天花板被泡坏，公司拒绝返工，也不承担赔偿",
                ),
                reasons=(
                    "装修公司应当保证施工质量，在保修期内负责返修",
                    "我们现在还要赔偿邻居的损失",
                ),
                requests=(
                    "请求市场监管部门调解，督促{decorator}返工并赔偿损失",
                    "请求查处该公司的违约行为",
                ),
            ),
            _Scenario(
                titles=(
                    "{market}商户缺斤短两",
                    "{market}电子秤作弊",
                ),
                facts=(
                    "我在{market}买了三斤排骨，回家一称只有两斤多，差了将近一斤。附近不少居民都遇到过类似情况",
                    "{market}一些摊位的电子秤明显有问题，称{weight}斤菜能多出好几两，跟摊主理论还被骂",
                ),
                reasons=(
                    "缺斤短两损害消费者利益，市场管理方也有监管责任",
                    "菜市场是老百姓天天要去的地方，诚信经营最基本",
                ),
                requests=(
                    "请求市场监管部门对{market}的计量器具进行检查",
                    "请求设置公平秤，依法查处作弊商户",
                ),
            ),
        ),
    ),
    "urban_mgmt": _Category(
        pleas=(
            "城市管理关系到每个居民的生活质量。",
            "希望有关部门常态长效管理，不要一阵风。",
        ),
        intros=(
            "我是{place}{community}的居民。",
            "本人住在{community}{estate}。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "{estate}{building}楼顶违章搭建",
                    "{estate}顶楼住户私建阳光房",
                ),
                facts=(
                    "{estate}{building}顶楼住户{since}开始在楼顶私自搭建阳光房，占用了公共天台，还堵住了消防通道",
                ),
                reasons=(
                    "违法建设侵占公共部位，存在结构和消防安全隐患",
                    "如果不及时处理，其他住户也会跟着效仿",
                ),
                requests=(
                    "请求执法部门依法拆除违章建筑",
                    "请求街道执法队到现场核查，责令其恢复原状",
                ),
                details=(
                    "楼下住户反映天花板已经出现裂缝",
                    "搭建过程中还在楼顶堆放了大量建材",
                ),
            ),
            _Scenario(
                titles=(
                    "{estate}一楼住户圈占绿地建房",
                    "{estate}业主私搭乱建无人管",
                ),
                facts=(
                    "{estate}一楼住户把门前花园围起来建了一间砖房，占用小区公共绿地，其他业主多次制止无效",
                ),
                reasons=(
                    "公共绿地属于全体业主，任何人不得擅自占用",
                    "物业只会发整改通知，没有执法权",
                ),
                requests=(
                    "请求执法部门依法拆除违章建筑，恢复绿地",
                    "请求街道执法队到现场核查处理",
                ),
                details=(
                    "施工时还挖断了小区的排水管",
                    "小区里已经有别的住户在打听怎么效仿",
                ),
            ),
            _Scenario(
                titles=(
                    "{road}占道经营脏乱差",
                    "{road}占道经营影响通行",
                ),
                facts=(
                    "{road}路边摊贩长期占道经营，每天晚上从{road2}路口一直摆到小区门口，垃圾遍地，行人只能走车道",
                    "{road}的店铺把桌椅摆到人行道上，晚上烧烤摊烟雾弥漫，一直闹到凌晨",
                ),
                reasons=(
                    "占道经营影响市容环境和交通安全",
                    "执法队来了就收，走了又摆，问题一直得不到根治",
                ),
                requests=(
                    "请求城管部门加强管理，规范{road}的经营秩序",
                    "请求在合适地点设置集中疏导点",
                ),
                details=(
                    "附近的学生放学时要从摊位中间穿过",
                    "油污和剩菜直接倒进路边的雨水井",
                ),
            ),
            _Scenario(
                titles=(
                    "{community}垃圾站异味扰民",
                    "{community}垃圾中转站紧邻住宅",
                ),
                facts=(
                    "{community}的垃圾中转站紧邻住宅楼，夏天异味非常严重，蚊蝇成群，清运车每天凌晨作业噪音很大",
                ),
                reasons=(
                    "垃圾站选址和日常管理存在问题，影响居民生活",
                    "天气炎热，垃圾堆放容易滋生病菌",
                ),
                requests=(
                    "请求对垃圾站进行除臭改造或迁移",
                    "请求调整清运时间，减少对居民的影响",
                ),
                details=("垃圾站的污水还经常流到路面上",),
            ),
            _Scenario(
                titles=(
                    "{estate}周边垃圾清运不及时",
                    "{estate}门口垃圾桶长期满溢",
                ),
                facts=("{estate}门口的垃圾桶经常满溢，有时两三天才清运一次，垃圾堆到了路边",),
                reasons=(
                    "垃圾不及时清运，影响环境卫生",
                    "天气炎热，垃圾堆放容易滋生病菌",
                ),
                requests=(
                    "请求督促环卫单位按时清运垃圾",
                    "请求在{estate}周边增设垃圾收集点",
                ),
                details=(
                    "野猫野狗把垃圾翻得到处都是",
                    "附近的商户也把经营垃圾扔在居民垃圾桶旁",
                ),
            ),
            _Scenario(
                titles=(
                    "{road}路灯损坏长期不修",
                    "{road}一段路灯不亮晚上漆黑",
                ),
                facts=(
                    "{road}靠近{community}的一段有十几盏路灯{since}以来一直不亮，晚上一片漆黑，已经有老人摔倒",
                ),
                reasons=(
                    "市政设施损坏危及行人安全，应当及时维修",
                    "这段路晚上行人很多，问题拖得太久了",
                ),
                requests=(
                    "请求有关部门尽快修复{road}的路灯",
                    "请求建立路灯巡查机制，发现损坏及时维修",
                ),
                details=("路边绿化带还遮挡视线，晚上经过很不安全",),
            ),
            _Scenario(
                titles=(
                    "{road}井盖缺失存在安全隐患",
                    "{road}人行道井盖破损",
                ),
                facts=("{road}人行道上有个井盖缺失，只用一块木板挡着，晚上很容易踩空，已经反映了{times}次",),
                reasons=(
                    "井盖缺失随时可能造成人员伤亡",
                    "附近有学校，孩子上下学都从这里经过",
                ),
                requests=(
                    "请求尽快补装井盖",
                    "请求排查{road}周边的市政设施",
                ),
                details=("晚上路过的老人和小孩很多，一旦掉下去后果不堪设想",),
            ),
        ),
    ),
    "public_security": _Category(
        pleas=(
            "我们一家人每天都提心吊胆。",
            "平安是老百姓最基本的期盼。",
        ),
        intros=(
            "我是{place}{community}的居民。",
            "本人住在{community}{estate}。",
        ),
        follow_ups=(
            "此前已经{times}次向{dept}反映，对方只是口头劝说，问题没有解决。",
            "我们多次打110报警，民警来了以后劝几句就走了，过几天又是老样子。",
            "社区也组织过调解，但对方根本不配合。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "邻里纠纷多次调解未果",
                    "{estate}邻里纠纷持续升级",
                ),
                facts=(
                    "我家楼上住户{since}以来经常深夜拖拽家具、跺地板，我上门沟通反被对方辱骂，"
                    "双方已经发生过{times}次冲突",
                    "{estate}{building}的邻居在公共楼道堆放杂物，还养了几条大狗不拴绳，我提出意见后对方多次上门威胁",
                ),
                reasons=(
                    "对方的行为严重影响我家正常生活，矛盾随时可能激化",
                    "我家老人已经被吓得不敢出门",
                ),
                requests=(
                    "请求派出所和社区介入，依法处理并组织调解",
                    "请求依法制止对方的骚扰行为，保障我家人身安全",
                ),
                details=(
                    "我家孩子晚上经常被吵醒，白天上课没有精神",
                    "对方还在我家门口贴过辱骂的纸条",
                ),
            ),
            _Scenario(
                titles=(
                    "{road}夜间有人聚集滋事",
                    "{road}深夜飙车打架扰民",
                ),
                facts=("{road}一带每到深夜就有人聚集喝酒、飙车、打架，居民晚上不敢出门",),
                reasons=(
                    "治安状况影响群众的安全感",
                    "附近住着很多老人和孩子，大家都很担心",
                ),
                requests=(
                    "请求加强{road}一带的夜间巡逻防控",
                    "请求在{road}增设治安监控",
                ),
                details=(
                    "上个月还有人在路边被打伤",
                    "路边的啤酒瓶和垃圾第二天扔得满地都是",
                ),
            ),
            _Scenario(
                titles=(
                    "{estate}接连发生盗窃案件",
                    "{estate}治安防范存在漏洞",
                ),
                facts=(
                    "{since}以来{estate}接连发生电动车被盗和入室盗窃，小区监控很多都是坏的，门禁也形同虚设",
                ),
                reasons=(
                    "居民财产安全得不到保障",
                    "物业对安防设施疏于管理",
                ),
                requests=(
                    "请求派出所加强对{estate}周边的巡逻",
                    "请求督促物业修复监控设施，加强门禁管理",
                ),
                details=(
                    "我家的电动车上个月也被偷了",
                    "小区围墙有好几处破损，外人随便就能进来",
                ),
            ),
            _Scenario(
                titles=(
                    "{estate}群租房存在安全隐患",
                    "{estate}一套房隔成十多个单间",
                ),
                facts=(
                    "{estate}{building}{room}被改成了群租房，一套房子隔成了十多个单间，人员进出复杂，"
                    "楼道里堆满了电动车",
                ),
                reasons=(
                    "群租房存在严重的消防和治安隐患",
                    "人员流动大、管理缺失，周边居民非常担心",
                ),
                requests=(
                    "请求有关部门依法整治群租房",
                    "请求对{estate}出租屋开展安全检查",
                ),
                details=(
                    "晚上经常有人在楼道里大声喧哗",
                    "楼道里的电动车晚上还在充电",
                ),
            ),
            _Scenario(
                titles=(
                    "{village}出租屋私拉电线隐患大",
                    "{village}出租屋消防隐患突出",
                ),
                facts=(
                    "{village}不少出租屋私拉电线、楼道堆放杂物，有的楼只有一个出口，一旦发生火灾后果不堪设想",
                ),
                reasons=(
                    "出租屋消防隐患关系到租户的生命安全",
                    "房东只管收租，不管安全",
                ),
                requests=(
                    "请求对{village}出租屋开展消防安全排查",
                    "请求督促房东落实消防安全责任",
                ),
                details=("前段时间隔壁巷子就发生过一起电线短路起火",),
            ),
            _Scenario(
                titles=(
                    "{estate}高空抛物屡禁不止",
                    "{estate}{building}多次发生高空抛物",
                ),
                facts=(
                    "{estate}{building}{since}以来多次发生高空抛物，有一次一个玻璃瓶砸在离小孩不到一米的地方",
                ),
                reasons=(
                    "高空抛物严重威胁居民生命安全",
                    "物业没有执法权，只能请求有关部门出面",
                ),
                requests=(
                    "请求派出所介入调查，依法处理抛物行为",
                    "请求督促物业加装高空监控",
                ),
                details=(
                    "小区里的孩子现在都不敢在楼下玩",
                    "有住户的车也被砸坏过",
                ),
            ),
            _Scenario(
                titles=(
                    "{estate}楼道电动车充电隐患",
                    "{estate}住户飞线给电动车充电",
                ),
                facts=("{estate}有住户把电动车推进楼道和电梯，还从家里拉线充电，物业劝阻无效",),
                reasons=(
                    "电动车在楼道充电极易引发火灾",
                    "物业没有执法权，只能请求有关部门出面",
                ),
                requests=(
                    "请求有关部门开展检查，依法处理楼道充电行为",
                    "请求督促物业建设集中充电设施",
                ),
                details=("楼道里的电线乱拉乱接，看着就让人害怕",),
            ),
        ),
    ),
    "litigation": _Category(
        pleas=(
            "我相信法律是公正的，希望能得到一个公正的结果。",
            "这件事已经拖了太久，我的生活也受到了很大影响。",
        ),
        intros=(
            "我是{place}{community}的居民。",
            "本人是一起案件的当事人，家住{place}。",
        ),
        follow_ups=(
            "我已经{times}次到{dept}反映，一直没有明确答复。",
            "我向{dept}递交过书面材料，至今没有回音。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "对区人民法院民事判决不服",
                    "与{company}合同纠纷案判决不公",
                ),
                facts=(
                    "本人与{company}合同纠纷一案，区人民法院一审判决认定事实不清，上诉后二审维持原判",
                    "我与{company}的买卖合同纠纷，法院没有采纳我提交的送货单和对账单，判决驳回了我的诉讼请求",
                ),
                reasons=(
                    "判决未采纳关键证据，适用法律存在错误",
                    "对方提供的证据存在伪造嫌疑，法院没有审查",
                ),
                requests=(
                    "请求对本案依法进行再审",
                    "请求有关部门监督本案的审判程序",
                ),
            ),
            _Scenario(
                titles=(
                    "与{boss}房屋租赁纠纷判决不公",
                    "对租赁合同纠纷判决不服",
                ),
                facts=(
                    "我与{boss}的房屋租赁纠纷一案，法院没有采纳我提交的转账记录和聊天记录，判决我承担全部责任",
                ),
                reasons=(
                    "转账记录和聊天记录能够证明对方违约在先",
                    "判决结果明显不公，我无法接受",
                ),
                requests=(
                    "请求依法对本案进行再审",
                    "请求检察院依法对判决进行监督",
                ),
            ),
            _Scenario(
                titles=(
                    "胜诉判决{years}年未能执行",
                    "借款{amount}胜诉后执行难",
                ),
                facts=(
                    "本人与{boss}借款纠纷一案胜诉已{years}年，法院判决对方归还借款{amount}，但执行至今没有结果",
                ),
                reasons=(
                    "生效判决应当得到执行，否则判决就是一纸空文",
                    "对方开着好车、住着大房子，却说没有钱还",
                ),
                requests=(
                    "请求法院加大执行力度，依法查控被执行人财产",
                    "请求对被执行人采取限制高消费等措施",
                ),
            ),
            _Scenario(
                titles=(
                    "{company}拖欠货款案执行无果",
                    "申请强制执行{company}迟迟没有进展",
                ),
                facts=(
                    "我起诉{company}拖欠货款胜诉，判决生效后申请强制执行，执行局说对方名下没有可执行财产，"
                    "但对方法定代表人仍在正常经营其他公司",
                ),
                reasons=(
                    "被执行人有财产却逃避执行，法院应当依法采取措施",
                    "货款拖了这么久，我的小店已经快撑不下去了",
                ),
                requests=(
                    "请求法院执行局依法调查{company}的财产转移情况",
                    "请求追究被执行人拒不履行判决的责任",
                ),
            ),
            _Scenario(
                titles=(
                    "案件审理超期{months}个月未判决",
                    "与{company}劳动争议案件久拖不判",
                ),
                facts=(
                    "我起诉{company}的劳动争议案件已经开庭{months}个月，法院一直没有作出判决，承办法官也联系不上",
                ),
                reasons=(
                    "案件审理应当在法定期限内完成",
                    "案件久拖不判，我的合法权益迟迟得不到保护",
                ),
                requests=(
                    "请求督促法院依法及时审理并作出判决",
                    "请求有关部门监督本案的审理期限",
                ),
            ),
            _Scenario(
                titles=(
                    "起诉后迟迟不予立案",
                    "向法院起诉{months}个月未立案",
                ),
                facts=("我向区人民法院提交起诉材料已经{months}个月，法院一直说在审查，既不立案也不出具裁定",),
                reasons=(
                    "法院应当依法登记立案，不符合条件的也应当作出裁定",
                    "迟迟不立案、不裁定，影响我依法维护自己的权益",
                ),
                requests=(
                    "请求督促法院依法作出立案或不予受理的裁定",
                    "请求有关部门监督法院的立案工作",
                ),
            ),
            _Scenario(
                titles=(
                    "报案后公安机关不予立案",
                    "被骗{amount}报案后未获立案",
                ),
                facts=(
                    "我被人以投资为名骗走{amount}，向派出所报案后对方说属于经济纠纷，不予立案，让我去法院起诉",
                ),
                reasons=(
                    "对方的行为明显涉嫌诈骗，不应简单认定为经济纠纷",
                    "同样被骗的还有好几个人，对方还在继续行骗",
                ),
                requests=(
                    "请求检察院依法监督公安机关立案",
                    "请求公安机关重新审查，依法立案侦查",
                ),
            ),
            _Scenario(
                titles=(
                    "执行{boss}案件时我的房屋被错误查封",
                    "对法院查封案外人房屋有异议",
                ),
                facts=(
                    "法院在执行{boss}的案件时，把我已经购买并付清房款的房屋查封了，我提出执行异议后一直没有处理",
                ),
                reasons=(
                    "房屋是我合法购买的，不属于被执行人的财产",
                    "房屋被查封，我无法办理产权登记",
                ),
                requests=(
                    "请求法院依法审查执行异议，解除对我房屋的查封",
                    "请求有关部门监督法院的执行行为",
                ),
            ),
        ),
    ),
    "accusation": _Category(
        pleas=(
            "希望组织上能够认真核查，给群众一个交代。",
            "作为一名普通群众，我反映这些问题是希望风气能够好转。",
        ),
        intros=(
            "我是{place}的一名群众，现实名举报以下问题。",
            "本人是{place}{community}的居民，反映一名公职人员的违纪违规问题。",
        ),
        follow_ups=(
            "此前曾向{dept}口头反映过，但一直没有下文。",
            "群众对此议论纷纷，影响很坏。",
            "",
        ),
        leads=("为此，", "特此举报，", ""),
        closings=(
            "以上举报内容属实，本人愿意配合调查。",
            "请求对举报人信息予以保密，谢谢！",
            "希望组织严肃查处，还群众一个公道。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "举报{community}工作人员在低保评定中优亲厚友",
                    "反映{community}低保评审不公",
                ),
                facts=(
                    "{community_worker}在低保评定中优亲厚友，把自己有车有房的亲戚纳入了低保，"
                    "而真正困难的家庭却被拒之门外",
                    "{community_worker}利用负责低保入户调查的便利，给关系户出具虚假调查结论，{community}至少有{times}户不符合条件的家庭领取低保",
                ),
                reasons=(
                    "该行为违反低保政策和廉洁纪律，损害了困难群众的利益",
                    "群众对此反映强烈，社区的公信力受到严重影响",
                ),
                requests=(
                    "请求纪检监察机关调查核实，依规依纪处理",
                    "请求对{community}近年的低保名单进行复查",
                ),
            ),
            _Scenario(
                titles=(
                    "举报{community}工作人员索要好处费",
                    "反映{community}办事需要送好处",
                ),
                facts=(
                    "{community_worker}在办理困难救助时向群众索要“好处费”，少则几百元、多则上千元，不给就拖着不办",
                    "{community_worker}在给居民开具证明时收取“辛苦费”，我本人就被要了{subsidy}元",
                ),
                reasons=(
                    "该行为涉嫌吃拿卡要，严重违反廉洁纪律",
                    "群众办事本来就难，再被刁难更加寒心",
                ),
                requests=(
                    "请求纪检监察机关调查核实，依规依纪处理",
                    "请求对社区便民服务开展作风检查",
                ),
            ),
            _Scenario(
                titles=(
                    "举报{place}干部包庇{road}违建",
                    "反映{road}违建查处中有人以权谋私",
                ),
                facts=(
                    "{street_cadre}在{road}违法建设查处中收受当事人好处，之后对违建不闻不问，"
                    "相邻的几处同类建筑却被拆除了",
                    "{road}一处违建被多次举报，{street_cadre}每次都说“已经在处理”，实际上该违建已经加盖到了五层，"
                    "据说业主与其是亲戚",
                ),
                reasons=(
                    "该干部涉嫌以权谋私、失职失责",
                    "选择性执法让群众寒心，严重损害政府形象",
                ),
                requests=(
                    "请求依规依纪依法查处",
                    "请求对该违建依法处理，并追究相关人员责任",
                ),
            ),
            _Scenario(
                titles=(
                    "举报{community}改造工程违规发包给{builder}",
                    "反映{community}改造工程存在利益输送",
                ),
                facts=(
                    "{section_head}在{community}老旧小区改造工程中，把工程拆分成多个小项目直接发包给{builder}，"
                    "该公司负责人与其关系密切",
                ),
                reasons=(
                    "工程发包应当依法依规，防止利益输送",
                    "拆分项目规避招标，公共资金的使用得不到监督",
                ),
                requests=(
                    "请求纪检监察机关调查工程发包和资金使用情况",
                    "请求审计该工程的招标和结算",
                ),
            ),
            _Scenario(
                titles=(
                    "反映{community}绿化工程造价{amount}明显虚高",
                    "举报{community}绿化工程验收把关不严",
                ),
                facts=(
                    "{community}的一项绿化提升工程造价{amount}，实际只种了一些灌木，{section_head}验收时却签字通过",
                ),
                reasons=(
                    "工程虚报造价，涉嫌套取公共资金",
                    "公共资金被浪费，群众看在眼里",
                ),
                requests=(
                    "请求审计该工程的造价和结算",
                    "请求纪检监察机关调查验收人员的责任",
                ),
            ),
            _Scenario(
                titles=(
                    "举报{place}干部公车私用",
                    "反映{place}公车周末频繁出现在{road}商场",
                ),
                facts=(
                    "{street_cadre}经常在周末驾驶公务用车接送家人，车辆多次出现在{road}一带的商场和饭店门口",
                ),
                reasons=(
                    "该行为违反中央八项规定精神",
                    "作风问题看似小事，群众却看得很清楚",
                ),
                requests=(
                    "请求纪检监察机关调查核实，严肃处理",
                    "请求加强对公务用车使用的监督",
                ),
            ),
            _Scenario(
                titles=(
                    "反映{place}干部违规接受宴请",
                    "举报{place}干部接受企业老板吃请",
                ),
                facts=("{section_head}{since}以来多次接受辖区企业老板的宴请，还出入高档娱乐场所",),
                reasons=(
                    "该行为违反中央八项规定精神和廉洁纪律",
                    "干部与辖区企业老板走得太近，容易产生利益输送",
                ),
                requests=(
                    "请求纪检监察机关调查核实，严肃处理",
                    "请求加强对干部八小时以外活动的监督",
                ),
            ),
        ),
    ),
    "suggestion": _Category(
        pleas=(
            "相信这项建议实施后，能给居民带来实实在在的便利。",
            "希望社区越来越好，居民越来越满意。",
            "这件事投入不大，但群众受益很多。",
        ),
        intros=(
            "我是{place}{community}的居民，平时比较关注社区建设。",
            "本人是{place}的一名普通群众，想对{community}的建设提一点建议。",
            "我是{community}的退休居民。",
        ),
        follow_ups=(
            "身边不少邻居也有同样的想法。",
            "我在社区议事会上也提过这个想法，大家都很支持。",
            "",
        ),
        leads=("为此，", "具体来说，", ""),
        closings=(
            "以上建议，供领导参考。",
            "希望建议能被采纳，谢谢！",
            "盼望有关部门研究采纳。",
        ),
        scenarios=(
            _Scenario(
                titles=(
                    "关于在{community}增设长者食堂的建议",
                    "建议解决{community}老年人吃饭难问题",
                ),
                facts=(
                    "{community}六十岁以上的老人越来越多，不少是独居或者老两口一起生活，做饭很不方便",
                    "{community}附近没有面向老年人的平价餐厅，很多老人一顿饭凑合好几顿",
                ),
                reasons=(
                    "社区食堂可以解决老年人的就餐难题，也方便邻里交流",
                    "其他街道已经有不少成功的做法可以借鉴",
                ),
                requests=(
                    "建议利用{community}的闲置用房建设长者食堂，对高龄和困难老人给予就餐补贴",
                    "建议引入专业餐饮企业运营社区食堂，并提供送餐上门服务",
                ),
                details=("社区里有一些闲置的用房，位置也比较方便",),
            ),
            _Scenario(
                titles=(
                    "关于{road}增设非机动车道的建议",
                    "建议在{road}设置机非隔离",
                ),
                facts=("{road}早晚高峰电动车和机动车混行，外卖和快递车辆多，经常发生剐蹭",),
                reasons=(
                    "合理分流有利于交通安全和通行效率",
                    "电动车是很多居民通勤的主要工具",
                ),
                requests=(
                    "建议在{road}施划非机动车道并设置隔离设施",
                    "建议对{road}进行断面改造，压缩机动车道宽度，增设非机动车道",
                ),
                details=("我每天骑车上下班，好几次差点被车刮到",),
            ),
            _Scenario(
                titles=(
                    "关于{road}{road2}路口设置非机动车等候区的建议",
                    "建议优化{road}路口电动车通行秩序",
                ),
                facts=("{road}与{road2}路口没有非机动车等候区，电动车都挤在人行横道上等灯",),
                reasons=(
                    "电动车和行人抢道，很容易发生碰撞",
                    "设置等候区花钱不多，效果明显",
                ),
                requests=(
                    "建议在{road}与{road2}路口设置非机动车等候区和专用信号灯",
                    "建议在高峰时段安排志愿者在路口引导",
                ),
            ),
            _Scenario(
                titles=(
                    "关于{old_estate}加装电梯的建议",
                    "建议加快推进{community}老旧小区加装电梯",
                ),
                facts=(
                    "{old_estate}都是{old_floors}层的步梯楼，住着很多七八十岁的老人，上下楼非常困难",
                    "{community}的{old_estate}等老旧小区想加装电梯，但审批环节多、费用分摊难以协调",
                ),
                reasons=(
                    "加装电梯是民生实事，能够切实改善老年人的生活",
                    "政策支持和居民协商并行，才能让好事办好",
                ),
                requests=(
                    "建议简化加装电梯审批流程，并给予一定资金补贴",
                    "建议由街道牵头协调加装电梯的费用分摊，推动{old_estate}试点",
                ),
                details=("有的老人因为下楼困难，一个月都出不了几次门",),
            ),
            _Scenario(
                titles=(
                    "关于{community}增设电动车充电设施的建议",
                    "建议在{estate}建设集中充电棚",
                ),
                facts=(
                    "{community}{estate}居民的电动车很多，但小区内没有集中充电设施，不少人把电动车推进楼道或者飞线充电",
                    "{estate}有几百辆电动车，只有十几个充电插座，晚上排队充电的人很多",
                ),
                reasons=(
                    "集中充电可以从源头上减少火灾隐患",
                    "解决了充电难，楼道充电的问题自然就少了",
                ),
                requests=(
                    "建议在{estate}建设带监控和灭火设施的集中充电棚",
                    "建议对小区充电设施建设给予补贴，并实行统一管理",
                ),
            ),
            _Scenario(
                titles=(
                    "关于在{road}建设口袋公园的建议",
                    "建议把{road}闲置空地改造成小游园",
                ),
                facts=("{road}附近有一块闲置空地，长期堆放杂物，周边居民缺少休闲散步的地方",),
                reasons=(
                    "小空间也能发挥大作用，提升周边居民的生活品质",
                    "改造投入不大，却能消除卫生死角",
                ),
                requests=(
                    "建议将{road}的闲置空地改造成口袋公园，增设座椅和健身器材",
                    "建议在改造方案中征求周边居民的意见，兼顾老人和儿童的需求",
                ),
                details=("附近几个小区的老人和孩子平时都没有地方活动",),
            ),
            _Scenario(
                titles=(
                    "建议在{school}门口设置接送等候区",
                    "关于改善{school}放学接送秩序的建议",
                ),
                facts=("{school}放学时家长都挤在校门口，占满了人行道，有时还要站在车道上等孩子",),
                reasons=(
                    "合理设置等候区既安全又能缓解拥堵",
                    "孩子的安全是每个家庭最关心的事",
                ),
                requests=(
                    "建议在{school}门口设置家长接送等候区，并安排志愿者引导",
                    "建议{school}实行分年级错峰放学",
                ),
                details=("下雨天的时候情况更加混乱",),
            ),
        ),
    ),
}

_TITLE_MAX = 40


def petition_text(rng: random.Random, category: str, *, place: str, community: str) -> PetitionText:
    """One synthetic petition of ``category`` (one of ``CATEGORY_CODES``) set in ``place``/``community``.

    Takes exactly one draw from ``rng`` (to seed its own generator), so editing the
    templates never shifts the random choices a caller makes after this call.
    """
    try:
        spec = _CATEGORIES[category]
    except KeyError:
        raise ValueError(f"unknown petition category: {category!r}") from None
    rng = random.Random(rng.getrandbits(64))
    scenario = rng.choice(spec.scenarios)
    slots = _Slots(rng, category, place, community)
    title = _title(rng, slots.fill(rng.choice(scenario.titles)))
    facts = slots.fill(rng.choice(scenario.facts))
    if scenario.details and rng.random() < 0.5:
        facts = f"{facts}。{slots.fill(rng.choice(scenario.details))}"
    reasons = "。".join(slots.fill(r) for r in _some(rng, scenario.reasons, 0.55))
    request = "；".join(slots.fill(r) for r in _some(rng, scenario.requests, 0.3))

    intro = slots.fill(rng.choice(scenario.intros or spec.intros))
    follow_up = slots.fill(rng.choice(spec.follow_ups)) if rng.random() < 0.85 else ""
    plea = rng.choice(spec.pleas) if rng.random() < 0.7 else ""
    paragraphs = (
        rng.choice(_OPENINGS),
        f"{intro}{facts}。{follow_up}",
        f"{reasons}。{plea}{rng.choice(spec.leads)}{request}。",
        rng.choice(spec.closings),
    )
    content = "\n".join(p for p in paragraphs if p)
    return PetitionText(title=title, request=request, facts=facts, reasons=reasons, content=content)


def _some(rng: random.Random, options: tuple[str, ...], second: float) -> list[str]:
    """One option, or with probability ``second`` two different ones (in a random order)."""
    if len(options) > 1 and rng.random() < second:
        return rng.sample(options, 2)
    return [rng.choice(options)]


# Titles already starting with a verb or a preposition are not wrapped in "关于……的问题".
_TITLE_VERBS = ("关于", "反映", "请求", "要求", "申请", "举报", "建议", "对", "投诉")


def _title(rng: random.Random, title: str) -> str:
    if not title.startswith(_TITLE_VERBS) and rng.random() < 0.2 and len(title) <= _TITLE_MAX - 5:
        title = f"关于{title}的问题"
    return title[:_TITLE_MAX]
