"""Petition vocabulary, each value traced to the article that defines it."""

from django.db import models


class Channel(models.TextChoices):
    """Art. 17: 信息网络、书信、电话、传真、走访."""

    ONLINE = "online", "网上"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    PHONE = "phone", "电话"
    FAX = "fax", "传真"


class PetitionType(models.TextChoices):
    """Art. 29–31: the three categories, each with its own handling rules."""

    SUGGESTION = "suggestion", "建议意见类"
    ACCUSATION = "accusation", "检举控告类"
    APPEAL = "appeal", "申诉求决类"


class Escalation(models.TextChoices):
    """越级访 / 进京访: a practice term (not an article); counted in KPIs, weighed by the risk score."""

    NONE = "", "无"
    BYPASS = "bypass", "越级"
    BEIJING = "beijing", "进京"


class PetitionerKind(models.TextChoices):
    """Art. 17: 公民、法人或者其他组织."""

    PERSON = "person", "自然人"
    LEGAL_PERSON = "legal_person", "法人"
    ORGANISATION = "organisation", "其他组织"


class IdentityState(models.TextChoices):
    """How a petition's petitioner relates to the person record 信访人档案 (ADR 0014 §5)."""

    UNLINKED = "unlinked", "未关联"
    LINKED = "linked", "已关联"
    CONFLICT = "conflict", "身份待核实（证件号码相同、姓名不同）"
    DISTINCT = "distinct", "经核实非同一人"


class IdentityResolution(models.TextChoices):
    """What staff decide about an identity conflict (act ``resolve_identity``)."""

    SAME_PERSON = "same_person", "同一人更换联系方式"
    REGISTRATION_ERROR = "registration_error", "登记错误更正"
    DIFFERENT_PERSON = "different_person", "不是同一人"


class Route(models.IntegerChoices):
    """Art. 31: the six ways an appeal-and-demand matter is handled; only 6 stays in the petition chain."""

    LITIGATION = 1, "诉讼、复议、检察、公安法定程序（第三十一条第一项）"
    ARBITRATION = 2, "仲裁（第三十一条第二项）"
    PARTY_APPEAL = 3, "党员申诉、申请复审（第三十一条第三项）"
    ADMINISTRATIVE = 4, "行政复议、裁决、确认、许可、处罚等行政程序（第三十一条第四项）"
    DUTY = 5, "依法履行职责或答复（第三十一条第五项）"
    OPINION = 6, "听取陈述、调查核实、出具信访处理意见书（第三十一条第六项）"


class DivertTarget(models.TextChoices):
    POLITICAL_LEGAL = "political_legal", "转同级政法部门（第二十二条第二款、第二十八条第二款）"
    DISCIPLINE = "discipline", "转纪检监察机关（第二十二条第二款、第三十条）"
    STATUTORY_ROUTE = "statutory_route", "导入法定途径（第三十一条第一至四项）"


class ReturnReason(models.TextChoices):
    """Practice reasons for an Art. 23(3) objection."""

    TERRITORY = "territory", "不属本地（属地）"
    FUNCTION = "function", "不属本部门职能（职能）"
    AUTHORITY = "authority", "不属本级权属（权属）"


class DeclineGround(models.TextChoices):
    """The 三个不予受理 grounds (Art. 19(3), 20(1), 22(2) / 28(2) / 31(1))."""

    COURT_MATTER = "court_matter", "属于诉讼、检察等法定途径处理的事项"
    LEVEL_SKIPPING = "level_skipping", "越级走访"
    DUPLICATE_UPWARD = "duplicate_upward", "同一事项已受理或正在办理"
    OTHER = "other", "其他依法不予受理情形"


class RefuseGround(models.TextChoices):
    """The 两个不再受理 grounds (Art. 36(3); Art. 31(1) with 37)."""

    AFTER_RECHECK = "after_recheck", "已复核，仍以同一事实和理由提出"
    LITIGATION_CONCLUDED = "litigation_concluded", "涉法涉诉信访事项已依法终结"


class ReplyOutcome(models.TextChoices):
    """Art. 32: the three outcomes of a 信访处理意见书."""

    SUPPORT = "support", "予以支持"
    EXPLAIN = "explain", "解释说明"
    NOT_SUPPORT = "not_support", "不予支持"


class SuggestionOutcome(models.TextChoices):
    """Art. 29."""

    ADOPTED = "adopted", "采纳"
    PARTLY_ADOPTED = "partly_adopted", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class ReviewOutcome(models.TextChoices):
    UPHOLD = "uphold", "维持原处理意见"
    CHANGE = "change", "变更原处理意见"
    REVOKE = "revoke", "撤销原处理意见，责令重新办理"


class ClosedReason(models.TextChoices):
    ANSWERED = "answered", "答复后办结"
    REVIEWED = "reviewed", "复查后办结"
    RECHECKED = "rechecked", "复核终结"
    MEDIATED = "mediated", "调解和解结案"
    SUGGESTION = "suggestion", "建议意见办结"
    DUTY = "duty", "依法履行职责或答复办结"


class DutyManner(models.TextChoices):
    """Art. 31(5): the receiving organ 依法履行 (performs its duty) or 答复 (answers in writing)."""

    PERFORMED = "performed", "依法履行职责"
    ANSWERED = "answered", "依法答复"


class ServiceManner(models.TextChoices):
    """送达方式 of a document addressed to the petitioner (ADR 0014 §3; practice, cf. 民事诉讼法 第七章)."""

    DIRECT = "direct", "直接送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"


class LinkKind(models.TextChoices):
    DUPLICATE_OF = "duplicate_of", "重复件"
    REPEAT_OF = "repeat_of", "重信重访"
    RELATED = "related", "关联件"


COLLECTIVE_THRESHOLD = 5  # 集体访: five or more people (practice definition used with Art. 20(3))
MAX_REPRESENTATIVES = 5  # Art. 20(3): 代表人数不得超过5人
MAX_EXTENSION_DAYS = 30  # Art. 34
