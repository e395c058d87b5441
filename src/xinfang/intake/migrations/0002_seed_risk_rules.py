from django.db import migrations


def seed(apps, schema_editor):
    from xinfang.intake.seed import RISK_RULES, RISK_WORDS

    word = apps.get_model("intake", "RiskWord")
    rule = apps.get_model("intake", "RiskRule")
    for text, kind, weight in RISK_WORDS:
        word.objects.get_or_create(word=text, kind=kind, defaults={"weight": weight})
    for code, label, weight, threshold in RISK_RULES:
        rule.objects.get_or_create(code=code, defaults={"label": label, "weight": weight, "threshold": threshold})


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
