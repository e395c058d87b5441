"""重点案件 (key cases): the maintained flag ``Petition.is_key_case`` and its one definition.

A petition is a key case when it is major or urgent (``major_urgent``, Art. 25), collective
(``people_count`` at or above ``practice.collective_threshold()``, Art. 20(3) 多人), or a repeat
petition (a 重信重访 ``REPEAT_OF`` link from it). The list filter "重点案件" reads the flag through
a partial index (``petition_key_recent``), so its cost follows the key cases, not the table
(issue 13; ADR 0014 §7, "a maintained flag").

The flag is written with the facts it follows, in the same transaction:

- ``petition_register`` sets it from the draft (``key_case_of``);
- ``apply_act`` re-derives it when an act changes a field it reads (``KEY_CASE_FIELDS``: the
  Art. 25 report sets ``major_urgent``);
- whoever creates a ``REPEAT_OF`` link calls ``key_case_mark_repeat`` (links are never removed);
- the demo generator computes it for each bulk row;
- a change of the threshold (a setting, read at start) is noticed by ``key_cases_follow_threshold``,
  which ``xinfang migrate`` runs, and every flag is re-derived at once.

``key_cases_recompute`` is the one set-based re-derivation (one UPDATE of the rows that disagree);
the migration, the threshold change and ``xinfang tally rebuild`` use it, and ``xinfang doctor``
(through ``common.counters``) lists the petitions whose flag disagrees with the definition.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Model, Q, QuerySet

from .constants import LinkKind
from .models import AppliedPractice, Petition, PetitionLink
from .practice import collective_threshold

# The petition columns the definition reads; an act that changes one re-derives the flag.
KEY_CASE_FIELDS = frozenset({"major_urgent", "people_count"})
THRESHOLD = "collective_threshold"  # the AppliedPractice row the flags were derived with


def key_case_of(*, major_urgent: bool, people_count: int, repeat: bool = False) -> bool:
    """The definition for one petition whose facts are at hand (registration, bulk rows)."""
    return bool(major_urgent or people_count >= collective_threshold() or repeat)


def key_case_definition(*, threshold: int | None = None, link_model: type[Model] = PetitionLink) -> Q:
    """The definition over the stored facts, as a condition on petitions (the old list filter)."""
    repeats = link_model._default_manager.filter(kind=LinkKind.REPEAT_OF).values("source_id")
    return (
        Q(major_urgent=True)
        | Q(people_count__gte=collective_threshold() if threshold is None else threshold)
        | Q(pk__in=repeats)
    )


def key_cases_disagreeing(
    petitions: QuerySet[Any], *, threshold: int | None = None, link_model: type[Model] = PetitionLink
) -> QuerySet[Any]:
    """The petitions of ``petitions`` whose flag says otherwise than the definition."""
    definition = key_case_definition(threshold=threshold, link_model=link_model)
    return petitions.filter((Q(is_key_case=True) & ~definition) | (Q(is_key_case=False) & definition))


def key_cases_recompute(
    *,
    pks: Iterable[int] | None = None,
    threshold: int | None = None,
    petition_model: type[Model] = Petition,
    link_model: type[Model] = PetitionLink,
) -> int:
    """Re-derive the flag from the definition: one UPDATE of the rows that disagree (all, or ``pks``).

    Returns how many rows changed. The model arguments let the migration pass its historical
    models; everyone else uses the defaults.
    """
    petitions = petition_model._default_manager.all()
    if pks is not None:
        petitions = petitions.filter(pk__in=list(pks))
    definition = key_case_definition(threshold=threshold, link_model=link_model)
    wrong = key_cases_disagreeing(petitions, threshold=threshold, link_model=link_model)
    return int(wrong.update(is_key_case=ExpressionWrapper(definition, output_field=BooleanField())))


def key_cases_rebuild(
    *,
    threshold: int | None = None,
    petition_model: type[Model] = Petition,
    link_model: type[Model] = PetitionLink,
    applied_model: type[Model] = AppliedPractice,
) -> int:
    """Re-derive every flag and record the threshold used, in one transaction; rows changed."""
    value = collective_threshold() if threshold is None else threshold
    with transaction.atomic():
        changed = key_cases_recompute(threshold=value, petition_model=petition_model, link_model=link_model)
        applied_model._default_manager.update_or_create(name=THRESHOLD, defaults={"value": str(value)})
    return changed


def key_cases_follow_threshold() -> int | None:
    """After the collective threshold changed: re-derive every flag (None if it had not changed).

    The row of the threshold in use is locked while the flags are re-derived, so two processes
    starting together do not both do the work. ``xinfang migrate`` (run before the web service
    starts, deploy.md) calls this; a change therefore takes effect with the restart it needs.
    """
    value = collective_threshold()
    with transaction.atomic():
        applied = AppliedPractice.objects.select_for_update().filter(name=THRESHOLD).first()
        if applied is not None and applied.value == str(value):
            return None
        return key_cases_rebuild(threshold=value)


def key_case_mark_repeat(petition: Petition) -> None:
    """A 重信重访 link from ``petition`` was created (same transaction): it is a key case."""
    if not petition.is_key_case:
        Petition.objects.filter(pk=petition.pk).update(is_key_case=True)
        petition.is_key_case = True


def key_case_problems(*, shown: int = 5) -> list[str]:
    """Petitions whose flag disagrees with the definition, as one Chinese line (none: empty)."""
    wrong = key_cases_disagreeing(Petition.objects.all())
    count = wrong.count()
    if not count:
        return []
    examples = "、".join(
        f"{number}（应为{'非' if flagged else ''}重点案件）"
        for number, flagged in wrong.order_by("pk").values_list("number", "is_key_case")[:shown]
    )
    more = "等" if count > shown else ""
    return [f"{count} 件信访事项的重点案件标记与定义不一致：{examples}{more}"]
