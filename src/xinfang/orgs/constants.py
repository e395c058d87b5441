"""Organisation vocabulary: unit kinds, administrative levels, data scopes, permissions."""

from django.db import models


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", "党委政府"
    PETITION_BUREAU = "petition_bureau", "信访部门"
    DEPARTMENT = "department", "职能部门"
    STREET = "street", "街道"
    COMMUNITY = "community", "社区"
    POLITICAL_LEGAL = "political_legal", "政法部门"
    DISCIPLINE = "discipline", "纪检监察机关"
    # Art. 30: receives the petition department's notice of petitions reflecting on cadres, by
    # cadre-management authority (按照干部管理权限).
    PERSONNEL = "personnel", "组织（人事）部门"


class AdminLevel(models.IntegerChoices):
    """Administrative level; a smaller number is a higher level (Art. 20(1) compares them)."""

    PROVINCE = 1, "省级"
    CITY = 2, "市级"
    DISTRICT = 3, "区县级"
    STREET = 4, "街道乡镇级"
    COMMUNITY = 5, "村社区级"


class DataScope(models.TextChoices):
    """RuoYi-style data scope; a user's scopes across roles are OR-ed."""

    ALL = "all", "全部数据"
    CUSTOM = "custom", "自定义单位"
    UNIT = "unit", "本单位"
    UNIT_AND_BELOW = "unit_and_below", "本单位及以下"
    SELF = "self", "仅本人"


class Perm(models.TextChoices):
    REGISTER = "register", "登记"
    DISPATCH = "dispatch", "转送交办"
    SIGN = "sign", "签收"
    ACCEPT = "accept", "受理"
    HANDLE = "handle", "办理"
    APPROVE = "approve", "审批（延期、退回）"
    REPLY = "reply", "答复"
    REVIEW = "review", "复查复核"
    SUPERVISE = "supervise", "督查督办"
    # 领导包案: the leaders a supervisor may put in personal charge of a matter (单位负责人, 局领导).
    LEAD = "lead", "领导包案"
    EVALUATE = "evaluate", "录入评价"
    VIEW_PII = "view_pii", "查看完整个人信息"
    # 三员分立 (GB/T 22239-2019 三级 “三权分立”): each account holds at most one of the next three,
    # and a superuser holds neither of the last two (xinfang.security.duties).
    ADMIN = "admin", "系统管理（账号、角色、配置）"
    SECURITY = "security", "安全管理（解锁账号、重置动态口令、吊销令牌）"
    AUDIT_LOG = "audit_log", "安全审计（查看、导出安全日志）"
