"""Default dictionaries loaded by a data migration; admins edit them afterwards.

Kept as plain data so the migration does not import models.
"""

# (code, name, default type, litigation-related)
CATEGORIES = [
    ("labour", "劳资纠纷", "appeal", False),
    ("property_mgmt", "物业管理", "appeal", False),
    ("urban_renewal", "城市更新与征收", "appeal", False),
    ("housing", "房屋买卖与建设", "appeal", False),
    ("environment", "生态环境", "appeal", False),
    ("traffic", "交通运输", "appeal", False),
    ("education", "教育", "appeal", False),
    ("health", "卫生健康", "appeal", False),
    ("social_security", "社会保障", "appeal", False),
    ("market", "市场监管与消费维权", "appeal", False),
    ("urban_mgmt", "城市管理", "appeal", False),
    ("public_security", "治安与邻里纠纷", "appeal", False),
    ("litigation", "涉法涉诉", "appeal", True),
    ("accusation", "检举控告", "accusation", False),
    ("suggestion", "建议意见", "suggestion", False),
]

# The options are not fixed by law (regulation.md §2.14 [NC]); whether 基本满意 counts is configurable.
EVALUATION_OPTIONS = [
    ("satisfied", "满意", True, 1),
    ("basically_satisfied", "基本满意", True, 2),
    ("dissatisfied", "不满意", False, 3),
]
