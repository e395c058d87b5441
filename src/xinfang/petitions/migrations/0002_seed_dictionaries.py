"""Load the default categories and evaluation options (editable by admins afterwards)."""

from django.db import migrations

from xinfang.petitions.seed import CATEGORIES, EVALUATION_OPTIONS


def load(apps, schema_editor):
    category = apps.get_model("petitions", "Category")
    option = apps.get_model("petitions", "EvaluationOption")
    for sort, (code, name, default_type, litigation) in enumerate(CATEGORIES):
        category.objects.update_or_create(code=code, defaults={
            "name": name, "default_type": default_type, "litigation_related": litigation, "sort": sort})
    for code, label, satisfied, sort in EVALUATION_OPTIONS:
        option.objects.update_or_create(code=code, defaults={
            "label": label, "counts_as_satisfied": satisfied, "sort": sort})


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
