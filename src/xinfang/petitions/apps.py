from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "xinfang.petitions"
    verbose_name = "信访事项"
    label = "petitions"

    def ready(self) -> None:
        from xinfang.common.counters import counters_register

        from .tally import tally_problems, tally_rebuild

        counters_register(
            name="信访事项状态与期限计数",
            check=lambda: [str(p) for p in tally_problems()],
            rebuild=tally_rebuild,
        )
