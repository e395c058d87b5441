"""#11.7: every admin page reads in Chinese — no raw field name, enum code or English label.

Walks the admin index, every app index, and for every registered model its changelist, its add
form and the change form of one object, as a superuser past the second factor, on a generated
demo bureau (so that lists, filters and change forms have content). Labels are read from the
places that carry labels (titles, headings, column headers, field labels, filters, help texts,
buttons, sidebar and breadcrumbs); data cells are checked for raw codes only.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from lxml import html

from tests.factories import login_verified
from tests.walk_texts import english_words, known_codes, raw_field_names

pytestmark = pytest.mark.django_db

# Element paths whose text is a label, never data.
LABEL_XPATHS = (
    "//title",
    "//h1",
    "//h2",
    "//h3",
    "//thead//th",
    "//label",
    "//legend",
    "//caption",
    "//*[contains(concat(' ', @class, ' '), ' help ')]",
    "//*[contains(concat(' ', @class, ' '), ' breadcrumbs ')]",
    "//*[@id='nav-sidebar']//caption",
    "//*[@id='nav-sidebar']//th",
    "//*[contains(concat(' ', @class, ' '), ' object-tools ')]",
    "//*[contains(concat(' ', @class, ' '), ' errornote ')]",
    "//*[contains(concat(' ', @class, ' '), ' errorlist ')]",
    "//button",
)


def _text(el: html.HtmlElement) -> str:
    return " ".join(el.itertext()).strip()


def _label_problems(url: str, doc: html.HtmlElement, data: str) -> list[str]:
    problems: list[str] = []
    fields = raw_field_names()
    for xp in LABEL_XPATHS:
        for el in doc.xpath(xp):
            text = _text(el).replace(data, " ") if data else _text(el)
            for word in english_words(text):
                problems.append(f"{url}: English label {word!r} in {text[:60]!r}")
            for name in fields & set(re.findall(r"[a-z][a-z0-9_]+", re.sub(r"\{\{.*?\}\}", " ", text))):
                problems.append(f"{url}: raw field name {name!r} in {text[:60]!r}")
    for el in doc.xpath("//input[@type='submit']|//input[@type='button']"):
        problems.extend(f"{url}: English button {w!r}" for w in english_words(el.get("value", "")))
    return problems


def _value_problems(url: str, doc: html.HtmlElement) -> list[str]:
    """A cell, a filter choice or a select option that shows a stored code."""
    problems: list[str] = []
    codes = known_codes()
    for el in doc.xpath("//tbody//td|//tbody//th|//*[@id='changelist-filter']//li|//div[@class='readonly']"):
        if re.search(r"\bfield-(\w+_)?(code|key)\b", el.get("class", "")):
            continue  # a code column (分类代码, 规则代码) shows identifiers by design
        if _text(el) in codes:
            problems.append(f"{url}: raw code {_text(el)!r}")
    for el in doc.xpath("//option"):
        text = _text(el)
        if text and text == el.get("value", "") and text in codes:
            problems.append(f"{url}: raw code option {text!r}")
    return problems


def page_problems(url: str, body: str, data: str = "") -> list[str]:
    """Everything on one admin page that is not Chinese where a user reads a label or a value.

    ``data`` is the shown object's own text (a user name, a petition title), which titles and
    breadcrumbs repeat; it is data, not a label.
    """
    doc = html.fromstring(body)
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    return _label_problems(url, doc, data) + _value_problems(url, doc)


# Plain values by field type, for tables the demo leaves empty (first match wins: URLField is a CharField).
_PLAIN: tuple[tuple[type[models.Field], object], ...] = (
    (models.URLField, lambda: "https://example.org/hook"),
    (models.GenericIPAddressField, lambda: "127.0.0.1"),
    (models.UUIDField, uuid.uuid4),
    (models.DateTimeField, timezone.now),
    (models.DateField, timezone.localdate),
    (models.JSONField, dict),
    (models.IntegerField, lambda: 1),
    (models.FloatField, lambda: 1.0),
    (models.CharField, lambda: "测试"),
    (models.TextField, lambda: "测试"),
)


def _plain_value(field: models.Field) -> object:
    if field.is_relation:
        return field.related_model._default_manager.order_by("pk").first()
    if field.choices:
        return field.choices[0][0]
    return next((make() for kind, make in _PLAIN if isinstance(field, kind)), None)  # type: ignore[operator]


def _fill(model: type[models.Model]) -> None:
    """One plain row for a table the demo leaves empty, so that its change form is walked too."""
    required = [
        f
        for f in model._meta.concrete_fields
        if not (f.auto_created or f.has_default() or f.null or isinstance(f, models.BooleanField))
        and not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
    ]
    values = {f.name: _plain_value(f) for f in required}
    if any(v is None for v in values.values()):
        return
    try:
        with transaction.atomic():
            model._default_manager.create(**values)
    except Exception:  # noqa: S110 — a table that needs more than plain values stays empty
        pass


@pytest.fixture
def bureau(db) -> None:  # type: ignore[no-untyped-def]
    from xinfang.demo.generator import demo_generate
    from xinfang.demo.org import demo_org_setup

    demo_org_setup()
    demo_generate(count=40, seed=11)
    for model in admin.site._registry:
        if not model._default_manager.exists():
            _fill(model)


def test_every_admin_page_reads_in_chinese(bureau, client, admin_user) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, admin_user)
    problems: list[str] = []
    visited = 0

    def visit(url: str, data: str = "") -> None:
        nonlocal visited
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        visited += 1
        problems.extend(page_problems(url, response.content.decode(), data))

    visit(reverse("admin:index"))
    app_labels = {model._meta.app_label for model in admin.site._registry}
    for label in sorted(app_labels):
        visit(reverse("admin:app_list", args=[label]))
    without_rows = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        visit(reverse("admin:{}_{}_changelist".format(*info)))
        request = client.get(reverse("admin:index")).wsgi_request
        if model_admin.has_add_permission(request):
            visit(reverse("admin:{}_{}_add".format(*info)))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is None:
            without_rows.append(model._meta.label)
            continue
        visit(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]), str(obj))
    assert not problems, "\n".join(dict.fromkeys(problems))
    assert visited > 3 * len(admin.site._registry) // 2
    # The demo bureau fills most tables; a change form is walked for each of them.
    assert len(without_rows) < len(admin.site._registry) // 2, "\n".join(without_rows)


def test_every_model_and_field_has_a_chinese_label() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    missing = []
    for config in apps.get_app_configs():
        if not config.name.startswith("xinfang"):
            continue
        if not cjk.search(str(config.verbose_name)):
            missing.append(f"app {config.label}")
        for model in config.get_models():
            meta = model._meta
            if not (cjk.search(str(meta.verbose_name)) and cjk.search(str(meta.verbose_name_plural))):
                missing.append(meta.label)
            for field in meta.get_fields():
                if field.auto_created and not field.concrete:
                    continue
                if field.name == "id" and getattr(field, "primary_key", False):
                    continue
                if not cjk.search(str(field.verbose_name)):
                    missing.append(f"{meta.label}.{field.name}")
                for value, label in getattr(field, "flatchoices", None) or []:
                    if not cjk.search(str(label)):
                        missing.append(f"{meta.label}.{field.name} choice {value!r}")
    assert not missing, missing


def test_the_walker_sees_english_and_codes() -> None:
    """The checker itself: an English header, a raw field name and a stored code are caught."""
    page = (
        "<html><head><title>信访事项</title></head><body>"
        "<table><thead><tr><th>Due on</th><th>due_on</th></tr></thead>"
        "<tbody><tr><td>handling</td></tr></tbody></table></body></html>"
    )
    problems = page_problems("/x/", page)
    assert any("English label 'Due'" in p for p in problems)
    assert any("raw field name 'due_on'" in p for p in problems)
    assert any("raw code 'handling'" in p for p in problems)


def test_the_project_catalogue_translates_what_django_leaves_in_english() -> None:
    from django.utils import translation

    with translation.override("zh-hans"):
        assert translation.gettext("Model name") == "模型名称"
        assert translation.gettext("Task Results") == "任务结果"
        assert translation.pgettext("Task", "Failed") == "失败"
        assert (
            "至少需要 10 个字符"
            in translation.ngettext(
                "This password is too short. It must contain at least %d character.",
                "This password is too short. It must contain at least %d characters.",
                10,
            )
            % 10
        )
