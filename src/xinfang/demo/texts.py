"""Synthetic Chinese petition texts for the demo and benchmarks (all invented; deterministic per rng)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from xinfang.common.idcard import id_check_digit

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

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华玉兰志强春梅海燕国庆红梅文博思远子涵宇轩欣怡"
ROADS = ["建设路", "人民路", "解放路", "中山路", "朝阳路", "滨江大道", "新华路", "长安街", "和平路", "青年路"]
ESTATES = ["锦绣花园", "阳光家园", "翠湖名苑", "金色华庭", "御景湾", "绿城雅苑", "幸福里", "世纪新城"]
TRADES = ["建筑", "装饰", "物流", "餐饮", "电子", "服装", "家政", "保安服务"]
SCHOOLS = ["实验小学", "第二中学", "育才小学", "外国语学校", "第一幼儿园"]
HOSPITALS = ["区人民医院", "区中医院", "社区卫生服务中心", "妇幼保健院"]


@dataclass(frozen=True)
class PetitionText:
    title: str
    request: str
    facts: str
    reasons: str
    content: str


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def company_name(rng: random.Random, place: str) -> str:
    brand = "".join(rng.choice("宏远鑫达恒泰华盛永安金诚") for _ in range(2))
    return f"{place[:2]}{brand}{rng.choice(TRADES)}有限公司"


def id_number(
    rng: random.Random, *, division_code: str = "440306", birth_year_range: tuple[int, int] = (1950, 2002)
) -> str:
    year = rng.randint(*birth_year_range)
    first17 = (
        f"{division_code}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    return first17 + id_check_digit(first17)


def phone_number(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"


def address(rng: random.Random, *, place: str, community: str) -> str:
    room = f"{rng.randint(1, 33)}{rng.randint(1, 6):02d}"
    return f"{place}{community}{rng.choice(ROADS)}{rng.randint(1, 300)}号{rng.randint(1, 20)}栋{room}"


def _slots(rng: random.Random, place: str, community: str) -> dict[str, object]:
    return {
        "place": place,
        "community": community,
        "company": company_name(rng, place),
        "road": rng.choice(ROADS),
        "estate": rng.choice(ESTATES),
        "school": rng.choice(SCHOOLS),
        "hospital": rng.choice(HOSPITALS),
        "amount": round(rng.uniform(0.8, 60), 1),
        "workers": rng.randint(3, 60),
        "months": rng.randint(2, 14),
        "building": rng.randint(1, 30),
        "years": rng.randint(1, 6),
        "households": rng.randint(20, 400),
        "days": rng.randint(10, 120),
        "price": rng.randint(1, 30) * 1000,
    }


# category -> scenarios of (title, facts, reasons, request); {slots} filled per petition.
SCENARIOS: dict[str, list[tuple[str, str, str, str]]] = {
    "labour": [
        (
            "{company}拖欠{workers}名工人工资",
            "我们{workers}人在{company}承建的{road}工地务工，被拖欠{months}个月工资共计{amount}万元",
            "多次找包工头和公司讨要均被推诿，年关将至生活困难",
            "请求责令{company}尽快足额支付拖欠的工资",
        ),
        (
            "{company}未签劳动合同且拒发加班费",
            "本人在{company}工作{years}年，公司一直未签订书面劳动合同，长期加班未支付加班费",
            "公司违反劳动合同法规定，侵害劳动者合法权益",
            "请求督促公司补签合同、支付加班费及双倍工资",
        ),
        (
            "被{company}无故辞退未获补偿",
            "{company}以经营调整为由将我们{workers}名员工辞退，未提前通知也未支付经济补偿",
            "解除劳动合同应依法支付经济补偿金",
            "请求依法支付经济补偿金{amount}万元",
        ),
    ],
    "property_mgmt": [
        (
            "{estate}物业服务差收费高",
            "{community}{estate}小区物业公司长期不履行职责，电梯经常故障，垃圾清运不及时，却上调物业费",
            "物业服务与收费严重不符，业主多次投诉无果",
            "请求主管部门督促物业整改，规范收费",
        ),
        (
            "{estate}维修基金使用不透明",
            "{estate}{building}栋外墙渗水，物业称已动用维修基金{amount}万元但未公示明细",
            "维修资金属于全体业主，使用应经业主表决并公示",
            "请求公开维修资金使用明细并依法处理",
        ),
        (
            "{estate}业委会选举受阻",
            "{estate}业主申请成立业主委员会已{months}个月，{community}居委会迟迟不组织首次业主大会",
            "业主有依法成立业委会的权利",
            "请求街道社区依法指导成立业主委员会",
        ),
    ],
    "urban_renewal": [
        (
            "{road}旧改项目补偿标准不公",
            "{place}{road}片区城市更新项目中，我家房屋面积测量有误，补偿明显偏低",
            "同片区邻居补偿标准不一致，评估过程不公开",
            "请求重新评估并公开补偿标准",
        ),
        (
            "城中村改造回迁安置迟迟未兑现",
            "{community}城中村改造已拆除{years}年，回迁房至今未动工，过渡费已停发{months}个月",
            "开发主体违反安置协议约定",
            "请求落实回迁安置并补发过渡费",
        ),
        (
            "征收公告程序存疑",
            "{road}一带房屋征收未听取被征收人意见即发布征收决定，{households}户居民意见很大",
            "征收应依法公开征求意见并进行社会稳定风险评估",
            "请求依法审查征收程序",
        ),
    ],
    "housing": [
        (
            "{estate}逾期交房{days}天",
            "我们购买{company}开发的{estate}商品房，合同约定交房已逾期{days}天，开发商拒绝支付违约金",
            "开发商违反商品房买卖合同约定",
            "请求督促开发商尽快交房并依约赔偿",
        ),
        (
            "{estate}新房质量问题严重",
            "{estate}{building}栋交房后出现墙体开裂、屋顶漏水，涉及{households}户，开发商推诿维修",
            "房屋存在质量缺陷，开发商应承担保修责任",
            "请求住建部门督促整改维修",
        ),
        (
            "{estate}交房多年无法办理不动产证",
            "{estate}已交房{years}年，因开发商欠缴土地出让金导致业主无法办证",
            "业主已付清全部房款，办证是合法权益",
            "请求协调尽快办理不动产权证",
        ),
    ],
    "environment": [
        (
            "{road}餐饮油烟扰民",
            "{community}{road}沿街{workers}家餐馆油烟直排，居民家中无法开窗",
            "油烟排放影响居民健康和正常生活",
            "请求责令安装油烟净化设施",
        ),
        (
            "{company}夜间施工噪音扰民",
            "{company}在{road}工地每天夜间施工至凌晨，噪音严重影响周边居民休息",
            "夜间施工须依法审批并控制噪声",
            "请求依法查处夜间违规施工",
        ),
        (
            "河道污水直排发黑发臭",
            "{place}{community}附近河道有企业偷排污水，河水发黑发臭已持续{months}个月",
            "偷排污水破坏生态环境",
            "请求查处排污企业并治理河道",
        ),
    ],
    "traffic": [
        (
            "{road}路口缺少红绿灯",
            "{road}与学校路口车流量大，没有信号灯，近{months}个月发生多起交通事故",
            "存在严重交通安全隐患",
            "请求增设信号灯和减速设施",
        ),
        (
            "{community}公交线路撤销出行难",
            "原途经{community}的公交线路被撤销，{households}户居民出行困难",
            "公交是基本公共服务",
            "请求恢复或调整公交线路",
        ),
        (
            "{estate}周边违规停车严重",
            "{estate}周边道路长期被车辆违停占用，消防通道堵塞",
            "影响通行和消防安全",
            "请求加强执法并规划停车位",
        ),
    ],
    "education": [
        (
            "孩子入学学位分配不合理",
            "我家户籍和房产均在{community}，孩子被分配到离家较远的学校，而非对口的{school}",
            "学位分配应按划片规定执行",
            "请求按划片政策安排入读{school}",
        ),
        (
            "{school}违规收取费用",
            "{school}以资料费、活动费名义每学期向学生收取{price}元",
            "义务教育阶段不得违规收费",
            "请求查处违规收费并退还费用",
        ),
        (
            "校外培训机构卷款跑路",
            "{company}开办的培训机构突然关门，{households}名家长预交学费共{amount}万元无法退还",
            "机构违规预收费用后失联",
            "请求追回学费",
        ),
    ],
    "health": [
        (
            "{hospital}诊疗过错引发纠纷",
            "家属在{hospital}手术后出现严重并发症，医院拒绝提供完整病历",
            "医院存在诊疗过错，应承担责任",
            "请求卫健部门调查处理并组织医疗纠纷调解",
        ),
        (
            "医保报销被拒",
            "本人在{hospital}住院花费{amount}万元，医保报销被以目录外为由拒绝",
            "所用药品应属报销范围",
            "请求重新审核医保报销",
        ),
    ],
    "social_security": [
        (
            "企业未缴社会保险",
            "{company}在我工作{years}年期间未缴纳养老和医疗保险",
            "用人单位依法应为职工缴纳社会保险",
            "请求责令补缴社会保险",
        ),
        (
            "养老金待遇核定有误",
            "本人退休后养老金核定时漏算了{years}年工龄，每月少领{price}元",
            "工龄认定有档案证明",
            "请求重新核定养老金待遇",
        ),
        (
            "低保申请被无理驳回",
            "我家{community}低收入家庭，申请最低生活保障被驳回且未说明理由",
            "家庭人均收入低于当地低保标准",
            "请求重新审核低保申请",
        ),
    ],
    "market": [
        (
            "{company}预付卡商家跑路",
            "{company}经营的健身房突然停业，{households}名会员预付卡余额共{amount}万元无法退还",
            "商家违约侵害消费者权益",
            "请求查处并协助退款",
        ),
        (
            "购买食品疑似过期变质",
            "在{road}某超市购买的食品发现已过保质期，商家拒绝赔偿",
            "销售过期食品违反食品安全法",
            "请求依法查处并赔偿",
        ),
    ],
    "urban_mgmt": [
        (
            "{estate}楼顶违章搭建",
            "{estate}{building}栋顶楼住户私自搭建阳光房，存在安全隐患",
            "违法建设侵占公共部位",
            "请求依法拆除违章建筑",
        ),
        (
            "{road}占道经营脏乱差",
            "{road}路边摊贩长期占道经营，垃圾遍地，影响通行",
            "占道经营影响市容和交通",
            "请求城管部门加强管理",
        ),
        (
            "{community}垃圾站异味扰民",
            "{community}垃圾中转站紧邻住宅，夏季异味严重",
            "垃圾站选址和管理不当",
            "请求整改或迁移垃圾站",
        ),
    ],
    "public_security": [
        (
            "邻里纠纷多次调解未果",
            "{estate}楼上住户长期制造噪音并恶语相向，双方多次发生冲突",
            "影响正常生活并存在安全隐患",
            "请求公安和社区介入调解处理",
        ),
        (
            "{road}夜间治安混乱",
            "{road}一带夜间经常有人聚集滋事，居民不敢出门",
            "治安状况影响群众安全感",
            "请求加强巡逻防控",
        ),
    ],
    "litigation": [
        (
            "对法院民事判决不服",
            "本人与{company}合同纠纷一案，区法院判决认定事实不清，二审维持原判",
            "判决未采纳关键证据，存在错误",
            "请求重新审理本案",
        ),
        (
            "胜诉判决执行难",
            "本人与他人借款纠纷胜诉已{years}年，法院执行至今未果，涉及金额{amount}万元",
            "生效判决应当得到执行",
            "请求法院加大执行力度",
        ),
    ],
    "accusation": [
        (
            "举报社区工作人员优亲厚友",
            "{community}某工作人员在低保评定中优亲厚友，将不符合条件的亲属纳入低保",
            "违反低保政策和廉洁纪律",
            "请求纪检监察机关调查处理",
        ),
        (
            "举报街道干部违规收受好处",
            "{place}城建科某干部在{road}违建查处中收受当事人好处后不予查处",
            "涉嫌以权谋私、失职渎职",
            "请求依规依纪依法查处",
        ),
    ],
    "suggestion": [
        (
            "关于在{community}增设社区食堂的建议",
            "{community}老年人口多，独居老人吃饭难",
            "社区食堂可解决老年人就餐问题",
            "建议利用闲置用房建设社区长者食堂",
        ),
        (
            "关于{road}增设非机动车道的建议",
            "{road}早晚高峰电动车与机动车混行，安全隐患大",
            "合理分流有利于交通安全",
            "建议施划非机动车道并设置隔离设施",
        ),
        (
            "关于老旧小区加装电梯的建议",
            "{estate}等老旧小区老人上下楼困难",
            "加装电梯是民生实事",
            "建议简化加装电梯审批并给予补贴",
        ),
    ],
}

_OPENINGS = ["尊敬的领导：", "信访部门领导您好：", "各位领导：", ""]
_CLOSINGS = ["恳请领导重视，尽快解决！", "望有关部门依法处理为盼。", "盼复！", "谢谢！"]


def petition_text(rng: random.Random, category: str, *, place: str, community: str) -> PetitionText:
    title, facts, reasons, request = rng.choice(SCENARIOS[category])
    slots = _slots(rng, place, community)
    title, facts, reasons, request = (part.format(**slots) for part in (title, facts, reasons, request))
    since = f"自{rng.randint(2019, 2026)}年{rng.randint(1, 12)}月以来，" if rng.random() < 0.5 else ""
    content = (
        f"{rng.choice(_OPENINGS)}我是{place}{community}居民。{since}{facts}。{reasons}。"
        f"此前已向相关单位反映{rng.randint(1, 6)}次，问题仍未解决。{request}。{rng.choice(_CLOSINGS)}"
    )
    return PetitionText(title=title[:40], request=request, facts=facts, reasons=reasons, content=content)
