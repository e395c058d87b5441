"""The deadline table (D-table) of the 《信访工作条例》 as data.

D11 and D12 are bars to acceptance rather than clocks; they live in
``petitions.rules``. D13 ("及时") has no number, so it is an obligation with
no due date that is met by the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from .clock import CALENDAR, WORKING

DUTY = "duty"  # an organ must act by the due date; missing it is a breach (Art. 43-45)
WINDOW = "window"  # a party may act until the due date; afterwards the right lapses
REPORT = "report"  # an obligation without a number ("及时")


@dataclass(frozen=True)
class ClockRule:
    code: str
    name: str
    article: str
    days: int | None
    unit: str
    nature: str


D1 = ClockRule("D1", "登记并转送交办", "第二十二条第一款", 15, CALENDAR, DUTY)
D2 = ClockRule("D2", "直接来信来访书面告知", "第二十三条第二款", 15, CALENDAR, DUTY)
D3 = ClockRule("D3", "转交办事项受理告知", "第二十三条第三款", 15, CALENDAR, DUTY)
D4 = ClockRule("D4", "不属职权范围提出异议", "第二十三条第三款", 5, WORKING, WINDOW)
D5 = ClockRule("D5", "办理期限", "第三十四条", 60, CALENDAR, DUTY)
D6 = ClockRule("D6", "延长办理期限", "第三十四条", 30, CALENDAR, DUTY)
D7 = ClockRule("D7", "请求复查期限", "第三十五条", 30, CALENDAR, WINDOW)
D8 = ClockRule("D8", "复查期限", "第三十五条", 30, CALENDAR, DUTY)
D9 = ClockRule("D9", "请求复核期限", "第三十六条第一款", 30, CALENDAR, WINDOW)
D10 = ClockRule("D10", "复核期限（听证时间不计入）", "第三十六条第一款、第二款", 30, CALENDAR, DUTY)
D13 = ClockRule("D13", "重大紧急信息及时报告", "第二十五条", None, CALENDAR, REPORT)
# 交办 (Art. 22(1)(3)): the assigning department sets the number of days; a 办结报告 meets it.
DA = ClockRule("DA", "交办事项办理期限", "第二十二条第一款第三项", None, CALENDAR, DUTY)

ALL_RULES = (D1, D2, D3, D4, D5, D6, D7, D8, D9, D10, D13, DA)

# Art. 25: who must be told of a major or urgent matter. D13 is met once every required one is.
ART25_RECIPIENTS = {
    "party_government": "本级党委和政府",
    "joint_office": "本级信访工作联席会议办公室",
    "upper_petition_dept": "上一级信访部门",
    "national_bureau": "国家信访局",
    "competent_dept": "相关主管部门（通报）",
}
ART25_REQUIRED = ("party_government", "joint_office")
# "地方各级党委和政府信访部门……应当向上一级信访部门报告，同时报告国家信访局".
ART25_REQUIRED_PETITION_DEPT = (*ART25_REQUIRED, "upper_petition_dept", "national_bureau")


class ClockState:
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    OVERDUE = "overdue"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    # A petitioner's window whose document has been issued but not yet served (送达): it has no
    # due date until the 送达 is recorded (Art. 35, 36: "自收到书面答复之日起"; ADR 0014 §3).
    UNSERVED = "unserved"
    # The 60 days (D5) an approved extension replaced: the handling goes on under D6 (Art. 34).
    EXTENDED = "extended"

    LABELS = {
        RUNNING: "计时中",
        PAUSED: "暂停计时",
        MET: "按期完成",
        OVERDUE: "已超期",
        EXPIRED: "期限已过",
        CANCELLED: "不再适用",
        UNSERVED: "未送达",
        EXTENDED: "已延期",
    }
