from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PetitionsConfig(AppConfig):
    name = "xinfang.petitions"
    verbose_name = "信访事项"
    label = "petitions"

    def ready(self) -> None:
        from xinfang.common.counters import counters_register

        from .keycase import key_case_problems, key_cases_rebuild
        from .tally import tally_problems, tally_rebuild

        counters_register(
            name="信访事项状态与期限计数",
            check=lambda: [str(p) for p in tally_problems()],
            rebuild=tally_rebuild,
        )
        # The maintained key-case flag is checked (xinfang doctor, tally check) and re-derived
        # (tally rebuild) with the counters.
        counters_register(name="重点案件标记", check=key_case_problems, rebuild=key_cases_rebuild)
        post_migrate.connect(_follow_practice, sender=self, dispatch_uid="petitions_follow_practice")


def _follow_practice(sender: AppConfig, apps: Any = None, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate`` (run before the web service starts): data derived from a practice setting
    follows a changed value (the key-case flag and ``collective_threshold``)."""
    from django.db import router

    if apps is None or using != "default" or not router.allow_migrate(using, "petitions"):
        return
    try:
        petition = apps.get_model("petitions", "Petition")
        apps.get_model("petitions", "AppliedPractice")
    except LookupError:  # migrated back to before the flag
        return
    if not any(field.name == "is_key_case" for field in petition._meta.get_fields()):
        return
    from .keycase import key_cases_follow_threshold

    key_cases_follow_threshold()
