"""Default risk words and rules (admins edit them afterwards)."""

RISK_WORDS: list[tuple[str, str, int]] = [
    *[(w, "threat", 40) for w in ("扬言", "同归于尽", "报复社会", "炸掉", "放火", "砍死", "拼命")],
    *[(w, "self_harm", 45) for w in ("跳楼", "自杀", "喝农药", "自焚", "不想活", "轻生")],
    *[(w, "extreme", 25) for w in ("拉横幅", "堵路", "围堵", "静坐", "集体上访", "聚集")],
    *[(w, "escalation", 20) for w in ("进京", "去北京", "上北京", "到省里", "越级", "中央巡视")],
    *[(w, "vulnerable", 10) for w in ("农民工", "残疾", "老人", "孤寡", "低保户", "未成年", "孕妇", "重病")],
]

RISK_RULES: list[tuple[str, str, int, int]] = [
    ("collective", "集体访（5人以上，第二十条第三款）", 25, 5),
    ("escalation_bypass", "越级访", 20, 0),
    ("escalation_beijing", "进京访", 35, 0),
    ("repeat", "重复信访", 15, 2),
    ("overdue", "法定期限超期", 15, 0),
    ("major_urgent", "重大紧急（第二十五条）", 30, 0),
    ("level_medium", "中风险分数线", 0, 30),
    ("level_high", "高风险分数线", 0, 60),
]
