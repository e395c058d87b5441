"""Writes of smart intake: training routing models, recording feedback, indexing, assessing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from sklearn.model_selection import train_test_split

from xinfang.common.exceptions import NotFound
from xinfang.orgs.models import User
from xinfang.petitions.constants import LinkKind
from xinfang.petitions.lifecycle import TERMINAL, Act
from xinfang.petitions.models import Category, Petition, PetitionEvent, PetitionLink
from xinfang.petitions.selectors import petitions_visible_to

from .classifier import Doc, TextClassifier, doc_of
from .duplicates import signature_index
from .evaluation import scores, timed_predict
from .models import DomainTerm, RiskAlert, RiskAssessment, RoutingFeedback, RoutingModel, TextSignature
from .risk import risk_assess
from .text import dictionary_load

Target = RoutingModel.Target
MIN_PER_CLASS = 3


@dataclass
class TrainingSet:
    docs: list[Doc]
    labels: dict[str, list[str]]


def training_set(*, limit: int = 20000) -> TrainingSet:
    """Closed petitions and any petition whose routing a registrar confirmed or corrected."""
    corrected = RoutingFeedback.objects.values("petition_id")
    rows = (
        Petition.objects.filter(Q(status__in=TERMINAL) | Q(pk__in=corrected))
        .select_related("category", "location_unit")
        .order_by("-received_at")[:limit]
    )
    petitions = list(rows)
    units = dict(
        PetitionEvent.objects.filter(petition__in=[p.pk for p in petitions], kind=Act.DISPATCH)
        .order_by("petition_id", "seq")
        .values_list("petition_id", "payload__to_unit")
    )
    docs = [doc_of(p.title, p.content, p.location_unit.name) for p in petitions]
    labels: dict[str, list[str]] = {
        Target.CATEGORY: [p.category.code for p in petitions],
        Target.UNIT: [str(units.get(p.pk, "")) for p in petitions],
        Target.TYPE: [p.type for p in petitions],
        Target.LITIGATION: [str(p.litigation_related) for p in petitions],
    }
    return TrainingSet(docs, labels)


def category_terms() -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {c.code: [c.name] for c in Category.objects.all()}
    for word, code in DomainTerm.objects.exclude(category_code="").values_list("word", "category_code"):
        terms.setdefault(code, []).append(word)
    return terms


def routing_models_train(*, progress: Callable[[str], None] | None = None) -> list[RoutingModel]:
    """Train one model per target that has at least two labels with enough examples."""
    dictionary_load(list(DomainTerm.objects.values_list("word", flat=True)))
    data = training_set()
    trained = []
    for target, all_labels in data.labels.items():
        keep = [i for i, label in enumerate(all_labels) if label]
        counts: dict[str, int] = {}
        for i in keep:
            counts[all_labels[i]] = counts.get(all_labels[i], 0) + 1
        keep = [i for i in keep if counts[all_labels[i]] >= MIN_PER_CLASS]
        labels = [all_labels[i] for i in keep]
        if len(set(labels)) < 2:
            continue
        docs = [data.docs[i] for i in keep]
        terms = category_terms() if target == Target.CATEGORY else None
        train, test = train_test_split(range(len(docs)), test_size=0.2, random_state=0, stratify=labels)
        probe = TextClassifier.train([docs[i] for i in train], [labels[i] for i in train], label_terms=terms)
        predicted, seconds = timed_predict(probe.predict, [docs[i] for i in test])
        metrics = scores([labels[i] for i in test], predicted, seconds)
        model = TextClassifier.train(docs, labels, label_terms=terms)
        trained.append(_store(target, model, len(docs), metrics))
        if progress:
            progress(f"{target}: {len(docs)} 件, macro-F1 {metrics['macro_f1']}")
    return trained


@transaction.atomic
def _store(target: str, model: TextClassifier, size: int, metrics: dict[str, object]) -> RoutingModel:
    version = (RoutingModel.objects.filter(target=target).aggregate(v=Max("version"))["v"] or 0) + 1
    return RoutingModel.objects.create(
        target=target,
        version=version,
        trained_at=timezone.now(),
        data_size=size,
        metrics=metrics,
        blob=model.dumps(),
    )


def routing_feedback_record(*, petition: Petition, suggested: dict[str, str], chosen: dict[str, str]) -> int:
    """Store, per target, the top suggestion shown and the value the registrar saved."""
    rows = [
        RoutingFeedback(
            petition=petition,
            target=target,
            suggested=suggested.get(target, ""),
            chosen=value,
            accepted=suggested.get(target, "") == value,
        )
        for target, value in chosen.items()
        if suggested.get(target)
    ]
    RoutingFeedback.objects.bulk_create(rows)
    return len(rows)


def intake_backfill(*, batch: int = 500, progress: Callable[[int], None] | None = None) -> int:
    """Index and assess petitions that have no signature or risk yet (after a bulk import)."""
    done = 0
    missing = Petition.objects.exclude(pk__in=TextSignature.objects.values("petition_id")).order_by("pk")
    for petition in missing.iterator(chunk_size=batch):
        signature_index(petition=petition)
        done += 1
        if progress and done % batch == 0:
            progress(done)
    unassessed = Petition.objects.exclude(pk__in=RiskAssessment.objects.values("petition_id")).order_by("pk")
    for petition in unassessed.iterator(chunk_size=batch):
        risk_assess(petition=petition)
    return done


@transaction.atomic
def risk_alert_acknowledge(*, alert_id: int, user: User) -> RiskAlert:
    """The duty leader confirms having seen a high-risk alert; only alerts on visible petitions."""
    alert = (
        RiskAlert.objects.select_for_update()
        .filter(pk=alert_id, acknowledged_at__isnull=True, petition__in=petitions_visible_to(user))
        .select_related("petition")
        .first()
    )
    if alert is None:
        raise NotFound("该风险预警不存在、无权查看或已被确认")
    alert.acknowledged_at, alert.acknowledged_by = timezone.now(), user
    alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return alert


def intake_setup(*, progress: Callable[[str], None] | None = None) -> list[RoutingModel]:
    """Demo and first install: index and assess every petition, then train models if none exist.

    Returns the models trained now (none when models already exist).
    """
    done = intake_backfill()
    if progress:
        progress(f"查重索引与风险评估：新增 {done} 件")
    if RoutingModel.objects.exists():
        return []
    return routing_models_train(progress=progress)


@transaction.atomic
def petition_links_confirm(*, petition: Petition, actor: User, picks: list[str]) -> list[PetitionLink]:
    """Links the registrar ticked in the analysis panel: ``"<id>:<kind>:<similarity>"`` each.

    A same-petitioner candidate becomes 重信重访 (REPEAT_OF), a similar text 重复件
    (DUPLICATE_OF). Only petitions the actor may see can be linked; the link records a
    finding, the decision (不予受理 / 不再受理, Art. 19(3), 36(3)) stays a separate act.
    """
    wanted: dict[int, tuple[str, float | None]] = {}
    for pick in picks:
        pk, _, rest = pick.partition(":")
        kind, _, similarity = rest.partition(":")
        if pk.isdigit() and int(pk) != petition.pk:
            link = LinkKind.REPEAT_OF if kind == "same_petitioner" else LinkKind.DUPLICATE_OF
            wanted[int(pk)] = (link, _float(similarity))
    targets = petitions_visible_to(actor).filter(pk__in=list(wanted))
    return [
        PetitionLink.objects.get_or_create(
            source=petition,
            target=target,
            kind=wanted[target.pk][0],
            defaults={"similarity": wanted[target.pk][1], "created_by": actor, "note": "登记时智能分析"},
        )[0]
        for target in targets
    ]


def _float(text: str) -> float | None:
    try:
        return round(float(text), 2)
    except ValueError:
        return None
