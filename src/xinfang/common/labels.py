"""Chinese names of fields for messages: no raw field name reaches a user (#11.7)."""

from __future__ import annotations

import re
from functools import cache

from django.apps import apps

# The empty first option of every choice a user must make: no legal choice is preselected.
EMPTY_CHOICE = ("", "请选择")

# Names used by forms and payloads that are not model fields, or whose model label reads oddly alone.
EXTRA_LABELS = {
    "non_field": "",
    "path": "网址",
    "title": "标题",
    "body": "请求内容",
    "username": "用户名",
    "file": "文件",
    "files": "文件",
    "attachment": "附件",
    "attachments": "附件",
    "due_on": "期限",
    "due_days": "办理期限（日）",
    "served_on": "送达日期",
    "received_on": "收到日期",
    "date_from": "起始日期",
    "date_to": "截止日期",
    "page": "页码",
    "month": "月份",
    "start": "起始月份",
    "end": "截止月份",
    "year": "年份",
    "per_page": "每页条数",
    "ordering": "排序",
    "q": "检索词",
    "api_key": "接入密钥",
    "jurisdiction_id": "辖区标识",
    "service_code": "服务代码",
    "service_request_id": "服务请求编号",
    "lat": "纬度",
    "long": "经度",
    "email": "电子邮箱",
    "first_name": "名",
    "last_name": "姓",
    "address_string": "地址",
    "media_url": "图片链接",
    "description": "问题描述",
    "query_code": "查询码",
    "id_number": "身份证号",
    "phone": "电话",
    "password": "密码",
    "token": "动态口令",
    "otp_token": "动态口令",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _model_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("xinfang"):
            continue
        for field in model._meta.get_fields():
            verbose = str(getattr(field, "verbose_name", ""))
            if _CJK.search(verbose):
                labels.setdefault(field.name, verbose)
    return labels


def field_label(name: str) -> str:
    """The Chinese name of a field key ("petitioner.id_number", "items[2].due_on" …); never the key.

    A key that nothing names reads as "该项" rather than showing the identifier.
    """
    last = re.sub(r"\[\d+\]", "", name).rsplit(".", 1)[-1]
    if last in EXTRA_LABELS:
        return EXTRA_LABELS[last]
    if _CJK.search(last):
        return last
    return _model_labels().get(last, "该项")
