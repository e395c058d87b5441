"""The default 评查 checklist (100 points); bureaus edit items and scores in the admin."""

from django.db import migrations

ITEMS = [
    ("registration", "登记录入规范完整", 10),
    ("routing", "转送交办及时准确", 15),
    ("acceptance", "受理告知及时规范", 15),
    ("investigation", "调查核实充分", 15),
    ("opinion", "处理意见书事实清楚、依据正确", 20),
    ("procedure", "文书送达与程序规范", 10),
    ("archive", "材料归档完整", 5),
    ("resolution", "群众满意与矛盾化解", 10),
]


def add_items(apps, schema_editor):
    ReviewItem = apps.get_model("supervision", "ReviewItem")
    for sort, (code, name, max_score) in enumerate(ITEMS, start=1):
        ReviewItem.objects.get_or_create(code=code, defaults={"name": name, "max_score": max_score, "sort": sort})


def remove_items(apps, schema_editor):
    apps.get_model("supervision", "ReviewItem").objects.filter(code__in=[c for c, _, _ in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(add_items, remove_items)]
